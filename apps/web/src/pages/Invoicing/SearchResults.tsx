import { Anchor, Badge, Checkbox, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import type { InvoiceSortKey } from '@chorale/contracts';
import { formatCents, invoiceStatusLabels, invoiceTypeLabels } from '@chorale/domain';
import { invoiceUrls, type InvoiceSummary } from '../../api-client/invoices.ts';
import type { InvoiceSide, SearchCriteria } from '../../api-client/invoice-search.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { summary } from '../../labels-follow-up.ts';
import { formatDate } from '../../labels-invoicing.ts';
import { search as labels } from '../../labels-search.ts';
import { invoicingPaths } from './paths.ts';
import { useDuplicateInvoice } from './ReturnedPanels.tsx';

const kb = (bytes: number) =>
  bytes === 0 ? '—' : `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('fr-FR')} Ko`;
const money = (cents: number, currency: string) => `${formatCents(cents)} ${currency}`;

/** « 2 jours de retard », « Échéance proche » beside the state; nothing when the delay does not run. */
export function PaymentBadge({ payment }: { payment: InvoiceSummary['payment'] }) {
  if (!payment || payment.paid) return null;
  if (payment.late)
    return (
      <Badge color="red" variant="light" size="sm">
        {labels.late(payment.daysLate)}
      </Badge>
    );
  if (payment.dueSoon)
    return (
      <Badge color="orange" variant="light" size="sm">
        {labels.dueSoon}
      </Badge>
    );
  return null;
}

function SortHeader({
  column,
  label,
  criteria,
  onSort,
  align,
}: {
  column: InvoiceSortKey;
  label: string;
  criteria: SearchCriteria;
  onSort: (sort: InvoiceSortKey, order: 'asc' | 'desc') => void;
  align?: 'right';
}) {
  const active = criteria.sort === column;
  const order = active ? (criteria.order ?? 'asc') : null;
  const ariaSort = order === 'asc' ? 'ascending' : order === 'desc' ? 'descending' : 'none';
  return (
    <Table.Th scope="col" aria-sort={ariaSort} ta={align}>
      <UnstyledButton
        onClick={() => onSort(column, order === 'asc' ? 'desc' : 'asc')}
        aria-label={labels.sortBy(label, ariaSort)}
        fw={700}
        fz="sm"
      >
        {label} {order === 'asc' ? '▲' : order === 'desc' ? '▼' : ''}
      </UnstyledButton>
    </Table.Th>
  );
}

export function Results({
  side,
  items,
  criteria,
  onSort,
  selected,
  onSelect,
}: {
  side: InvoiceSide;
  items: InvoiceSummary[];
  criteria: SearchCriteria;
  onSort: (sort: InvoiceSortKey, order: 'asc' | 'desc') => void;
  /** The ticked rows (« Télécharger », « Supprimer » act on them). */
  selected: Set<number>;
  onSelect: (ids: number[], on: boolean) => void;
}) {
  const ticked = items.filter((i) => selected.has(i.id)).length;
  const c = labels.columns;
  const open = (i: InvoiceSummary) =>
    side === 'received'
      ? invoicingPaths.receivedInvoice(i.id)
      : i.status === 'BROUILLON'
        ? invoicingPaths.edit(i.id)
        : invoicingPaths.issuedInvoice(i.id);
  const h = (column: InvoiceSortKey, label: string, align?: 'right') => (
    <SortHeader column={column} label={label} criteria={criteria} onSort={onSort} align={align} />
  );
  return (
    <ResponsiveTable minWidth={880}>
      {/* The webinar's twelve columns fit a 1280 px screen: tight spacing, long values wrap. */}
      <Table
        striped
        horizontalSpacing={4}
        aria-label={side === 'issued' ? labels.captionIssued : labels.captionReceived}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={28}>
              <Checkbox
                size="xs"
                aria-label={summary.selectAll}
                checked={ticked === items.length}
                indeterminate={ticked > 0 && ticked < items.length}
                onChange={(e) =>
                  onSelect(
                    items.map((i) => i.id),
                    e.currentTarget.checked,
                  )
                }
              />
            </Table.Th>
            {h('type', c.type)}
            {h('supplier', c.supplier)}
            {h('recipient', c.recipient)}
            {h('service', c.service)}
            {h('number', c.number)}
            {h('invoiceDate', c.invoiceDate)}
            {h('depositedAt', c.depositedAt)}
            {h('net', c.net, 'right')}
            {h('gross', c.gross, 'right')}
            {h('status', c.status)}
            <Table.Th scope="col">{c.attachments}</Table.Th>
            <Table.Th scope="col">{c.actions}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>
                <Checkbox
                  size="xs"
                  aria-label={summary.selectRow(i.number)}
                  checked={selected.has(i.id)}
                  onChange={(e) => onSelect([i.id], e.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td>{invoiceTypeLabels[i.type]}</Table.Td>
              <Table.Td>{`${i.supplier.identifier} – ${i.supplier.name}`}</Table.Td>
              <Table.Td>{i.recipient ? `${i.recipient.identifier} – ${i.recipient.name}` : '—'}</Table.Td>
              <Table.Td>{i.recipient?.serviceCode ?? '—'}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-all' }}>
                <Anchor component={Link} to={open(i)} aria-label={labels.open(i.number)}>
                  {i.number}
                </Anchor>
              </Table.Td>
              <Table.Td>{formatDate(i.invoiceDate)}</Table.Td>
              <Table.Td>{formatDate(i.depositedAt)}</Table.Td>
              <Table.Td ta="right">{money(i.netCents, i.currency)}</Table.Td>
              <Table.Td ta="right">{money(i.netPayableCents, i.currency)}</Table.Td>
              <Table.Td>
                <Stack gap={2} align="flex-start">
                  <span>{invoiceStatusLabels[i.status] ?? i.status}</span>
                  <PaymentBadge payment={i.payment} />
                </Stack>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{kb(i.attachmentsSize)}</Table.Td>
              <Table.Td>
                {/* Spaced so that each action is a 24 px touch target (WCAG 2.2 target size). */}
                <Stack gap={6}>
                  <Anchor
                    href={invoiceUrls.invoicePdf(i.id)}
                    target="_blank"
                    size="sm"
                    aria-label={labels.view(i.number)}
                  >
                    {labels.viewShort}
                  </Anchor>
                  <Anchor href={invoiceUrls.invoicePdf(i.id)} download size="sm" aria-label={labels.download(i.number)}>
                    {labels.downloadShort}
                  </Anchor>
                  {side === 'issued' && <DuplicateLink invoice={i} />}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ResponsiveTable>
  );
}

/** « Dupliquer » in a row: a new draft from this invoice, opened for correction. */
function DuplicateLink({ invoice }: { invoice: InvoiceSummary }) {
  const { duplicate, pending, alert } = useDuplicateInvoice(invoice.id);
  return (
    <>
      <Anchor
        component="button"
        type="button"
        size="sm"
        ta="left"
        onClick={duplicate}
        disabled={pending}
        aria-label={labels.duplicate(invoice.number)}
      >
        {labels.duplicateShort}
      </Anchor>
      {alert && (
        <Text size="xs" c="red.8" role="alert">
          {alert}
        </Text>
      )}
    </>
  );
}
