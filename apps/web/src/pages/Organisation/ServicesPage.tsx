import { Button, Center, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api-client/client.ts';
import { orgKeys, structuresApi, type Service } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { orgApps, services as labels } from '../../labels-organisation.ts';
import { structuresTrail } from './ManageStructurePage.tsx';
import { ServiceForm } from './ServiceForm.tsx';
import { may, StructureChoice, type ChosenStructure } from './StructureChoice.tsx';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';

function ServicesPanel({ chosen }: { chosen: ChosenStructure }) {
  const client = useQueryClient();
  const list = useQuery({ queryKey: orgKeys.services(chosen.id), queryFn: () => structuresApi.services(chosen.id) });
  const [editing, setEditing] = useState<Service | null>(null);
  const [notice, setNotice] = useState<{ message: string; ok: boolean } | null>(null);
  const toggle = useMutation({
    mutationFn: (s: Service) => structuresApi.setServiceActive(s.id, !s.active),
    onSuccess: async (s) => {
      await client.invalidateQueries({ queryKey: orgKeys.services(chosen.id) });
      setNotice({ message: s.active ? labels.activated(s.code) : labels.deactivated(s.code), ok: true });
    },
    onError: (error) => setNotice({ message: errorMessage(error), ok: false }),
  });
  const canModify = may(chosen, 'ORGANISATION', 'modification');
  const done = (message: string) => {
    setEditing(null);
    setNotice(message ? { message, ok: true } : null);
  };

  if (list.isPending)
    return (
      <Center>
        <Loader aria-label={common.loading} />
      </Center>
    );
  if (list.isError) return <FormAlert message={errorMessage(list.error)} />;
  const items = list.data.items;

  return (
    <Stack gap="lg">
      <Paper withBorder p="lg">
        <Title order={2} size="h3" mb="md">
          {labels.listTitle}
        </Title>
        <FormAlert message={notice?.message ?? null} color={notice?.ok ? 'green' : 'red'} />
        {items.length === 0 ? (
          <Text>{labels.none}</Text>
        ) : (
          <ResponsiveTable minWidth={640}>
            <Table striped aria-label={labels.caption(chosen.companyName || chosen.identifier)}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{labels.columns.code}</Table.Th>
                  <Table.Th scope="col">{labels.columns.name}</Table.Th>
                  <Table.Th scope="col">{labels.columns.commitment}</Table.Th>
                  <Table.Th scope="col">{labels.columns.state}</Table.Th>
                  {canModify && <Table.Th scope="col">{labels.columns.actions}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>{s.code}</Table.Td>
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td>{s.commitmentRequired ? common.yes : common.no}</Table.Td>
                    <Table.Td>{s.active ? labels.active : labels.inactive}</Table.Td>
                    {canModify && (
                      <Table.Td>
                        <Group gap="xs">
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={labels.editLabel(s.code)}
                            onClick={() => setEditing(s)}
                          >
                            {labels.edit}
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={labels.toggleLabel(s.active ? labels.deactivate : labels.activate, s.code)}
                            loading={toggle.isPending && toggle.variables?.id === s.id}
                            onClick={() => toggle.mutate(s)}
                          >
                            {s.active ? labels.deactivate : labels.activate}
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ResponsiveTable>
        )}
      </Paper>
      {canModify && (
        <Paper withBorder p="lg">
          <ServiceForm
            key={editing?.id ?? 'new'}
            structureId={chosen.id}
            service={editing ?? undefined}
            onDone={done}
          />
        </Paper>
      )}
    </Stack>
  );
}

/** « Gérer un service »: consulter, créer, modifier, activer, désactiver. */
export function ServicesPage() {
  return (
    <Page title={orgApps.manageService.title} trail={structuresTrail}>
      <StructureChoice>{(chosen) => <ServicesPanel key={chosen.id} chosen={chosen} />}</StructureChoice>
    </Page>
  );
}
