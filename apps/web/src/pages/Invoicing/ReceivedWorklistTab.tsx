import {
  Anchor,
  Button,
  Center,
  Checkbox,
  Group,
  List,
  Loader,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { allowedTransitions, formatCents, reasonRequired, type InvoiceStatus } from '@chorale/domain';
import { ApiError, errorMessage } from '../../api-client/client.ts';
import { followUpApi, followUpKeys, type WorklistFilter, type WorklistItem } from '../../api-client/follow-up.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { hasFieldErrors, useFormAlert } from '../../components/form-errors.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { common } from '../../labels.ts';
import { summary, toProcess as labels } from '../../labels-follow-up.ts';
import { formatDate, invoiceStatusLabels, processing } from '../../labels-invoicing.ts';
import { search } from '../../labels-search.ts';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import { InstructorCell } from './InstructorCell.tsx';
import { PaymentBadge, useSideStructures } from './InvoiceSearch.tsx';
import { Pager } from './InvoiceTable.tsx';
import { invoicingPaths } from './paths.ts';

/** The states every ticked invoice may take next (the lifecycle table of packages/domain). */
function commonNextStates(items: WorklistItem[]): InvoiceStatus[] {
  if (items.length === 0) return [];
  const [first, ...rest] = items.map((i) => allowedTransitions(i.status, 'recipient'));
  return first!.filter((s) => rest.every((next) => next.includes(s)));
}

/** « Traiter les factures cochées »: one new state (and its reason) for all of them. */
function BulkForm({
  ticked,
  onDone,
}: {
  ticked: WorklistItem[];
  onDone: (message: string, failures: string[]) => void;
}) {
  const [status, setStatus] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ status?: string; reason?: string }>({});
  // The alert goes once the fields it was shown with are corrected (a state chosen, a reason typed).
  const [alert, setAlert] = useFormAlert(hasFieldErrors(errors));
  const [confirming, setConfirming] = useState(false);
  const states = commonNextStates(ticked);
  const chosen = states.includes(status as InvoiceStatus) ? (status as InvoiceStatus) : null;
  const change = useMutation({
    mutationFn: () =>
      followUpApi.processReceived({ ids: ticked.map((i) => i.id), status: chosen!, reason: reason.trim() }),
    onSuccess: (answer) => {
      const moved = answer.results.filter((r) => r.ok).length;
      const failures = answer.results.filter((r) => !r.ok).map((r) => labels.failed(r.number, r.message));
      setReason('');
      onDone(moved > 0 ? labels.moved(moved, invoiceStatusLabels[chosen!]) : '', failures);
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(error.fields);
      setAlert(errorMessage(error));
    },
    onSettled: () => setConfirming(false),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    const found = {
      status: chosen ? undefined : processing.stateRequired,
      reason: chosen && reasonRequired.has(chosen) && !reason.trim() ? processing.reasonRequired : undefined,
    };
    setErrors(found);
    if (ticked.length === 0) return setAlert(summary.nothingSelected);
    if (found.status || found.reason) return setAlert(common.formHasErrors);
    if (chosen === 'REJETEE') setConfirming(true);
    else change.mutate();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="bulk-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={640}>
          <Title order={3} size="h5" id="bulk-title">
            {labels.bulkTitle}
          </Title>
          <Text size="sm" role="status">
            {labels.selected(ticked.length)}
          </Text>
          {ticked.length > 0 && states.length === 0 && <Text size="sm">{labels.noCommonState}</Text>}
          <FormAlert message={alert} />
          <NativeSelect
            label={processing.newState}
            required
            value={chosen ?? ''}
            onChange={(e) => {
              setStatus(e.currentTarget.value);
              // Changing a field clears its message, as in the portal's other forms.
              setErrors((prev) => ({ ...prev, status: undefined }));
            }}
            error={errors.status}
            data={[
              { value: '', label: processing.choose },
              ...states.map((s) => ({ value: s, label: invoiceStatusLabels[s] })),
            ]}
          />
          <Textarea
            label={processing.reason}
            description={processing.reasonHint}
            required={chosen !== null && reasonRequired.has(chosen)}
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setErrors((prev) => ({ ...prev, reason: undefined }));
            }}
            error={errors.reason}
          />
          <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
            {labels.submit}
          </Button>
        </Stack>
      </form>
      <ConfirmDialog
        opened={confirming}
        title={processing.rejectTitle}
        text={labels.rejectText(ticked.length, reason.trim())}
        confirm={processing.rejectConfirm}
        danger
        pending={change.isPending}
        onConfirm={() => change.mutate()}
        onClose={() => setConfirming(false)}
      />
    </Paper>
  );
}

/**
 * « Factures à traiter » of « Factures reçues »: the invoices delivered to the user's structures
 * that it can still move on, filtered by structure, service and instructeur; ticked rows take a
 * new state together, each through the lifecycle.
 */
