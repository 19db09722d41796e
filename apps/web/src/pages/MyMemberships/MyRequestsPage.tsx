import { Badge, Center, Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MembershipStatus } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { account, common } from '../../labels.ts';
import { members, membershipStatusLabels, myRequests as labels } from '../../labels-organisation.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';

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
      {mine.isPending && (
        <Center>
          <Loader aria-label={common.loading} />
        </Center>
      )}
      {mine.isError && <FormAlert message={errorMessage(mine.error)} />}
      {mine.data && items.length === 0 && <Text>{labels.none}</Text>}
      {items.length > 0 && (
        <ResponsiveTable minWidth={960}>
          <Table striped aria-label={labels.caption}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{labels.columns.structure}</Table.Th>
                <Table.Th scope="col">{labels.columns.companyName}</Table.Th>
                <Table.Th scope="col">{labels.columns.service}</Table.Th>
                <Table.Th scope="col">{labels.columns.status}</Table.Th>
                <Table.Th scope="col">{labels.columns.requestedAt}</Table.Th>
                <Table.Th scope="col">{labels.columns.decidedAt}</Table.Th>
                <Table.Th scope="col">{labels.columns.requestComment}</Table.Th>
                <Table.Th scope="col">{labels.columns.decisionComment}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
            </Table.Tbody>
          </Table>
        </ResponsiveTable>
      )}
    </Page>
  );
}
