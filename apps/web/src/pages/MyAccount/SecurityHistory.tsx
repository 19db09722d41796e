import { Center, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../api-client/client.ts';
import { meApi } from '../../api-client/endpoints.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { account, common } from '../../labels.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';

export function SecurityHistory() {
  const events = useQuery({ queryKey: ['me', 'security-events'], queryFn: meApi.securityEvents });
  return (
    <Paper withBorder p="lg">
      <Title order={2} size="h3" mb="md">
        {account.historyTitle}
      </Title>
      {events.isPending && (
        <Center>
          <Loader aria-label={common.loading} />
        </Center>
      )}
      {events.isError && <FormAlert message={errorMessage(events.error)} />}
      {events.data && events.data.events.length === 0 && <Text>{account.historyEmpty}</Text>}
      {events.data && events.data.events.length > 0 && (
        <ResponsiveTable minWidth={560}>
          <Table striped aria-label={account.historyCaption}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{account.columns.at}</Table.Th>
                <Table.Th scope="col">{account.columns.kind}</Table.Th>
                <Table.Th scope="col">{account.columns.ip}</Table.Th>
                <Table.Th scope="col">{account.columns.detail}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data.events.map((event, index) => (
                <Table.Tr key={`${event.at}-${index}`}>
                  <Table.Td>{formatDateTime(event.at)}</Table.Td>
                  <Table.Td>{account.events[event.kind] ?? event.kind}</Table.Td>
                  <Table.Td>{event.ip ?? '—'}</Table.Td>
                  <Table.Td>{event.detail ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ResponsiveTable>
      )}
    </Paper>
  );
}
