import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import { formatCents } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { invoicesApi, type Invoice, type InvoiceLine } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { formatRate, lines as labels, unitLabel } from '../../labels-invoicing.ts';
import { Pager } from './InvoiceTable.tsx';
import { LineForm } from './LineForm.tsx';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';

const PAGE_SIZE = 5;
/** « 320 » → « 320,00 » for amounts (at least `min` decimals), French decimal comma. */
const decimal = (v: string, min = 0) => {
  const [units, decimals = ''] = v.split('.');
  const shown = decimals.padEnd(min, '0');
  return shown ? `${units},${shown}` : (units ?? v);
};

/** The lines table, read-only on a sent invoice. */
export function LinesTable({ invoice, actions }: { invoice: Invoice; actions?: (line: InvoiceLine) => ReactNode }) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(invoice.lines.length / PAGE_SIZE));
  const shown = invoice.lines.slice((Math.min(page, pages) - 1) * PAGE_SIZE, Math.min(page, pages) * PAGE_SIZE);
  const c = labels.columns;
  return (
    <Stack gap="xs">
      <Text size="sm">{labels.count(invoice.lines.length)}</Text>
      {invoice.lines.length > 0 && (
        <ResponsiveTable minWidth={900}>
          <Table striped aria-label={labels.caption}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{c.position}</Table.Th>
                <Table.Th scope="col">{c.reference}</Table.Th>
                <Table.Th scope="col">{c.name}</Table.Th>
                <Table.Th scope="col">{c.quantity}</Table.Th>
                <Table.Th scope="col">{c.unit}</Table.Th>
                <Table.Th scope="col">{c.unitPrice}</Table.Th>
                <Table.Th scope="col">{c.discount}</Table.Th>
                <Table.Th scope="col">{c.vatRate}</Table.Th>
                <Table.Th scope="col">{c.net}</Table.Th>
                {actions && <Table.Th scope="col">{c.actions}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{l.position}</Table.Td>
                  <Table.Td>{l.reference}</Table.Td>
                  <Table.Td>{l.name}</Table.Td>
                  <Table.Td>{decimal(l.quantity)}</Table.Td>
                  <Table.Td>{unitLabel(l.unit)}</Table.Td>
                  <Table.Td>{decimal(l.unitPrice, 2)}</Table.Td>
                  <Table.Td>{decimal(l.discount, 2)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatRate(l.vatRate)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatCents(l.netCents)}</Table.Td>
                  {actions && <Table.Td>{actions(l)}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ResponsiveTable>
      )}
      <Pager page={Math.min(page, pages)} total={invoice.lines.length} pageSize={PAGE_SIZE} onPage={setPage} />
    </Stack>
  );
}

interface Props {
  invoice: Invoice;
  onChange: (invoice: Invoice) => void;
  /** The server's message when the lines stop the sending (« Ajoutez au moins une ligne »). */
  error?: string | null;
}

/** « Ligne de facture » of a draft: add, modify, delete. */
export function LinesBlock({ invoice, onChange, error }: Props) {
  const [editing, setEditing] = useState<InvoiceLine | 'new' | null>(null);
  // The dialog is unmounted when it closes, so Mantine cannot give the focus back: the block does,
  // to the button that opened it (« Ajouter ligne », or « Modifier » of the line) (issue 14).
  const addButton = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = (target: InvoiceLine | 'new', from: HTMLElement) => {
    opener.current = from;
    setEditing(target);
  };
  const close = () => {
    setEditing(null);
    requestAnimationFrame(() => (opener.current?.isConnected ? opener.current : addButton.current)?.focus());
  };
  const [notice, setNotice] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (line: InvoiceLine) => invoicesApi.deleteLine(invoice.id, line.id),
    onSuccess: (saved) => {
      onChange(saved);
      setNotice(labels.removed);
    },
    onError: (e) => setAlert(errorMessage(e)),
  });
  return (
    <Stack gap="sm">
      <FormAlert message={error ?? null} />
      <FormAlert message={alert} />
      <FormAlert message={notice} color="green" />
      {invoice.lines.length === 0 && <Text size="sm">{labels.none}</Text>}
      <LinesTable
        invoice={invoice}
        actions={(l) => (
          <Group gap={4} wrap="nowrap">
            <Button
              size="compact-sm"
              variant="subtle"
              aria-label={labels.editLabel(l.position)}
              onClick={(e) => open(l, e.currentTarget)}
            >
              {labels.edit}
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              aria-label={labels.removeLabel(l.position)}
              loading={remove.isPending && remove.variables?.id === l.id}
              onClick={() => {
                setAlert(null);
                setNotice(null);
                remove.mutate(l);
              }}
            >
              {labels.remove}
            </Button>
          </Group>
        )}
      />
      <Group>
        <Button
          ref={addButton}
          variant="light"
          onClick={(e) => {
            setNotice(null);
            open('new', e.currentTarget);
          }}
        >
          + {labels.add}
        </Button>
      </Group>
      {editing && (
        <LineForm
          invoice={invoice}
          line={editing === 'new' ? null : editing}
          onSaved={(saved, message) => {
            onChange(saved);
            setNotice(message);
          }}
          onClose={close}
        />
      )}
    </Stack>
  );
}
