import { Badge, Button, Center, Group, Loader, Paper, Stack, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api-client/client.ts';
import { orgKeys, structuresApi, type Structure } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import {
  countries,
  identifierTypeLabels,
  manageStructure,
  orgApps,
  orgDomain,
  structureForm,
  structureKindLabels,
} from '../../labels-organisation.ts';
import { DetailsTable } from './DetailsTable.tsx';
import { EditStructureForm } from './EditStructureForm.tsx';
import { orgPaths } from './paths.ts';
import { may, StructureChoice, type ChosenStructure } from './StructureChoice.tsx';

export const structuresTrail = [
  { label: orgDomain.breadcrumb, to: orgPaths.domain },
  { label: orgApps.structuresBreadcrumb, to: orgPaths.structures },
];

function rows(s: Structure): [string, string][] {
  const yesNo = (v: boolean) => (v ? common.yes : common.no);
  const list: [string, string][] = [
    [structureForm.identifierType, identifierTypeLabels[s.identifierType] ?? s.identifierType],
    [structureForm.identifier(s.identifierType), s.identifier],
    [structureForm.kind, structureKindLabels[s.kind]],
    [structureForm.companyName, s.companyName],
    [structureForm.label, s.label],
    [structureForm.email, s.email],
    [structureForm.phone, s.phone],
    [structureForm.address, s.address],
    [structureForm.addressComplement1, s.addressComplement1],
    [structureForm.addressComplement2, s.addressComplement2],
    [structureForm.city, s.city],
    [structureForm.postalCode, s.postalCode],
    [structureForm.country, countries[s.countryCode] ?? s.countryCode],
    [structureForm.nonDiffusible, yesNo(s.nonDiffusible)],
  ];
  if (s.kind === 'PUBLIQUE')
    list.push(
      [structureForm.serviceCodeRequired, yesNo(s.serviceCodeRequired)],
      [structureForm.commitmentRequired, yesNo(s.commitmentRequired)],
      [structureForm.serviceOrCommitmentRequired, yesNo(s.serviceOrCommitmentRequired)],
      [structureForm.paymentStatusManaged, yesNo(s.paymentStatusManaged)],
      [structureForm.publicHospital, yesNo(s.publicHospital)],
      [
        structureForm.paymentPeriod,
        structureForm.paymentPeriodShown(s.effectivePaymentPeriodDays, s.paymentPeriodDays !== null),
      ],
    );
  return list;
}

function StructurePanel({ chosen }: { chosen: ChosenStructure }) {
  const client = useQueryClient();
  const structure = useQuery({ queryKey: orgKeys.structure(chosen.id), queryFn: () => structuresApi.get(chosen.id) });
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<{ message: string; ok: boolean } | null>(null);
  const toggle = useMutation({
    mutationFn: (active: boolean) => structuresApi.setActive(chosen.id, active),
    onSuccess: async (updated) => {
      client.setQueryData(orgKeys.structure(chosen.id), updated);
      await client.invalidateQueries({ queryKey: orgKeys.mine });
      setNotice({ message: updated.active ? manageStructure.activated : manageStructure.deactivated, ok: true });
    },
    onError: (error) => setNotice({ message: errorMessage(error), ok: false }),
  });

  if (structure.isPending)
    return (
      <Center>
        <Loader aria-label={common.loading} />
      </Center>
    );
  if (structure.isError) return <FormAlert message={errorMessage(structure.error)} />;
  const s = structure.data;
  const canModify = may(chosen, 'ORGANISATION', 'modification');

  return (
    <Paper withBorder p="lg" maw={860}>
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h3">
            {manageStructure.details}
          </Title>
          <Badge color={s.active ? 'green' : 'gray'} variant="light">
            {`${manageStructure.state} : ${s.active ? manageStructure.active : manageStructure.inactive}`}
          </Badge>
        </Group>
        <FormAlert message={notice?.message ?? null} color={notice?.ok ? 'green' : 'red'} />
        {editing ? (
          <EditStructureForm
            structure={s}
            onDone={(message) => {
              setEditing(false);
              setNotice({ message, ok: true });
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <DetailsTable caption={manageStructure.details} rows={rows(s)} />
        )}
        {canModify && !editing && (
          <Group>
            <Button
              onClick={() => {
                setNotice(null);
                setEditing(true);
              }}
            >
              {manageStructure.edit}
            </Button>
            <Button variant="default" loading={toggle.isPending} onClick={() => toggle.mutate(!s.active)}>
              {s.active ? manageStructure.deactivate : manageStructure.activate}
            </Button>
          </Group>
        )}
        {!canModify && <FormAlert message={manageStructure.readOnly} color="blue" />}
      </Stack>
    </Paper>
  );
}

/** « Gérer une structure »: consulter, modifier, activer, désactiver. */
export function ManageStructurePage() {
  return (
    <Page title={orgApps.manageStructure.title} trail={structuresTrail}>
      <StructureChoice>{(chosen) => <StructurePanel key={chosen.id} chosen={chosen} />}</StructureChoice>
    </Page>
  );
}
