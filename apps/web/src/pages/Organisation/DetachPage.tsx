import { Button, Center, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys, structuresApi, type Member } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { detach as labels, members, orgApps, roleLabels } from '../../labels-organisation.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { memberName } from './MemberSelect.tsx';
import { StructureChoice, type ChosenStructure } from './StructureChoice.tsx';
import { usersTrail } from './usersTrail.ts';
import { ListTable } from '../../components/ListTable.tsx';

function DetachPanel({ chosen }: { chosen: ChosenStructure }) {
  const client = useQueryClient();
  const filter = { status: 'VALIDEE', q: '' };
  const list = useQuery({
    queryKey: orgKeys.members(chosen.id, filter),
    queryFn: () => structuresApi.members(chosen.id, filter),
  });
  const [target, setTarget] = useState<Member | null>(null);
  const [notice, setNotice] = useState<{ message: string; ok: boolean } | null>(null);
  const run = useMutation({
    mutationFn: (m: Member) => membershipsApi.detach(m.membershipId),
    onSuccess: async (_, m) => {
      setNotice({ message: labels.done(memberName(m)), ok: true });
      await client.invalidateQueries({ queryKey: orgKeys.all });
    },
    onError: (error) => setNotice({ message: errorMessage(error), ok: false }),
    onSettled: () => setTarget(null),
  });
  if (list.isPending)
    return (
      <Center>
        <Loader aria-label={common.loading} />
      </Center>
    );
  if (list.isError) return <FormAlert message={errorMessage(list.error)} />;
  const name = chosen.companyName || chosen.identifier;
  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Text>{labels.intro}</Text>
        <FormAlert message={notice?.message ?? null} color={notice?.ok ? 'green' : 'red'} />
        {list.data.items.length === 0 ? (
          <Text>{members.noMember}</Text>
        ) : (
          <ListTable
            minWidth={640}
            caption={members.caption(name)}
            columns={[
              members.columns.name,
              members.columns.email,
              members.columns.role,
              members.columns.service,
              members.columns.actions,
            ]}
          >
            {list.data.items.map((m) => (
              <Table.Tr key={m.membershipId}>
                <Table.Td>{memberName(m)}</Table.Td>
                <Table.Td>{m.email}</Table.Td>
                <Table.Td>{roleLabels[m.role]}</Table.Td>
                <Table.Td>{m.serviceCode ?? members.wholeStructure}</Table.Td>
                <Table.Td>
                  {chosen.isManager && (
                    <Button
                      size="xs"
                      color="red"
                      variant="light"
                      aria-label={labels.detachLabel(memberName(m))}
                      onClick={() => {
                        setNotice(null);
                        setTarget(m);
                      }}
                    >
                      {labels.detach}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </Stack>
      <ConfirmDialog
        opened={target !== null}
        title={labels.confirmTitle}
        text={target ? labels.confirmText(memberName(target), name) : ''}
        confirm={labels.confirm}
        danger
        pending={run.isPending}
        onConfirm={() => target && run.mutate(target)}
        onClose={() => setTarget(null)}
      />
    </Paper>
  );
}

/** « Détacher un utilisateur » (the main manager's; never the last main manager). */
export function DetachPage() {
  return (
    <Page title={orgApps.detachMember.title} trail={usersTrail}>
      <StructureChoice managedOnly>{(chosen) => <DetachPanel key={chosen.id} chosen={chosen} />}</StructureChoice>
    </Page>
  );
}
