import { Button, Center, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { profileLabel } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { orgKeys, structuresApi, type Member } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import {
  detach,
  memberDetail as labels,
  members,
  membershipStatusLabels,
  orgApps,
  roleLabels,
} from '../../labels-organisation.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { DetailsTable } from './DetailsTable.tsx';
import { memberName, MemberSelect, useChosenMember } from './MemberSelect.tsx';
import { orgPaths, withStructure } from './paths.ts';
import { StructureChoice, type ChosenStructure } from './StructureChoice.tsx';
import { usersTrail } from './usersTrail.ts';

function MemberCard({ chosen, member: m }: { chosen: ChosenStructure; member: Member }) {
  const client = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const [notice, setNotice] = useState<{ message: string; ok: boolean } | null>(null);
  const transfer = useMutation({
    mutationFn: () => structuresApi.transferMainManager(chosen.id, m.membershipId),
    onSuccess: async () => {
      setConfirm(false);
      setNotice({ message: labels.transferred(memberName(m)), ok: true });
      await client.invalidateQueries({ queryKey: orgKeys.all });
    },
    onError: (error) => {
      setConfirm(false);
      setNotice({ message: errorMessage(error), ok: false });
    },
  });
  const validated = m.status === 'VALIDEE';
  const service = m.serviceCode ? `${m.serviceCode} – ${m.serviceName ?? ''}` : members.wholeStructure;
  return (
    <Paper withBorder p="lg" maw={860}>
      <Stack gap="md">
        <Title order={2} size="h3">
          {memberName(m)}
        </Title>
        <FormAlert message={notice?.message ?? null} color={notice?.ok ? 'green' : 'red'} />
        <DetailsTable
          caption={labels.identity}
          rows={[
            [labels.lastName, m.lastName],
            [labels.firstName, m.firstName],
            [labels.email, m.email],
            [labels.phone, m.phone ?? ''],
          ]}
        />
        <Title order={3} size="h4">
          {labels.membership}
        </Title>
        <DetailsTable
          caption={labels.membership}
          rows={[
            [labels.role, roleLabels[m.role]],
            [labels.status, membershipStatusLabels[m.status]],
            [labels.service, service],
            [labels.requestedAt, formatDateTime(m.requestedAt)],
            [labels.decidedAt, formatDateTime(m.decidedAt)],
            [labels.requestComment, m.requestComment ?? ''],
            [labels.decisionComment, m.decisionComment ?? ''],
          ]}
        />
        <Title order={3} size="h4">
          {labels.profiles}
        </Title>
        {m.profiles.length === 0 ? (
          <Text>{labels.noProfile}</Text>
        ) : (
          <List size="sm">
            {m.profiles.map((p) => (
              <List.Item key={`${p.application}-${p.level}`}>{profileLabel(p)}</List.Item>
            ))}
          </List>
        )}
        {chosen.isManager && validated && (
          <Group>
            <Button
              component={Link}
              to={withStructure(orgPaths.profiles, chosen.id, { membre: String(m.membershipId) })}
            >
              {labels.manageProfiles}
            </Button>
            {m.role === 'SIMPLE' && !m.serviceCode && (
              <Button variant="default" onClick={() => setConfirm(true)}>
                {labels.makeMainManager}
              </Button>
            )}
            <Button component={Link} variant="default" to={withStructure(orgPaths.detach, chosen.id)}>
              {detach.detach}
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirm}
        title={labels.makeMainManager}
        text={labels.makeMainManagerConfirm(memberName(m))}
        confirm={labels.confirm}
        pending={transfer.isPending}
        onConfirm={() => transfer.mutate()}
        onClose={() => setConfirm(false)}
      />
    </Paper>
  );
}

function MemberPanel({ chosen }: { chosen: ChosenStructure }) {
  const list = useQuery({
    queryKey: orgKeys.members(chosen.id),
    queryFn: () => structuresApi.members(chosen.id, { status: '', q: '' }),
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
      {member && <MemberCard key={member.membershipId} chosen={chosen} member={member} />}
      {id && !member && <FormAlert message={members.unknownMember} color="orange" />}
    </Stack>
  );
}

/** « Afficher un utilisateur »: identity, membership, profiles; the manager's actions. */
export function MemberDetailPage() {
  return (
    <Page title={orgApps.showMember.title} trail={usersTrail}>
      <StructureChoice>{(chosen) => <MemberPanel key={chosen.id} chosen={chosen} />}</StructureChoice>
    </Page>
  );
}
