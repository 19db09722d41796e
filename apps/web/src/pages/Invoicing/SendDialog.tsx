import { Button, Group, List, Stack, Text } from '@mantine/core';
import { formatCents } from '@chorale/domain';
import { invoiceNumber, type Invoice } from '../../api-client/invoices.ts';
import { sending as labels } from '../../labels-invoicing.ts';
import { Dialog } from './Dialog.tsx';

interface Props {
  invoice: Invoice;
  pending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

/** « Confirmation d'envoi » of the webinar, with the amounts about to be sent. */
export function SendDialog({ invoice, pending, onCancel, onConfirm }: Props) {
  const t = invoice.totals;
  const recipient = invoice.recipient ? `${invoice.recipient.identifier} ${invoice.recipient.name}` : '—';
  return (
    <Dialog onClose={onCancel} title={labels.confirmTitle}>
      <Stack gap="md">
        <Text>{labels.confirmText(invoiceNumber(invoice), recipient)}</Text>
        <List>
          <List.Item>
            {labels.net} : {formatCents(t.netCents)}
          </List.Item>
          <List.Item>
            {labels.vat} : {formatCents(t.vatCents)}
          </List.Item>
          <List.Item>
            {labels.grossAfter} : {formatCents(t.afterDiscountCents)}
          </List.Item>
          <List.Item>
            {labels.netPayable} : {formatCents(t.netPayableCents)}
          </List.Item>
        </List>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={pending}>
            {labels.cancel}
          </Button>
          <Button onClick={onConfirm} loading={pending}>
            {labels.confirm}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
