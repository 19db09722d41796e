import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatCents } from '@chorale/domain';
import type { InvoiceSummary } from '../../api-client/invoices.ts';
import { formatDateTime } from '../../components/format.ts';
import { formatDate, invoiceStatusLabels, issuedList, receivedList } from '../../labels-invoicing.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';

interface Props {
  side: 'issued' | 'received';
  items: InvoiceSummary[];
  caption: string;
  /** Where the number links to. */
  to: (invoice: InvoiceSummary) => string;
}

/** The invoice lists of « Synthèse », « Rechercher » and « Factures reçues » (webinar columns). */
export function InvoiceTable({ side, items, caption, to }: Props) {
  const c = side === 'issued' ? issuedList.columns : receivedList.columns;
  return (
    <ResponsiveTable minWidth={860}>
      <Table striped aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{c.depositedAt}</Table.Th>
            <Table.Th scope="col">
              {side === 'issued' ? issuedList.columns.recipient : receivedList.columns.supplier}
            </Table.Th>
            <Table.Th scope="col">{c.number}</Table.Th>
            {side === 'received' && <Table.Th scope="col">{receivedList.columns.service}</Table.Th>}
            <Table.Th scope="col">{c.state}</Table.Th>
            <Table.Th scope="col">{c.stateAt}</Table.Th>
            <Table.Th scope="col" ta="right">
              {c.gross}
            </Table.Th>
            <Table.Th scope="col">{c.commitment}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>{formatDate(i.depositedAt)}</Table.Td>
              <Table.Td>
                {side === 'issued'
                  ? i.recipient
                    ? `${i.recipient.identifier} – ${i.recipient.name}`
                    : '—'
                  : `${i.supplier.identifier} – ${i.supplier.name}`}
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={to(i)} aria-label={issuedList.open(i.number)}>
                  {i.number}
                </Anchor>
              </Table.Td>
              {side === 'received' && <Table.Td>{i.recipient?.serviceCode ?? '—'}</Table.Td>}
              <Table.Td>{invoiceStatusLabels[i.status] ?? i.status}</Table.Td>
              <Table.Td>{formatDateTime(i.statusAt)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatCents(i.netPayableCents)} {i.currency}
              </Table.Td>
              <Table.Td>{i.commitmentNumber || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ResponsiveTable>
  );
}

/** « Page précédente / suivante » under a list. */
export function Pager({
  page,
  total,
  pageSize,
  more = false,
  onPage,
}: {
  page: number;
  total: number;
  pageSize: number;
  /** The list counts up to `total` and says there are more (worklists, issue 12): a next page exists. */
  more?: boolean;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1 && !more) return null;
  return (
    <Group component="nav" aria-label={issuedList.pagination} gap="sm">
      <Button variant="default" size="xs" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {issuedList.previous}
      </Button>
      <Text size="sm">{more ? issuedList.pageOfMore(page, pages) : issuedList.pageOf(page, pages)}</Text>
      <Button variant="default" size="xs" disabled={page >= pages && !more} onClick={() => onPage(page + 1)}>
        {issuedList.next}
      </Button>
    </Group>
  );
}
