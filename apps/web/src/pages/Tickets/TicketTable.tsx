import { Anchor, Button, Group, NativeSelect, Table, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import type { TicketFilter, TicketSort, TicketSummary } from '../../api-client/tickets.ts';
import { formatDateTime } from '../../components/format.ts';
import { list as labels, ticketStatusLabels } from '../../labels-support.ts';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';

const columns: TicketSort[] = ['number', 'title', 'openedAt', 'category', 'subcategory', 'status'];

interface Props {
  items: TicketSummary[];
  filter: TicketFilter;
  onSort: (sort: TicketSort) => void;
  to: (ticket: TicketSummary) => string;
}

/** « Liste des tickets »: the webinar's columns, each sorted by a click (A→Z, then Z→A). */
export function TicketTable({ items, filter, onSort, to }: Props) {
  return (
    <ResponsiveTable minWidth={860}>
      <Table striped aria-label={labels.caption}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => {
              const active = filter.sort === c;
              const sorted = active ? (filter.direction === 'asc' ? 'ascending' : 'descending') : 'none';
              return (
                <Table.Th scope="col" key={c} aria-sort={sorted}>
                  <UnstyledButton
                    onClick={() => onSort(c)}
                    fw={700}
                    fz="sm"
                    aria-label={labels.sortBy(labels.columns[c])}
                  >
                    {labels.columns[c]}
                    <span aria-hidden="true">{active ? (filter.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </UnstyledButton>
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor
                  component={Link}
                  to={to(t)}
                  aria-label={t.number ? labels.open(t.number) : labels.openDraft(t.title || String(t.id))}
                >
                  {t.number ?? labels.draftNumber}
                </Anchor>
              </Table.Td>
              <Table.Td>{t.title || '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(t.openedAt)}</Table.Td>
              <Table.Td>{t.category}</Table.Td>
              <Table.Td>{t.subcategory}</Table.Td>
              <Table.Td>{ticketStatusLabels[t.status] ?? t.status}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ResponsiveTable>
  );
}

/** « Afficher N lignes par page » and the previous / next pages. */
export function TicketPager({
  filter,
  total,
  onChange,
}: {
  filter: TicketFilter;
  total: number;
  onChange: (change: Partial<TicketFilter>) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / filter.pageSize));
  return (
    <Group component="nav" aria-label={labels.pagination} gap="sm" align="flex-end">
      <NativeSelect
        label={labels.pageSize}
        size="xs"
        value={String(filter.pageSize)}
        onChange={(e) => onChange({ pageSize: Number(e.currentTarget.value), page: 1 })}
        data={[10, 20, 50].map((n) => ({ value: String(n), label: labels.pageSizeOption(n) }))}
      />
      {pages > 1 && (
        <>
          <Button
            variant="default"
            size="xs"
            disabled={filter.page <= 1}
            onClick={() => onChange({ page: filter.page - 1 })}
          >
            {labels.previous}
          </Button>
          <Text size="sm">{labels.pageOf(filter.page, pages)}</Text>
          <Button
            variant="default"
            size="xs"
            disabled={filter.page >= pages}
            onClick={() => onChange({ page: filter.page + 1 })}
          >
            {labels.next}
          </Button>
        </>
      )}
    </Group>
  );
}
