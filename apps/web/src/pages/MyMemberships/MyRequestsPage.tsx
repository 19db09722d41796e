import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MembershipStatus } from '@chorale/domain';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { account } from '../../labels.ts';
import { members, membershipStatusLabels, myRequests as labels } from '../../labels-organisation.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { ListTable } from '../../components/ListTable.tsx';

// Plain palette names: the theme makes their light text readable (a shade such as 'green.9' gives
// a light badge a solid background the same colour as its text).
const statusColor: Record<MembershipStatus, string> = {
  EN_COURS_DE_VALIDATION: 'orange',
  VALIDEE: 'green',
  REFUSEE: 'red',
  DESACTIVEE: 'gray',
  SUPPRIMEE: 'gray',
};

/** « Historique de mes demandes »: every membership request and what became of it. */
export function MyRequestsPage() {
  const mine = useQuery({ queryKey: orgKeys.mine, queryFn: membershipsApi.mine });
  const items = mine.data?.items ?? [];
  return (
    <Page title={labels.title} trail={[{ label: account.title, to: '/mon-compte' }]}>
      <Text>{labels.intro}</Text>
      <QueryState query={mine} />
      {mine.data && items.length === 0 && <Text>{labels.none}</Text>}
      {items.length > 0 && (
        <ListTable
          minWidth={960}
          caption={labels.caption}
          columns={[
            labels.columns.structure,
            labels.columns.companyName,
            labels.columns.service,
            labels.columns.status,
            labels.columns.requestedAt,
            labels.columns.decidedAt,
            labels.columns.requestComment,
            labels.columns.decisionComment,
          ]}
        >
          {items.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>{m.structure.identifier}</Table.Td>
              <Table.Td>{m.structure.companyName}</Table.Td>
              <Table.Td>{m.service ? `${m.service.code} – ${m.service.name}` : members.wholeStructure}</Table.Td>
              <Table.Td>
                <Badge color={statusColor[m.status]} variant="light">
                  {membershipStatusLabels[m.status]}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDateTime(m.requestedAt)}</Table.Td>
              <Table.Td>{formatDateTime(m.decidedAt)}</Table.Td>
              <Table.Td>{m.requestComment ?? (m.role === 'MAIN_MANAGER' ? labels.createdByMe : '—')}</Table.Td>
              <Table.Td>{m.decisionComment ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
    </Page>
  );
}
