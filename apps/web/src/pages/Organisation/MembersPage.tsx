import { Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { membershipStatuses } from '@chorale/domain';
import { membersCsvUrl, orgKeys, structuresApi, type MemberFilter } from '../../api-client/organisation.ts';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { membershipStatusLabels, members as labels, orgApps, roleLabels } from '../../labels-organisation.ts';
import { memberName } from './MemberSelect.tsx';
import { orgPaths, withStructure } from './paths.ts';
import { StructureChoice, type ChosenStructure } from './StructureChoice.tsx';
import { usersTrail } from './usersTrail.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { ListTable } from '../../components/ListTable.tsx';

// Detached members (SUPPRIMEE) are not listed: the filter offers the other statuses.
const filterStatuses = membershipStatuses.filter((s) => s !== 'SUPPRIMEE');

function MembersPanel({ chosen }: { chosen: ChosenStructure }) {
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const [filter, setFilter] = useState<MemberFilter>({ status: '', q: '' });
  const list = useQuery({
    queryKey: orgKeys.members(chosen.id, filter),
    queryFn: () => structuresApi.members(chosen.id, filter),
    placeholderData: keepPreviousData,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ status, q: text.trim() });
  };

  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <form onSubmit={submit} role="search" aria-label={labels.filters}>
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label={labels.status}
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value)}
              data={[
                { value: '', label: labels.allStatuses },
                ...filterStatuses.map((s) => ({ value: s, label: membershipStatusLabels[s] })),
              ]}
            />
            <TextInput
              label={labels.text}
              type="search"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 220 }}
            />
            <Button type="submit" loading={list.isFetching}>
              {labels.search}
            </Button>
            <Button
              component="a"
              variant="default"
              href={membersCsvUrl(chosen.id, filter)}
              download
              aria-label={labels.exportLabel}
            >
              {labels.export}
            </Button>
          </Group>
        </form>
      </Paper>
      <QueryState query={list} />
      {list.data && (
        <Stack gap="xs" aria-busy={list.isFetching}>
          <Text fw={600} role="status">
            {labels.count(list.data.items.length)}
          </Text>
          {list.data.items.length > 0 && (
            <ListTable
              minWidth={760}
              caption={labels.caption(chosen.companyName || chosen.identifier)}
              columns={[
                labels.columns.name,
                labels.columns.email,
                labels.columns.role,
                labels.columns.status,
                labels.columns.service,
                labels.columns.requestedAt,
                labels.columns.actions,
              ]}
            >
              {list.data.items.map((m) => (
                <Table.Tr key={m.membershipId}>
                  <Table.Td>{memberName(m)}</Table.Td>
                  <Table.Td>{m.email}</Table.Td>
                  <Table.Td>{roleLabels[m.role]}</Table.Td>
                  <Table.Td>{membershipStatusLabels[m.status]}</Table.Td>
                  <Table.Td>
                    {m.serviceCode ? `${m.serviceCode} – ${m.serviceName ?? ''}` : labels.wholeStructure}
                  </Table.Td>
                  <Table.Td>{formatDateTime(m.requestedAt)}</Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={withStructure(orgPaths.member, chosen.id, { membre: String(m.membershipId) })}
                      aria-label={labels.showLabel(memberName(m))}
                    >
                      {labels.show}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </ListTable>
          )}
        </Stack>
      )}
    </Stack>
  );
}

/** « Consulter les utilisateurs »: filters by status and text, « Exporter » as CSV. */
export function MembersPage() {
  return (
    <Page title={orgApps.listMembers.title} trail={usersTrail}>
      <StructureChoice>{(chosen) => <MembersPanel key={chosen.id} chosen={chosen} />}</StructureChoice>
    </Page>
  );
}
