import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId } from 'react';
import { Link } from 'react-router';
import { depositApi, depositKeys, type DepositItem, type InvoiceDeposit } from '../../../api-client/deposit.ts';
import { invoiceNumber, invoicesApi, type Invoice } from '../../../api-client/invoices.ts';
import { unplacedMessages } from '../../../components/form-errors.ts';
import { deposit as labels } from '../../../labels-deposit.ts';
import { attachments, entry, lines, totals } from '../../../labels-invoicing.ts';
import { AttachmentForm, AttachmentsTable } from '../AttachmentsBlock.tsx';
import { useDraftActions } from '../draft-actions.ts';
import { DraftDialogs, DraftMessages } from '../DraftParts.tsx';
import { discountValue, headerFromInvoice, toHeader, validateHeader, type HeaderValues } from '../header-form.ts';
import { LinesTable } from '../LinesBlock.tsx';
import { invoicingPaths } from '../paths.ts';
import type { IssuingStructure } from '../prerequisites.tsx';
import { RecipientBlock } from '../RecipientBlock.tsx';
import { FrameworkBlock, ReferencesBlock } from '../ReferencesBlock.tsx';
import { Section } from '../Section.tsx';
import { SupplierBlock } from '../SupplierBlock.tsx';
import { VatSummary } from '../TotalsBlock.tsx';
import { depositInputProps, fatalCount } from './deposit-form.ts';
import { FileRecipient, FileReferences, FileTotals, FormatBlock } from './FileDataBlocks.tsx';
import { TypedTotalsBlock } from './TypedTotalsBlock.tsx';
import { useTypedTotalsForm } from './typed-totals-form.ts';
import { ValidationReport } from './ValidationReport.tsx';

interface Props {
  invoice: Invoice;
  deposit: InvoiceDeposit;
  structures: IssuingStructure[];
  /** What the reading found, right after the deposit (fields to complete). */
  deposited: DepositItem | null;
}

/**
 * A draft made from a deposited file (webinar « Déposer une facture (2/6) … (6/6) »): a plain PDF
 * is completed like a typed invoice from the values read (« à vérifier »); a structured file keeps
 * its data, only what a depositor may add is editable. Then the same confirmation and summary.
 */
export function DepositDraftForm({ invoice, deposit, structures, deposited }: Props) {
  const client = useQueryClient();
  const blockedId = useId();
  const plain = deposit.format === 'PDF_NON_SIGNE';
  const fatal = fatalCount(deposit);
  const form = useForm<HeaderValues>({
    mode: 'controlled',
    initialValues: headerFromInvoice(invoice),
    validate: validateHeader,
    enhanceGetInputProps: depositInputProps(deposit),
  });
  // A plain PDF: « Montants totaux » typed instead of lines (webinar « Déposer une facture (4/6) »).
  const totalsForm = useTypedTotalsForm(deposit);
  const actions = useDraftActions({
    invoice,
    form,
    saveDraft: async (values) => {
      const saved = await invoicesApi.update(invoice.id, toHeader(values));
      if (!plain) return saved;
      client.setQueryData(
        depositKeys.ofInvoice(invoice.id),
        await depositApi.saveTotals(invoice.id, totalsForm.getValues()),
      );
      totalsForm.resetDirty();
      return invoicesApi.get(invoice.id);
    },
    onSaved: () => actions.setNotice(labels.saved),
    // The typed totals are checked and saved with the header; their messages go next to their fields.
    extraForm: plain ? totalsForm : undefined,
    initialNotice: deposited?.message ?? null,
  });
  const { store, onSave, onSend } = actions;
  // What the reading asks to complete (unknown recipient, duplicate number…) goes on its field.
  useEffect(() => {
    const fields = deposited?.fields ?? {};
    const known = (key: string) => key in form.getValues();
    const onFields = Object.fromEntries(Object.entries(fields).filter(([k]) => known(k)));
    if (Object.keys(onFields).length) form.setErrors(onFields);
    actions.setProblems(unplacedMessages(fields, known));
    // Once, for the deposit just made (the form and `known` are stable for this page).
  }, [deposited]);

  const b = labels.buttons;
  const buttons = (
    <Stack gap="xs">
      {fatal > 0 && (
        <Alert color="red" variant="light" id={blockedId} role="alert" tabIndex={-1}>
          {labels.blocked(fatal)}
        </Alert>
      )}
      <Group>
        <Button component={Link} to={invoicingPaths.deposit} variant="default">
          {b.newDeposit}
        </Button>
        <Button variant="default" color="red" onClick={actions.askDelete}>
          {b.remove}
        </Button>
        <Button variant="default" onClick={() => onSave()} loading={actions.saving}>
          {b.save}
        </Button>
        <Button
          // Focusable and announced as unavailable, with the reason tied to it.
          aria-disabled={fatal > 0 || undefined}
          data-disabled={fatal > 0 || undefined}
          aria-describedby={fatal > 0 ? blockedId : undefined}
          onClick={() => (fatal > 0 ? document.getElementById(blockedId)?.focus() : onSend())}
          loading={actions.sending}
        >
          {b.send}
        </Button>
      </Group>
    </Stack>
  );

  return (
    <>
      <Stack gap="lg">
        <Text fw={600}>{entry.editTitle(invoiceNumber(invoice))}</Text>
        <Text size="sm" c="dimmed">
          {labels.required}
        </Text>
        <DraftMessages actions={actions} noticeColor={deposited && !deposited.canSubmit ? 'orange' : 'green'} />
        <Section title={labels.formatTitle}>
          <FormatBlock invoiceId={invoice.id} deposit={deposit} />
        </Section>
        {(!plain || deposit.report.length > 0) && (
          <Section title={labels.report.title}>
            <ValidationReport lines={deposit.report} />
          </Section>
        )}
        {plain && deposit.guesses.length > 0 && (
          <Alert color="blue" variant="light" role="note">
            {labels.ocrNote}
          </Alert>
        )}
        <form noValidate onSubmit={onSave}>
          <Stack gap="lg">
            <Section title={labels.complementary}>
              <FrameworkBlock form={form} />
              <SupplierBlock form={form} structures={structures} />
            </Section>
            <Section title={entry.recipient.title}>
              {plain ? (
                <RecipientBlock form={form} />
              ) : (
                <FileRecipient invoice={invoice} deposit={deposit} form={form} />
              )}
            </Section>
            <Section title={entry.references.title}>
              {plain ? (
                <ReferencesBlock form={form} />
              ) : (
                <FileReferences invoice={invoice} deposit={deposit} form={form} />
              )}
            </Section>
          </Stack>
        </form>
        {plain ? (
          <Section title={labels.amounts.title}>
            <TypedTotalsBlock form={totalsForm} guesses={deposit.guesses} />
          </Section>
        ) : (
          <>
            <Section title={lines.title}>
              <LinesTable invoice={invoice} />
            </Section>
            <Section title={totals.vatTitle}>
              <VatSummary invoice={invoice} globalDiscount={discountValue(form.getValues().globalDiscount)} />
            </Section>
            <Section title={labels.amounts.title}>
              <FileTotals invoice={invoice} />
            </Section>
          </>
        )}
        <Section title={attachments.title}>
          <AttachmentsTable invoice={invoice} onChange={store} />
          <AttachmentForm invoice={invoice} onAdded={store} />
        </Section>
        {buttons}
      </Stack>
      <DraftDialogs actions={actions} deleteLabel={b.remove} deleteText={labels.deleteConfirm} />
    </>
  );
}
