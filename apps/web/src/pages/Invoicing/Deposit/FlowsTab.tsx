import {
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { finalFlowStates, flowStateLabels, flowStates, formatParisDateTime, type FlowState } from '@chorale/domain';
import { errorMessage } from '../../../api-client/client.ts';
import { depositApi, depositKeys, depositUrls, type DepositSummary } from '../../../api-client/deposit.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { common } from '../../../labels.ts';
import { deposit } from '../../../labels-deposit.ts';
import { Pager } from '../InvoiceTable.tsx';
import { BatchReport } from './BatchReport.tsx';

const labels = deposit.flows;
const stateColor: Record<FlowState, string> = {
  IN_RECU: 'gray',
  IN_EN_ATTENTE_TRAITEMENT_CPP: 'gray',
  IN_EN_COURS_TRAITEMENT_CPP: 'blue',
  IN_INTEGRE: 'green',
  IN_INTEGRE_PARTIEL: 'orange',
  IN_REJETE: 'red',
};
const running = (f: { flowState: FlowState }) => !finalFlowStates.has(f.flowState);

function Loading() {
  return (
    <Center>
      <Loader aria-label={common.loading} />
    </Center>
  );
}

/** The state of a flow; while it is read, its progress bar and stage. */
function FlowStateCell({ flow }: { flow: DepositSummary }) {
  const text = labels.progressText(flow.progress, flow.stage);
  return (
    <Stack gap={4}>
      <Badge color={stateColor[flow.flowState]} variant="light" autoContrast>
        {flowStateLabels[flow.flowState]}
      </Badge>
      {running(flow) && (
        <>
          <Progress.Root
            size="md"
            role="progressbar"
            aria-label={labels.progress(flow.flowNumber)}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={flow.progress}
            aria-valuetext={text}
          >
            <Progress.Section value={Math.max(flow.progress, 2)} withAria={false} animated />
          </Progress.Root>
          <Text size="xs">{text}</Text>
        </>
      )}
    </Stack>
  );
}

/** Per-invoice results of one flow: the same report as after « Déposer facture ». */
function FlowDetail({ depositId, onClose }: { depositId: number; onClose: () => void }) {
  const detail = useQuery({
    queryKey: depositKeys.one(depositId),
    queryFn: () => depositApi.get(depositId),
    refetchInterval: (q) => (q.state.data?.state === 'EN_COURS' ? 1000 : false),
  });
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <FormAlert message={errorMessage(detail.error)} />;
  const d = detail.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby="flow-detail-title">
      <Group justify="space-between">
        <Title order={2} size="h3" id="flow-detail-title">
          {labels.detailTitle(d.flowNumber)}
        </Title>
        <Button variant="default" size="xs" onClick={onClose}>
          {labels.close}
        </Button>
      </Group>
      {d.error && <FormAlert message={d.error} />}
      {d.items.length > 0 && <BatchReport result={d} />}
    </Stack>
  );
}

/** « Suivi des flux »: the depositor's flows with their state, progress, results and report. */
export function FlowsTab() {
  const [flowState, setFlowState] = useState('');
  const [filter, setFilter] = useState({ flowState: '', page: 1 });
  const [open, setOpen] = useState<number | null>(null);
  const list = useQuery({
    queryKey: depositKeys.list(filter),
    queryFn: () => depositApi.list(filter),
    placeholderData: keepPreviousData,
    // While a flow is read, its progress is followed.
    refetchInterval: (q) => (q.state.data?.items.some(running) ? 1000 : false),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ flowState, page: 1 });
  };
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {labels.title}
      </Title>
      <Text size="sm">{labels.intro}</Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} role="search" aria-label={labels.title}>
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label={labels.state}
              value={flowState}
              onChange={(e) => setFlowState(e.currentTarget.value)}
              data={[
                { value: '', label: labels.allStates },
                ...flowStates.map((s) => ({ value: s, label: flowStateLabels[s] })),
              ]}
            />
            <Button type="submit" loading={list.isFetching && !list.isRefetching}>
              {labels.search}
            </Button>
          </Group>
        </form>
      </Paper>
      {list.isPending && <Loading />}
      {list.isError && <FormAlert message={errorMessage(list.error)} />}
      {list.data && (
        <Stack gap="xs">
          <Text fw={600} role="status">
            {labels.count(list.data.total)}
          </Text>
          {list.data.items.length > 0 && (
            <Table.ScrollContainer minWidth={900}>
              <Table striped aria-label={labels.caption}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{labels.columns.number}</Table.Th>
                    <Table.Th scope="col">{labels.columns.file}</Table.Th>
                    <Table.Th scope="col">{labels.columns.receivedAt}</Table.Th>
                    <Table.Th scope="col">{labels.columns.syntax}</Table.Th>
                    <Table.Th scope="col">{labels.columns.channel}</Table.Th>
                    <Table.Th scope="col">{labels.columns.state}</Table.Th>
                    <Table.Th scope="col">{labels.columns.invoices}</Table.Th>
                    <Table.Th scope="col">{labels.columns.report}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((f) => (
                    <Table.Tr key={f.depositId}>
                      <Table.Th scope="row" fw={400}>
                        <Anchor
                          component="button"
                          type="button"
                          onClick={() => setOpen(f.depositId)}
                          aria-label={labels.detailsLabel(f.flowNumber)}
                        >
                          {f.flowNumber}
                        </Anchor>
                      </Table.Th>
                      <Table.Td>{f.fileName}</Table.Td>
                      <Table.Td>{formatParisDateTime(f.receivedAt)}</Table.Td>
                      <Table.Td>{f.syntax ?? labels.noSyntax}</Table.Td>
                      <Table.Td>{labels.channels[f.channel] ?? f.channel}</Table.Td>
                      <Table.Td>
                        <FlowStateCell flow={f} />
                      </Table.Td>
                      <Table.Td>{running(f) ? '—' : labels.invoices(f.summary.integrated, f.summary.refused)}</Table.Td>
                      <Table.Td>
                        {running(f) ? (
                          '—'
                        ) : (
                          <Anchor href={depositUrls.reportPdf(f.depositId)} aria-label={labels.pdfLabel(f.flowNumber)}>
                            {labels.pdf}
                          </Anchor>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Pager
            page={list.data.page}
            total={list.data.total}
            pageSize={list.data.pageSize}
            onPage={(page) => setFilter({ ...filter, page })}
          />
        </Stack>
      )}
      {open !== null && <FlowDetail depositId={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}
