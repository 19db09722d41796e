import { Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { meApi } from '../../api-client/endpoints.ts';
import { formatDateTime } from '../../components/format.ts';
import { account } from '../../labels.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { ListTable } from '../../components/ListTable.tsx';

export function SecurityHistory() {
  const events = useQuery({ queryKey: ['me', 'security-events'], queryFn: meApi.securityEvents });
  return (
    <Paper withBorder p="lg">
      <Title order={2} size="h3" mb="md">
        {account.historyTitle}
      </Title>
      <QueryState query={events} />
      {events.data && events.data.events.length === 0 && <Text>{account.historyEmpty}</Text>}
      {events.data && events.data.events.length > 0 && (
        <ListTable
          minWidth={560}
          caption={account.historyCaption}
          columns={[account.columns.at, account.columns.kind, account.columns.ip, account.columns.detail]}
        >
          {events.data.events.map((event, index) => (
            <Table.Tr key={`${event.at}-${index}`}>
              <Table.Td>{formatDateTime(event.at)}</Table.Td>
              <Table.Td>{account.events[event.kind] ?? event.kind}</Table.Td>
              <Table.Td>{event.ip ?? '—'}</Table.Td>
              <Table.Td>{event.detail ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
    </Paper>
  );
}
