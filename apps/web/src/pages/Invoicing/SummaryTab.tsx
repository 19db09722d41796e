import {
  Anchor,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { formatCents, type InvoiceStatus } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { followUpApi, followUpKeys, type WorklistFilter, type WorklistItem } from '../../api-client/follow-up.ts';
import { invoiceUrls } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { formatDateTime } from '../../components/format.ts';
import { common } from '../../labels.ts';
import { summary as labels } from '../../labels-follow-up.ts';
import { formatDate, invoiceStatusLabels, issuedList } from '../../labels-invoicing.ts';
import { useDraftDeletion } from './DraftDeletion.tsx';
import { InstructorCell } from './InstructorCell.tsx';
import { Pager } from './InvoiceTable.tsx';
import { invoicingPaths } from './paths.ts';
import type { IssuingStructure } from './prerequisites.tsx';

export const issuedLink = (i: { id: number; status: InvoiceStatus }) =>
  i.status === 'BROUILLON' ? invoicingPaths.edit(i.id) : invoicingPaths.issuedInvoice(i.id);

/** Opens each invoice's PDF download, one after the other. */
function download(items: WorklistItem[]) {
  for (const item of items) {
    const a = document.createElement('a');
    a.href = invoiceUrls.invoicePdf(item.id);
    a.download = `facture-${item.number}.pdf`;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
}

/**
 * « Synthèse » of « Factures émises » (webinar « L'onglet Synthèse »): the invoices that wait for
 * the user — drafts, « A recycler », « Rejetée » (until « Traiter le rejet »), « Suspendue » —
 * with the filters Structure, « Masquer les factures rejetées depuis plus de 10 jours » and
 * Instructeur, and the actions on the ticked rows.
 */
export function SummaryTab({ structures }: { structures: IssuingStructure[] }) {
  const client = useQueryClient();
  const [form, setForm] = useState({ structureId: '', hideOldRejected: false, instructor: '' });
  const [filter, setFilter] = useState<WorklistFilter>({ page: 1 });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useQuery({
    queryKey: followUpKeys.issued(filter),
    queryFn: () => followUpApi.issuedWorklist(filter),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const ticked = items.filter((i) => selected.has(i.id));

  const refresh = async () => {
    setSelected(new Set());
    await client.invalidateQueries({ queryKey: ['invoices'] });
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSelected(new Set());
    setFilter({ ...form, instructor: form.instructor.trim(), page: 1 });
  };
  const start = () => {
    setNotice(null);
    setAlert(null);
    if (ticked.length === 0) {
      setAlert(labels.nothingSelected);
      return false;
    }
    return true;
  };

  const treat = async () => {
    if (!start()) return;
    const rejected = ticked.filter((i) => i.status === 'REJETEE');
    if (rejected.length === 0) return setAlert(labels.onlyRejected);
    setBusy(true);
    try {
      for (const item of rejected) await followUpApi.treatRejection(item.id);
      setNotice(labels.treated(rejected.length));
    } catch (e) {
      setAlert(errorMessage(e));
    } finally {
      setBusy(false);
      await refresh();
    }
  };
  const deletion = useDraftDeletion({ notice: setNotice, alert: setAlert, busy: setBusy, done: refresh });
  const remove = () => {
    if (start()) deletion.ask(ticked);
  };

  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const allTicked = items.length > 0 && ticked.length === items.length;

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
              onChange={(e) => setForm({ ...form, structureId: e.currentTarget.value })}
              data={[
                { value: '', label: labels.allStructures },
                ...structures.map((s) => ({ value: String(s.id), label: `${s.identifier} - ${s.companyName}` })),
              ]}
            />
            <Checkbox
              label={labels.hideRejected}
              checked={form.hideOldRejected}
              onChange={(e) => setForm({ ...form, hideOldRejected: e.currentTarget.checked })}
            />
            <TextInput
              label={labels.instructor}
              placeholder={labels.instructorPlaceholder}
              maxLength={60}
              value={form.instructor}
              onChange={(e) => setForm({ ...form, instructor: e.currentTarget.value })}
            />
            <Button type="submit">{labels.apply}</Button>
            <Button variant="default" onClick={() => void refresh()} loading={list.isFetching}>
              {labels.reload}
            </Button>
          </Group>
        </form>
      </Paper>
      <FormAlert message={notice} color="green" />
      <FormAlert message={alert} />
      {list.isPending && (
        <Center>
          <Loader aria-label={common.loading} />
        </Center>
      )}
      {list.isError && <FormAlert message={errorMessage(list.error)} />}
      {list.data && (
        <Stack gap="xs" aria-busy={list.isFetching || busy}>
          <Text fw={600} role="status">
            {list.data.total === 0 ? labels.empty : labels.count(list.data.total, list.data.totalCapped)}
          </Text>
          {items.length > 0 && (
            <ResponsiveTable minWidth={980}>
              <Table striped aria-label={labels.caption}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">
                      <Checkbox
                        aria-label={labels.selectAll}
                        checked={allTicked}
                        indeterminate={ticked.length > 0 && !allTicked}
                        onChange={(e) =>
                          setSelected(e.currentTarget.checked ? new Set(items.map((i) => i.id)) : new Set())
                        }
                      />
                    </Table.Th>
                    <Table.Th scope="col">{labels.columns.depositedAt}</Table.Th>
                    <Table.Th scope="col">{labels.columns.recipient}</Table.Th>
                    <Table.Th scope="col">{labels.columns.number}</Table.Th>
                    <Table.Th scope="col">{labels.columns.state}</Table.Th>
                    <Table.Th scope="col">{labels.columns.stateAt}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {labels.columns.gross}
                    </Table.Th>
                    <Table.Th scope="col">{labels.columns.commitment}</Table.Th>
                    <Table.Th scope="col">{labels.columns.instructor}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td>
                        <Checkbox
                          aria-label={labels.selectRow(i.number)}
                          checked={selected.has(i.id)}
                          onChange={(e) => toggle(i.id, e.currentTarget.checked)}
                        />
                      </Table.Td>
                      <Table.Td>{formatDate(i.depositedAt)}</Table.Td>
                      <Table.Td>{i.recipient ? `${i.recipient.identifier} – ${i.recipient.name}` : '—'}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={issuedLink(i)} aria-label={issuedList.open(i.number)}>
                          {i.number}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{invoiceStatusLabels[i.status] ?? i.status}</Table.Td>
                      <Table.Td>{formatDateTime(i.statusAt)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {formatCents(i.netPayableCents)} {i.currency}
                      </Table.Td>
                      <Table.Td>{i.commitmentNumber || '—'}</Table.Td>
                      <Table.Td miw={140}>
                        <InstructorCell key={`${i.id}-${i.instructor}`} item={i} onSaved={setNotice} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ResponsiveTable>
          )}
          {items.length > 0 && (
            <Group gap="sm" role="group" aria-label={labels.actions}>
              <Button onClick={() => void treat()} loading={busy}>
                {labels.treatRejection}
              </Button>
              <Button variant="default" onClick={() => start() && download(ticked)}>
                {labels.download}
              </Button>
              <Button variant="default" color="red" onClick={remove}>
                {labels.remove}
              </Button>
            </Group>
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
        </Stack>
      )}
      {deletion.dialog}
    </Stack>
  );
}