export function ReceivedWorklistTab() {
  const client = useQueryClient();
  const [form, setForm] = useState({ structureId: '', serviceId: '', instructor: '' });
  const [filter, setFilter] = useState<WorklistFilter>({ page: 1 });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [failures, setFailures] = useState<string[]>([]);
  const scope = useSideStructures('received', form.structureId);
  const list = useQuery({
    queryKey: followUpKeys.received(filter),
    queryFn: () => followUpApi.receivedWorklist(filter),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const ticked = items.filter((i) => selected.has(i.id));
  const allTicked = items.length > 0 && ticked.length === items.length;
  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSelected(new Set());
    setFilter({ ...form, instructor: form.instructor.trim(), page: 1 });
  };
  const c = labels.columns;
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {labels.title}
      </Title>
      <Text size="sm">{labels.intro}</Text>
      <Paper withBorder p="md">
        <form onSubmit={apply} aria-label={labels.filters}>
          <Group align="flex-end" gap="lg">
            <NativeSelect
              label={labels.structure}
              value={form.structureId}
              onChange={(e) => setForm({ ...form, structureId: e.currentTarget.value, serviceId: '' })}
              data={[{ value: '', label: labels.allStructures }, ...scope.structures]}
            />
            <NativeSelect
              label={labels.service}
              value={form.serviceId}
              onChange={(e) => setForm({ ...form, serviceId: e.currentTarget.value })}
              data={[{ value: '', label: labels.allServices }, ...scope.services]}
            />
            <TextInput
              label={summary.instructor}
              placeholder={summary.instructorPlaceholder}
              maxLength={60}
              value={form.instructor}
              onChange={(e) => setForm({ ...form, instructor: e.currentTarget.value })}
            />
            <Button type="submit">{summary.apply}</Button>
          </Group>
        </form>
      </Paper>
      <FormAlert message={notice} color="green" />
      {failures.length > 0 && (
        <Paper withBorder p="sm" role="alert">
          <Text size="sm" fw={600}>
            {labels.notMoved(failures.length)}
          </Text>
          <List size="sm">
            {failures.map((f) => (
              <List.Item key={f}>{f}</List.Item>
            ))}
          </List>
        </Paper>
      )}
      {list.isPending && (
        <Center>
          <Loader aria-label={common.loading} />
        </Center>
      )}
      {list.isError && <FormAlert message={errorMessage(list.error)} />}
      {list.data && (
        <Stack gap="xs" aria-busy={list.isFetching}>
          <Text fw={600} role="status">
            {list.data.total === 0 ? labels.empty : labels.count(list.data.total, list.data.totalCapped)}
          </Text>
          {items.length > 0 && (
            <ResponsiveTable minWidth={900}>
              <Table striped horizontalSpacing={6} aria-label={labels.caption}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">
                      <Checkbox
                        aria-label={summary.selectAll}
                        checked={allTicked}
                        indeterminate={ticked.length > 0 && !allTicked}
                        onChange={(e) =>
                          setSelected(e.currentTarget.checked ? new Set(items.map((i) => i.id)) : new Set())
                        }
                      />
                    </Table.Th>
                    <Table.Th scope="col">{c.depositedAt}</Table.Th>
                    <Table.Th scope="col">{c.supplier}</Table.Th>
                    <Table.Th scope="col">{c.number}</Table.Th>
                    <Table.Th scope="col">{c.service}</Table.Th>
                    <Table.Th scope="col">{c.state}</Table.Th>
                    <Table.Th scope="col">{c.dueDate}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {c.gross}
                    </Table.Th>
                    <Table.Th scope="col">{c.instructor}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td>
                        <Checkbox
                          aria-label={summary.selectRow(i.number)}
                          checked={selected.has(i.id)}
                          onChange={(e) => toggle(i.id, e.currentTarget.checked)}
                        />
                      </Table.Td>
                      <Table.Td>{formatDate(i.depositedAt)}</Table.Td>
                      <Table.Td>{`${i.supplier.identifier} – ${i.supplier.name}`}</Table.Td>
                      <Table.Td style={{ wordBreak: 'break-all' }}>
                        <Anchor
                          component={Link}
                          to={invoicingPaths.receivedInvoice(i.id)}
                          aria-label={search.open(i.number)}
                        >
                          {i.number}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{i.recipient?.serviceCode ?? '—'}</Table.Td>
                      <Table.Td>
                        <Stack gap={2} align="flex-start">
                          <span>{invoiceStatusLabels[i.status] ?? i.status}</span>
                          <PaymentBadge payment={i.payment} />
                        </Stack>
                      </Table.Td>
                      <Table.Td>{formatDate(i.payment?.dueDate ?? null)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {formatCents(i.netPayableCents)} {i.currency}
                      </Table.Td>
                      <Table.Td miw={120}>
                        <InstructorCell key={`${i.id}-${i.instructor}`} item={i} onSaved={setNotice} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ResponsiveTable>
          )}
          <Pager
            page={list.data.page}
            total={list.data.total}
            pageSize={list.data.pageSize}
            more={list.data.totalCapped}
            onPage={(page) => {
              setSelected(new Set());
              setFilter({ ...filter, page });
            }}
          />
          {items.length > 0 && (
            <BulkForm
              ticked={ticked}
              onDone={(message, failed) => {
                setNotice(message || null);
                setFailures(failed);
                setSelected(new Set());
                void client.invalidateQueries({ queryKey: ['invoices'] });
              }}
            />
          )}
        </Stack>
      )}
    </Stack>
  );
}
