import { Button, Center, Checkbox, Group, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { accessLevels, applicationLabels, applicationsFor, type Profile } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys, structuresApi, type Member } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { accessLevelLabels, orgApps, profilesEditor as labels } from '../../labels-organisation.ts';
import { memberName, MemberSelect, useChosenMember } from './MemberSelect.tsx';
import { StructureChoice, type ChosenStructure } from './StructureChoice.tsx';
import { usersTrail } from './usersTrail.ts';

const key = (p: Profile) => `${p.application}:${p.level}`;

function ProfilesGrid({ chosen, member }: { chosen: ChosenStructure; member: Member }) {
  const client = useQueryClient();
  const [held, setHeld] = useState(() => new Set(member.profiles.map(key)));
  const [notice, setNotice] = useState<{ message: string; ok: boolean } | null>(null);
  const apps = applicationsFor(chosen.kind);
  const save = useMutation({
    mutationFn: () => {
      const profiles = apps.flatMap((application) =>
        accessLevels.filter((level) => held.has(key({ application, level }))).map((level) => ({ application, level })),
      );
      return membershipsApi.setProfiles(member.membershipId, profiles);
    },
    onSuccess: async () => {
      setNotice({ message: labels.saved(memberName(member)), ok: true });
      await client.invalidateQueries({ queryKey: orgKeys.all });
    },
    onError: (error) => setNotice({ message: errorMessage(error), ok: false }),
  });
  const toggle = (p: Profile, on: boolean) =>
    setHeld((current) => {
      const next = new Set(current);
      if (on) next.add(key(p));
      else next.delete(key(p));
      return next;
    });

  if (member.status !== 'VALIDEE') return <FormAlert message={labels.notValidated} color="orange" />;
  return (
    <Paper withBorder p="lg" maw={760}>
      <Stack gap="md">
        <Text size="sm">{labels.intro}</Text>
        <FormAlert message={notice?.message ?? null} color={notice?.ok ? 'green' : 'red'} />
        <Table striped withTableBorder aria-label={labels.caption(memberName(member))}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{labels.application}</Table.Th>
              {accessLevels.map((level) => (
                <Table.Th scope="col" key={level} ta="center">
                  {accessLevelLabels[level]}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {apps.map((application) => (
              <Table.Tr key={application}>
                <Table.Th scope="row" fw={400}>
                  {applicationLabels[application]}
                </Table.Th>
                {accessLevels.map((level) => (
                  <Table.Td key={level}>
                    <Center>
                      <Checkbox
                        aria-label={labels.checkbox(applicationLabels[application], level)}
                        checked={held.has(key({ application, level }))}
                        onChange={(e) => toggle({ application, level }, e.currentTarget.checked)}
                      />
                    </Center>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Button loading={save.isPending} onClick={() => save.mutate()}>
            {labels.save}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ProfilesPanel({ chosen }: { chosen: ChosenStructure }) {
  const filter = { status: 'VALIDEE', q: '' };
  const list = useQuery({
    queryKey: orgKeys.members(chosen.id, filter),
    queryFn: () => structuresApi.members(chosen.id, filter),
  });
  const [member, id, choose] = useChosenMember(list.data?.items ?? []);
  if (list.isPending)
    return (
      <Center>
        <Loader aria-label={common.loading} />
      </Center>
    );
  if (list.isError) return <FormAlert message={errorMessage(list.error)} />;
  return (
    <Stack gap="md">
      <MemberSelect items={list.data.items} value={id} onChange={choose} />
      {member && <ProfilesGrid key={member.membershipId} chosen={chosen} member={member} />}
    </Stack>
  );
}

/** « Gérer les habilitations des utilisateurs »: application × consultation / modification. */
export function ProfilesPage() {
  return (
    <Page title={orgApps.manageProfiles.title} trail={usersTrail}>
      <StructureChoice managedOnly>{(chosen) => <ProfilesPanel key={chosen.id} chosen={chosen} />}</StructureChoice>
    </Page>
  );
}
