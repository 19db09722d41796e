import { Alert, Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api-client/client.ts';
import { followUpApi } from '../../api-client/follow-up.ts';
import { invoiceNumber, type Invoice } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError } from '../../components/form-errors.ts';
import { formatDateTime } from '../../components/format.ts';
import { returned as labels } from '../../labels-follow-up.ts';
import { detail } from '../../labels-invoicing.ts';
import { headerFromInvoice, type HeaderValues } from './header-form.ts';
import { invoicingPaths } from './paths.ts';
import { RecipientBlock } from './RecipientBlock.tsx';
import { Section } from './Section.tsx';

/** The recipient's reason for the current return (the newest history row of that state). */
export const returnReason = (invoice: Invoice) =>
  invoice.history.find((h) => h.status === invoice.status && !h.comment.startsWith('Rejet traité'))?.comment;

/**
 * « A recycler »: the recipient block of « Saisir facture » (directory lookup, its requirements)
 * and the commitment number — nothing else can change — then « Renvoyer la facture », same number.
 */
export function RecyclePanel({ invoice, onChange }: { invoice: Invoice; onChange: (invoice: Invoice) => void }) {
  const [alert, setAlert] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const form = useForm<HeaderValues>({ mode: 'controlled', initialValues: headerFromInvoice(invoice) });
  const recycle = useMutation({
    mutationFn: (v: HeaderValues) =>
      followUpApi.recycle(invoice.id, {
        recipientIsState: v.recipientIsState,
        recipientIdentifier: v.recipientIdentifier,
        recipientServiceCode: v.recipientServiceCode,
        commitmentNumber: v.commitmentNumber,
        comment,
      }),
    onSuccess: onChange,
    onError: (error) => setAlert(applyServerError(form, error)),
  });
  const reason = returnReason(invoice);
  return (
    <Section title={labels.recycleTitle}>
      <Alert color="orange" variant="light">
        <Text size="sm">{labels.recycleIntro}</Text>
        {reason && (
          <Text size="sm" fw={600} mt="xs">
            {detail.reason(reason)}
          </Text>
        )}
      </Alert>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setAlert(null);
          recycle.mutate(values);
        })}
      >
        <Stack gap="sm" maw={720}>
          <FormAlert message={alert} />
          <RecipientBlock form={form} />
          <TextInput label={labels.commitment} autoComplete="off" {...form.getInputProps('commitmentNumber')} />
          <Textarea
            label={labels.comment}
            autosize
            minRows={2}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
          />
          <Button type="submit" loading={recycle.isPending} style={{ alignSelf: 'flex-start' }}>
            {labels.recycle}
          </Button>
        </Stack>
      </form>
    </Section>
  );
}

/** « Rejetée »: the reason, « Traiter le rejet » (once) and « Dupliquer ». */
export function RejectedPanel({ invoice, onChange }: { invoice: Invoice; onChange: (invoice: Invoice) => void }) {
  const [alert, setAlert] = useState<string | null>(null);
  const treat = useMutation({
    mutationFn: () => followUpApi.treatRejection(invoice.id),
    onSuccess: onChange,
    onError: (error) => setAlert(errorMessage(error)),
  });
  const reason = returnReason(invoice);
  return (
    <Section title={labels.rejectedTitle}>
      <Alert color="orange" variant="light">
        <Text size="sm">{labels.rejectedIntro}</Text>
        {reason && (
          <Text size="sm" fw={600} mt="xs">
            {detail.reason(reason)}
          </Text>
        )}
        {invoice.rejectionHandledAt && (
          <Text size="sm" mt="xs">
            {labels.treatedOn(formatDateTime(invoice.rejectionHandledAt))}
          </Text>
        )}
      </Alert>
      <FormAlert message={alert} />
      <Group gap="sm">
        {!invoice.rejectionHandledAt && (
          <Button onClick={() => treat.mutate()} loading={treat.isPending}>
            {labels.treatRejection}
          </Button>
        )}
        <DuplicateButton invoice={invoice} />
      </Group>
    </Section>
  );
}

/** « Dupliquer »: a new draft from this invoice, opened for correction (its page, Rechercher's rows). */
export function useDuplicateInvoice(invoiceId: number) {
  const navigate = useNavigate();
  const [alert, setAlert] = useState<string | null>(null);
  const duplicate = useMutation({
    mutationFn: () => followUpApi.duplicate(invoiceId),
    onSuccess: (copy) =>
      navigate(invoicingPaths.edit(copy.id), { state: { notice: labels.duplicated(invoiceNumber(copy)) } }),
    onError: (error) => setAlert(errorMessage(error)),
  });
  return { duplicate: () => duplicate.mutate(), pending: duplicate.isPending, alert };
}

export function DuplicateButton({ invoice }: { invoice: Invoice }) {
  const { duplicate, pending, alert } = useDuplicateInvoice(invoice.id);
  return (
    <Stack gap={4}>
      <Button variant="default" onClick={duplicate} loading={pending}>
        {labels.duplicate}
      </Button>
      <FormAlert message={alert} />
    </Stack>
  );
}
