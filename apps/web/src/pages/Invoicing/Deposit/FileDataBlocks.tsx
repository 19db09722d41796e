import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { Invoice } from '../../../api-client/invoices.ts';
import { depositUrls, type InvoiceDeposit } from '../../../api-client/deposit.ts';
import { formatCents, STATE_SIRET } from '@chorale/domain';
import { DetailsTable } from '../../Organisation/DetailsTable.tsx';
import { common } from '../../../labels.ts';
import { depositFormatLabels, deposit as labels } from '../../../labels-deposit.ts';
import {
  attachments as attachmentLabels,
  entry,
  formatDate,
  invoiceTypeLabels,
  paymentModeLabels,
  totals,
  vatTypeLabels,
} from '../../../labels-invoicing.ts';
import type { HeaderForm } from '../header-form.ts';
import { RecipientBlock } from '../RecipientBlock.tsx';

/** « Format de dépôt » detected, and the deposited file (the legal original) to download. */
export function FormatBlock({ invoiceId, deposit }: { invoiceId: number; deposit: InvoiceDeposit }) {
  return (
    <Stack gap="sm">
      <DetailsTable
        caption={labels.formatTitle}
        rows={[
          [labels.formatLabel, depositFormatLabels[deposit.format]],
          [labels.modeLabel, deposit.depositMode],
          [labels.originalName, deposit.originalFileName],
          [labels.originalSize, attachmentLabels.size(deposit.originalSize)],
          [labels.originalFingerprint, deposit.originalSha256],
        ]}
      />
      <Group>
        <Button
          component="a"
          href={depositUrls.original(invoiceId)}
          download={deposit.originalFileName}
          variant="default"
          aria-label={`${labels.download} (${deposit.originalFileName})`}
        >
          {labels.download}
        </Button>
      </Group>
    </Stack>
  );
}

const editable = (deposit: InvoiceDeposit, field: string) =>
  deposit.editableFields === null || (deposit.editableFields as string[]).includes(field);

/** « Destinataire de la facture » of a structured file: the file's, except what it lacks. */
export function FileRecipient({
  invoice,
  deposit,
  form,
}: {
  invoice: Invoice;
  deposit: InvoiceDeposit;
  form: HeaderForm;
}) {
  const r = invoice.recipient;
  // A recipient missing from the file or unknown to the directory is the depositor's to give.
  if (editable(deposit, 'recipientIdentifier')) return <RecipientBlock form={form} />;
  return (
    <Stack gap="sm">
      <DetailsTable
        caption={entry.recipient.title}
        rows={[
          [labels.recipientState, r?.identifier === STATE_SIRET ? common.yes : common.no],
          [labels.recipientSiret, r?.identifier ?? ''],
          [labels.recipientName, r?.name ?? ''],
          ...(editable(deposit, 'recipientServiceCode')
            ? []
            : [[labels.serviceCode, invoice.recipientService?.code ?? ''] as [string, string]]),
        ]}
      />
      {editable(deposit, 'recipientServiceCode') && (
        <TextInput
          label={labels.serviceCode}
          autoComplete="off"
          maw={360}
          {...form.getInputProps('recipientServiceCode')}
        />
      )}
    </Stack>
  );
}

/** « Références » of a structured file: read from it; the commitment number only when it lacks one. */
export function FileReferences({
  invoice,
  deposit,
  form,
}: {
  invoice: Invoice;
  deposit: InvoiceDeposit;
  form: HeaderForm;
}) {
  const r = entry.references;
  const commitmentEditable = editable(deposit, 'commitmentNumber');
  return (
    <Stack gap="sm">
      <Text size="sm">{labels.structuredNote}</Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <DetailsTable
          caption={labels.fileData}
          rows={[
            [r.number, invoice.number ?? ''],
            [r.date, formatDate(invoice.invoiceDate)],
            [r.currency, invoice.currency],
            [r.type, invoiceTypeLabels[invoice.type]],
          ]}
        />
        <DetailsTable
          caption={`${labels.fileData} (2)`}
          rows={[
            [r.vatType, vatTypeLabels[invoice.vatType]],
            [r.paymentMode, paymentModeLabels[invoice.paymentMode]],
            [r.marketNumber, invoice.marketNumber],
            ...(commitmentEditable ? [] : [[r.commitmentNumber, invoice.commitmentNumber] as [string, string]]),
          ]}
        />
      </SimpleGrid>
      {commitmentEditable && (
        <TextInput
          label={r.commitmentNumber}
          autoComplete="off"
          maw={360}
          {...form.getInputProps('commitmentNumber')}
        />
      )}
    </Stack>
  );
}

/** « Montants totaux » of a structured file: the amounts Chorale keeps for it (as the récapitulatif shows them). */
export function FileTotals({ invoice }: { invoice: Invoice }) {
  const t = invoice.totals;
  const cur = (cents: number) => `${formatCents(cents)} ${invoice.currency}`;
  return (
    <DetailsTable
      caption={totals.title}
      rows={[
        [totals.net, cur(t.netCents)],
        [totals.vatTotal, cur(t.vatCents)],
        [totals.grossBefore, cur(t.grossCents)],
        [totals.globalDiscount, cur(t.globalDiscountCents)],
        [totals.grossAfter, cur(t.afterDiscountCents)],
        [totals.netPayable, cur(t.netPayableCents)],
      ]}
    />
  );
}
