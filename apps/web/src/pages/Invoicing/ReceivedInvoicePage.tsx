import { Button, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { allowedTransitions, reasonRequired, type InvoiceStatus } from '@chorale/domain';
import { invoiceKeys, invoiceNumber, invoicesApi, type Invoice } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError, useFormAlert } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { detail, invoiceStatusLabels, invoicingDomain, processing as labels } from '../../labels-invoicing.ts';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import { CurrentState, InvoiceDetails } from './InvoiceDetails.tsx';
import { useMayModify } from './prerequisites.tsx';
import { DepositedFile } from './Deposit/DepositedFile.tsx';
import { Section } from './Section.tsx';
import { receivedTrail } from './trails.ts';
import { QueryState } from '../../components/QueryState.tsx';

/** « Traiter la facture »: only the states the lifecycle allows now; a reason when it is required. */
function StatusForm({ invoice, onChange }: { invoice: Invoice; onChange: (saved: Invoice, message: string) => void }) {
  const allowed = allowedTransitions(invoice.status, 'recipient');
  const form = useForm({
    mode: 'controlled',
    initialValues: { status: '', reason: '' },
    validate: {
      status: (v) => (v ? null : labels.stateRequired),
      reason: (v, values) =>
        reasonRequired.has(values.status as InvoiceStatus) && !v.trim() ? labels.reasonRequired : null,
    },
  });
  const [alert, setAlert] = useFormAlert(form);
  const change = useMutation({
    mutationFn: (v: { status: string; reason: string }) =>
      invoicesApi.changeStatus(invoice.id, v.status as InvoiceStatus, v.reason.trim()),
    onSuccess: (saved) => {
      onChange(saved, labels.done(invoiceStatusLabels[saved.status]));
    },
    onError: (error) => setAlert(applyServerError(form, error)),
  });
  const chosen = form.getValues().status as InvoiceStatus;
  // « Rejetée » cannot be undone: the clerk confirms it, the reason in front of him (issue 14).
  const [rejecting, setRejecting] = useState<{ status: string; reason: string } | null>(null);
  return (
    <Section title={labels.title}>
      {allowed.length === 0 ? (
        <Text>{labels.noMore}</Text>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit(
            (values) => {
              setAlert(null);
              if (values.status === 'REJETEE') setRejecting(values);
              else change.mutate(values);
            },
            (errors) => {
              setAlert(common.formHasErrors);
              focusFirstError(form, errors);
            },
          )}
        >
          <Stack gap="sm" maw={640}>
            <Text size="sm">{labels.intro}</Text>
            <FormAlert message={alert} />
            <NativeSelect
              label={labels.newState}
              required
              data={[
                { value: '', label: labels.choose },
                ...allowed.map((s) => ({ value: s, label: invoiceStatusLabels[s] })),
              ]}
              {...form.getInputProps('status')}
            />
            <Textarea
              label={labels.reason}
              description={labels.reasonHint}
              required={reasonRequired.has(chosen)}
              autosize
              minRows={2}
              {...form.getInputProps('reason')}
            />
            <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
              {labels.submit}
            </Button>
          </Stack>
        </form>
      )}
      <ConfirmDialog
        opened={rejecting !== null}
        title={labels.rejectTitle}
        text={labels.rejectText(invoiceNumber(invoice), rejecting?.reason.trim() ?? '')}
        confirm={labels.rejectConfirm}
        danger
        pending={change.isPending}
        onConfirm={() => {
          if (rejecting) change.mutate(rejecting, { onSettled: () => setRejecting(null) });
        }}
        onClose={() => setRejecting(null)}
      />
    </Section>
  );
}

/** The invoice page of the public entity that received it. */
export function ReceivedInvoicePage() {
  const id = Number(useParams().id);
  const client = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery({ queryKey: invoiceKeys.one(id), queryFn: () => invoicesApi.get(id), enabled: id > 0 });
  const invoice = query.data;
  const mayProcess = useMayModify('FACTURES_RECUES', invoice?.recipient?.id, invoice?.recipientService?.code);
  return (
    <Page title={invoice ? detail.title(invoiceNumber(invoice)) : invoicingDomain.received.title} trail={receivedTrail}>
      <QueryState query={query} />
      {invoice && (
        <Stack gap="lg">
          <CurrentState invoice={invoice} />
          <FormAlert message={notice} color="green" />
          {invoice.side === 'recipient' && mayProcess && (
            <StatusForm
              key={invoice.status}
              invoice={invoice}
              onChange={(saved, message) => {
                setNotice(message);
                client.setQueryData(invoiceKeys.one(saved.id), saved);
                void client.invalidateQueries({ queryKey: ['invoices', 'received'] });
              }}
            />
          )}
          <DepositedFile invoiceId={invoice.id} />
          <InvoiceDetails invoice={invoice} />
        </Stack>
      )}
    </Page>
  );
}
