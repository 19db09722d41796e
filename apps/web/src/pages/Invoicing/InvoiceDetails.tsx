import { Badge, Button, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { invoiceUrls, type Invoice, type InvoiceParty } from '../../api-client/invoices.ts';
import { formatDateTime } from '../../components/format.ts';
import { DetailsTable } from '../Organisation/DetailsTable.tsx';
import {
  attachments as attachmentLabels,
  billingFrameworkLabels,
  detail,
  entry,
  formatDate,
  invoiceStatusLabels,
  invoiceTypeLabels,
  lines as lineLabels,
  paymentModeLabels,
  sending,
  totals,
  vatTypeLabels,
} from '../../labels-invoicing.ts';
import { AttachmentsTable } from './AttachmentsBlock.tsx';
import { LinesTable } from './LinesBlock.tsx';
import { PaymentDelayBlock } from './PaymentDelayBlock.tsx';
import { Section } from './Section.tsx';
import { TotalsTable, VatSummary } from './TotalsBlock.tsx';
import { ListTable } from '../../components/ListTable.tsx';

const party = (p: InvoiceParty | null) =>
  p
    ? `${p.identifier} – ${p.name} — ${[p.address, `${p.postalCode} ${p.city}`.trim()].filter(Boolean).join(', ')}`
    : '';

/** « Etat courant » and its date, at the head of the invoice. */
export function CurrentState({ invoice }: { invoice: Invoice }) {
  return (
    <Group gap="sm" role="status" aria-label={detail.currentState}>
      <Text fw={600}>{detail.currentState} :</Text>
      <Badge size="lg" variant="light" data-testid="current-state">
        {invoiceStatusLabels[invoice.status] ?? invoice.status}
      </Badge>
      <Text size="sm">{detail.since(formatDateTime(invoice.statusAt))}</Text>
    </Group>
  );
}

/** « Suivi du traitement »: every state the invoice went through, newest first. */
export function HistoryTable({ invoice }: { invoice: Invoice }) {
  const c = detail.historyColumns;
  return (
    <ListTable minWidth={720} caption={detail.historyCaption} columns={[c.at, c.state, c.user, c.structure, c.comment]}>
      {invoice.history.map((h, i) => (
        <Table.Tr key={`${h.at}-${i}`}>
          <Table.Td>{formatDateTime(h.at)}</Table.Td>
          <Table.Td>{invoiceStatusLabels[h.status] ?? h.status}</Table.Td>
          <Table.Td>{h.user}</Table.Td>
          <Table.Td>{h.structure}</Table.Td>
          <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{h.comment}</Table.Td>
        </Table.Tr>
      ))}
    </ListTable>
  );
}

/** Everything the invoice holds, for its supplier and for its recipient. */
export function InvoiceDetails({ invoice }: { invoice: Invoice }) {
  const r = entry.references;
  const sent = invoice.depositedAt !== null;
  return (
    <Stack gap="lg">
      <PaymentDelayBlock invoice={invoice} />
      {sent && (
        <Group>
          <Button
            component="a"
            href={invoiceUrls.invoicePdf(invoice.id)}
            target="_blank"
            rel="noopener"
            variant="default"
          >
            {sending.viewInvoice}
          </Button>
          {invoice.side === 'supplier' && (
            <>
              <Button component="a" href={invoiceUrls.certificatePdf(invoice.id)} variant="default">
                {sending.exportCertificate}
              </Button>
              <Button component="a" href={invoiceUrls.depositJson(invoice.id)} download variant="default">
                {sending.exportData}
              </Button>
            </>
          )}
        </Group>
      )}
      <Section title={detail.parties}>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <DetailsTable
            caption={detail.recipient}
            rows={[
              [detail.recipient, party(invoice.recipient)],
              [
                entry.recipient.service,
                invoice.recipientService ? `${invoice.recipientService.code} – ${invoice.recipientService.name}` : '',
              ],
            ]}
          />
          <DetailsTable
            caption={detail.supplier}
            rows={[
              [detail.supplier, party(invoice.supplier)],
              [
                entry.supplier.service,
                invoice.supplierService ? `${invoice.supplierService.code} – ${invoice.supplierService.name}` : '',
              ],
              [
                detail.bank,
                invoice.bankAccount ? `${invoice.bankAccount.holderName} – ${invoice.bankAccount.iban}` : '',
              ],
            ]}
          />
        </SimpleGrid>
      </Section>
      <Section title={detail.references}>
        <DetailsTable
          caption={detail.references}
          rows={[
            [entry.framework.label, billingFrameworkLabels[invoice.billingFramework] ?? invoice.billingFramework],
            [r.number, invoice.number ?? invoice.draftNumber],
            [r.date, formatDate(invoice.invoiceDate)],
            [detail.depositedAt, formatDateTime(invoice.depositedAt)],
            [detail.madeAvailableAt, formatDateTime(invoice.madeAvailableAt)],
            [r.currency, invoice.currency],
            [r.type, invoiceTypeLabels[invoice.type]],
            [r.vatType, vatTypeLabels[invoice.vatType]],
            ...(invoice.vatType === 'EXONERATION'
              ? [[r.exemptionReason, invoice.exemptionReason] as [string, string]]
              : []),
            [r.marketNumber, invoice.marketNumber],
            [r.commitmentNumber, invoice.commitmentNumber],
            [r.originalInvoiceNumber, invoice.originalInvoiceNumber],
            [r.paymentMode, paymentModeLabels[invoice.paymentMode]],
          ]}
        />
      </Section>
      <Section title={lineLabels.title}>
        <LinesTable invoice={invoice} />
      </Section>
      <Section title={totals.vatTitle}>
        <VatSummary invoice={invoice} globalDiscount={invoice.globalDiscount} />
      </Section>
      <Section title={totals.title}>
        <TotalsTable invoice={invoice} globalDiscount={invoice.globalDiscount} />
      </Section>
      {invoice.comment && (
        <Section title={entry.comment.title}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{invoice.comment}</Text>
        </Section>
      )}
      <Section title={attachmentLabels.title}>
        <AttachmentsTable invoice={invoice} />
      </Section>
      <Section title={detail.history}>
        <HistoryTable invoice={invoice} />
      </Section>
    </Stack>
  );
}
