import { Badge, Button, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { cproCallResults, type CproCallsQuery } from '@chorale/contracts';
import { connectionKeys, connectionsApi, type ApiConnection } from '../../api-client/connections.ts';
import { formatDateTime } from '../../components/format.ts';
import { callsSection as labels, cproCallResultLabels } from '../../labels-connections.ts';
import { Pager } from '../Invoicing/InvoiceTable.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { ConnectionSection, type SectionProps } from './section.tsx';

interface Filter {
  operation: string;
  result: '' | (typeof cproCallResults)[number];
  from: string;
  to: string;
}
const noFilter: Filter = { operation: '', result: '', from: '', to: '' };

function CallList({ structureId, connection }: { structureId: number; connection: ApiConnection }) {
  const [draft, setDraft] = useState<Filter>(noFilter);
  const [filter, setFilter] = useState<Filter>(noFilter);
  const [page, setPage] = useState(1);
  const query: CproCallsQuery = { ...filter, page };
  const calls = useQuery({
    queryKey: connectionKeys.calls(structureId, connection.id, query),
    queryFn: () => connectionsApi.calls(connection.id, query),
    placeholderData: keepPreviousData,
  });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
    setPage(1);
  };
  const set = <K extends keyof Filter>(key: K, value: Filter[K]) => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <Stack gap="sm">
      <form noValidate onSubmit={apply} aria-label={labels.filters}>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <NativeSelect
            label={labels.operation}
            value={draft.operation}
            onChange={(e) => set('operation', e.currentTarget.value)}
            data={[
              { value: '', label: labels.allOperations },
              ...(calls.data?.operations ?? []).map((o) => ({ value: o, label: o })),
            ]}
          />
          <NativeSelect
            label={labels.result}
            value={draft.result}
            onChange={(e) => set('result', e.currentTarget.value as Filter['result'])}
            data={[
              { value: '', label: labels.allResults },
              ...cproCallResults.map((r) => ({ value: r, label: cproCallResultLabels[r] })),
            ]}
          />
          <TextInput
            type="date"
            label={labels.from}
            value={draft.from}
            onChange={(e) => set('from', e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={labels.to}
            value={draft.to}
            onChange={(e) => set('to', e.currentTarget.value)}
          />
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit" variant="light">
            {labels.apply}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(noFilter);
              setFilter(noFilter);
              setPage(1);
            }}
          >
            {labels.reset}
          </Button>
        </Group>
      </form>
      <QueryState query={calls} />
      {calls.data && (
        <>
          <Text size="sm" role="status">
            {labels.count(calls.data.total)}
          </Text>
          {calls.data.items.length === 0 ? (
            <Text>{labels.empty}</Text>
          ) : (
            <ListTable
              withTableBorder
              layout="fixed"
              caption={labels.caption(connection.name)}
              columns={[
                [labels.columns.at, '15%'],
                [labels.columns.operation, '27%'],
                [labels.columns.httpStatus, '10%'],
                [labels.columns.codeRetour, '10%'],
                [labels.columns.result, '10%'],
                labels.columns.account,
              ]}
            >
              {calls.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{formatDateTime(c.at)}</Table.Td>
                  <Table.Td ff="monospace" fz="sm" style={{ overflowWrap: 'anywhere' }}>
                    {c.operation}
                  </Table.Td>
                  <Table.Td>{c.httpStatus}</Table.Td>
                  <Table.Td>{c.codeRetour}</Table.Td>
                  <Table.Td>
                    <Badge color={c.result === 'success' ? 'green' : 'red'} variant="light" autoContrast>
                      {cproCallResultLabels[c.result]}
                    </Badge>
                  </Table.Td>
                  <Table.Td ff="monospace" fz="sm" style={{ overflowWrap: 'anywhere' }}>
                    {c.technicalAccountLogin ?? labels.noAccount}
                  </Table.Td>
                </Table.Tr>
              ))}
            </ListTable>
          )}
          <Pager page={page} total={calls.data.total} pageSize={calls.data.pageSize} onPage={setPage} />
        </>
      )}
    </Stack>
  );
}

/** « Derniers appels » of the connection chosen in the list of the structure's connections. */
export function CallsSection({ structure }: SectionProps) {
  return (
    <ConnectionSection structure={structure} id="derniers-appels" labels={labels}>
      {(connection) => <CallList key={connection.id} structureId={structure.id} connection={connection} />}
    </ConnectionSection>
  );
}
