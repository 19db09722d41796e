import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../../api-client/client.ts';
import { depositApi, depositKeys, type DepositItem, type InvoiceDeposit } from '../../../api-client/deposit.ts';
import { invoiceKeys, invoiceNumber, invoicesApi, type Invoice } from '../../../api-client/invoices.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { applyServerError, focusFirstError } from '../../../components/form-errors.ts';
import { common } from '../../../labels.ts';
import { deposit as labels } from '../../../labels-deposit.ts';
import { attachments, entry, lines, totals } from '../../../labels-invoicing.ts';
import { ConfirmDialog } from '../../Organisation/ConfirmDialog.tsx';
import { AttachmentForm, AttachmentsTable } from '../AttachmentsBlock.tsx';
import { discountValue, headerFromInvoice, toHeader, validateHeader, type HeaderValues } from '../header-form.ts';
import { LinesTable } from '../LinesBlock.tsx';
import { invoicingPaths } from '../paths.ts';
import type { IssuingStructure } from '../prerequisites.tsx';
import { RecipientBlock } from '../RecipientBlock.tsx';
import { FrameworkBlock, ReferencesBlock } from '../ReferencesBlock.tsx';
import { Section } from '../Section.tsx';
import { SendDialog } from '../SendDialog.tsx';
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
  const navigate = useNavigate();
  const blockedId = useId();
  const plain = deposit.format === 'PDF_NON_SIGNE';
  const fatal = fatalCount(deposit);
  const [alert, setAlert] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(deposited?.message ?? null);
  const [confirming, setConfirming] = useState<Invoice | null>(null);
  const [deleting, setDeleting] = useState(false);
  const form = useForm<HeaderValues>({
    mode: 'controlled',
    initialValues: headerFromInvoice(invoice),
    validate: validateHeader,
    enhanceGetInputProps: depositInputProps(deposit),
  });
  // A plain PDF: « Montants totaux » typed instead of lines (webinar « Déposer une facture (4/6) »).
  const totalsForm = useTypedTotalsForm(deposit);
  const known = (key: string) => key in form.getValues();
  // What the reading asks to complete (unknown recipient, duplicate number…) goes on its field.
  useEffect(() => {
    const fields = deposited?.fields ?? {};
    const onFields = Object.fromEntries(Object.entries(fields).filter(([k]) => known(k)));
    if (Object.keys(onFields).length) form.setErrors(onFields);
    setProblems(
      Object.entries(fields)
        .filter(([k]) => !known(k))
        .map(([, m]) => m),
    );
    // Once, for the deposit just made (the form and `known` are stable for this page).
  }, [deposited]);

  const store = (saved: Invoice) => {
    client.setQueryData(invoiceKeys.one(saved.id), saved);
    void client.invalidateQueries({ queryKey: ['invoices', 'issued'] });
  };
  const showError = (error: unknown) => {
    setAlert(applyServerError(form, error));
    if (plain) applyServerError(totalsForm, error);
    const fields = error instanceof ApiError ? error.fields : {};
    const onTotals = (k: string) => plain && k in totalsForm.getValues();
    setProblems(
      Object.entries(fields)
        .filter(([k]) => (!known(k) && !onTotals(k)) || k === 'lines')
        .map(([, m]) => m),
    );
  };
  const clearMessages = () => {
    setAlert(null);
    setProblems([]);
    setNotice(null);
  };

  const save = useMutation({
    mutationFn: async (values: HeaderValues) => {
      const saved = await invoicesApi.update(invoice.id, toHeader(values));
      if (!plain) return saved;
      client.setQueryData(
        depositKeys.ofInvoice(invoice.id),
        await depositApi.saveTotals(invoice.id, totalsForm.getValues()),
      );
      totalsForm.resetDirty();
      return invoicesApi.get(invoice.id);
    },
    onError: showError,
  });
  const submit = useMutation({
    mutationFn: (id: number) => invoicesApi.submit(id),
    onSuccess: (sent) => {
      setConfirming(null);
      store(sent);
      void client.invalidateQueries({ queryKey: invoiceKeys.all });
      window.scrollTo(0, 0);
    },
    onError: (error) => {
      setConfirming(null);
      showError(error);
    },
  });
  const remove = useMutation({
    mutationFn: () => invoicesApi.remove(invoice.id),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: invoiceKeys.all });
      navigate(invoicingPaths.issued);
    },
    onError: (error) => setAlert(errorMessage(error)),
  });

  const onInvalid = (errors: Record<string, unknown>) => {
    setAlert(common.formHasErrors);
    focusFirstError(form, errors);
  };
  /** The typed totals are checked with the header; their messages go next to their fields. */
  const totalsInvalid = () => {
    if (!plain) return false;
    const { hasErrors, errors } = totalsForm.validate();
    if (hasErrors) {
      setAlert(common.formHasErrors);
      focusFirstError(totalsForm, errors);
    }
    return hasErrors;
  };
  const onSave = form.onSubmit((values) => {
    clearMessages();
    if (totalsInvalid()) return;
    save.mutate(values, {
      onSuccess: (saved) => {
        store(saved);
        form.resetDirty();
        setNotice(labels.saved);
      },
    });
  }, onInvalid);
  const onSend = form.onSubmit((values) => {
    clearMessages();
    if (totalsInvalid()) return;
    save.mutate(values, {
      onSuccess: (saved) => {
        store(saved);
        form.resetDirty();
        setConfirming(saved);
      },
    });
  }, onInvalid);

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
        <Button variant="default" color="red" onClick={() => setDeleting(true)}>
          {b.remove}
        </Button>
        <Button variant="default" onClick={() => onSave()} loading={save.isPending && !confirming}>
          {b.save}
        </Button>
        <Button
          // Focusable and announced as unavailable, with the reason tied to it.
          aria-disabled={fatal > 0 || undefined}
          data-disabled={fatal > 0 || undefined}
          aria-describedby={fatal > 0 ? blockedId : undefined}
          onClick={() => (fatal > 0 ? document.getElementById(blockedId)?.focus() : onSend())}
          loading={save.isPending || submit.isPending}
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
        <FormAlert message={notice} color={deposited && !deposited.canSubmit ? 'orange' : 'green'} />
        {(alert || problems.length > 0) && (
          <Alert color="red" variant="light" role="alert">
            {alert && <Text size="sm">{alert}</Text>}
            {problems.length > 0 && (
              <List size="sm" mt="xs">
                {problems.map((p) => (
                  <List.Item key={p}>{p}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
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
        <ConfirmDialog
          opened={deleting}
          title={b.remove}
          text={labels.deleteConfirm}
          confirm={b.remove}
          danger
          pending={remove.isPending}
          onConfirm={() => remove.mutate()}
          onClose={() => setDeleting(false)}
        />
      </Stack>
      {confirming && (
        <SendDialog
          invoice={confirming}
          pending={submit.isPending}
          onCancel={() => setConfirming(null)}
          onConfirm={() => submit.mutate(confirming.id)}
        />
      )}
    </>
  );
}
