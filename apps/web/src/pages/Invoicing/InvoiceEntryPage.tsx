import { Alert, Anchor, Button, Center, Group, List, Loader, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api-client/client.ts';
import { depositApi, depositKeys } from '../../api-client/deposit.ts';
import { invoiceKeys, invoiceNumber, invoicesApi, type Invoice } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, focusFirstError } from '../../components/form-errors.ts';
import { Page } from '../../components/Page.tsx';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import { common } from '../../labels.ts';
import { attachments, entry, lines, sending, totals } from '../../labels-invoicing.ts';
import { AttachmentForm, AttachmentsTable } from './AttachmentsBlock.tsx';
import {
  discountValue,
  emptyHeader,
  headerFromInvoice,
  toHeader,
  validateHeader,
  type HeaderValues,
} from './header-form.ts';
import { LinesBlock } from './LinesBlock.tsx';
import { invoicingPaths } from './paths.ts';
import { Prerequisites, usePrerequisites, type IssuingStructure } from './prerequisites.tsx';
import { RecipientBlock } from './RecipientBlock.tsx';
import { FrameworkBlock, ReferencesBlock } from './ReferencesBlock.tsx';
import { Section } from './Section.tsx';
import { SendDialog } from './SendDialog.tsx';
import { SendSummary } from './SendSummary.tsx';
import { SupplierBlock } from './SupplierBlock.tsx';
import { TotalsBlock, VatSummary } from './TotalsBlock.tsx';
import { issuedTrail } from './trails.ts';

function EntryForm({ invoice, structures }: { invoice: Invoice | null; structures: IssuingStructure[] }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  // A draft just saved, or just duplicated from another invoice (« Dupliquer » says which).
  const arrival = location.state as { saved?: boolean; notice?: string } | null;
  const justCreated = arrival?.saved === true || typeof arrival?.notice === 'string';
  const [alert, setAlert] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [linesError, setLinesError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(arrival?.notice ?? (justCreated ? entry.saved : null));
  const [confirming, setConfirming] = useState<Invoice | null>(null);
  const [deleting, setDeleting] = useState(false);
  const form = useForm<HeaderValues>({
    mode: 'controlled',
    initialValues: invoice
      ? headerFromInvoice(invoice)
      : emptyHeader(structures.length === 1 ? structures[0]!.id : null),
    validate: validateHeader,
  });
  // The « enregistrée » notice is for this visit: a reload of the page does not show it again.
  useEffect(() => {
    if (justCreated) navigate(location.pathname, { replace: true, state: null });
  }, [justCreated, navigate, location.pathname]);
  // Closing the tab or reloading with header changes not yet saved asks first.
  const dirty = form.isDirty();
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const store = (saved: Invoice) => {
    client.setQueryData(invoiceKeys.one(saved.id), saved);
    void client.invalidateQueries({ queryKey: ['invoices', 'issued'] });
  };
  const showError = (error: unknown) => {
    setAlert(applyServerError(form, error));
    const fields = error instanceof ApiError ? error.fields : {};
    setLinesError(fields.lines ?? null);
    // Rules on data without a field here (lines, structure state…) are listed under the message.
    setProblems(
      Object.entries(fields)
        .filter(([k]) => !(k in form.getValues()) || k === 'lines')
        .map(([, m]) => m),
    );
  };
  const clearMessages = () => {
    setAlert(null);
    setProblems([]);
    setLinesError(null);
    setNotice(null);
  };

  const save = useMutation({
    mutationFn: (values: HeaderValues) =>
      invoice ? invoicesApi.update(invoice.id, toHeader(values)) : invoicesApi.create(toHeader(values)),
    onError: showError,
  });
  const submit = useMutation({
    mutationFn: (id: number) => invoicesApi.submit(id),
    onSuccess: (sent) => {
      setConfirming(null);
      store(sent);
      window.scrollTo(0, 0);
    },
    onError: (error) => {
      setConfirming(null);
      showError(error);
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => invoicesApi.remove(id),
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
  const onSave = form.onSubmit((values) => {
    clearMessages();
    save.mutate(values, {
      onSuccess: (saved) => {
        store(saved);
        form.resetDirty();
        if (!invoice) navigate(invoicingPaths.edit(saved.id), { replace: true, state: { saved: true } });
        else setNotice(entry.savedAgain);
      },
    });
  }, onInvalid);
  // The send rules are checked before the confirmation: the user confirms only what will go.
  const check = useMutation({
    mutationFn: async (saved: Invoice) => {
      const result = await invoicesApi.sendCheck(saved.id);
      if (!result.sendable) throw new ApiError('VALIDATION_FAILED', result.message, 422, result.problems);
      return saved;
    },
    onSuccess: setConfirming,
    onError: showError,
  });
  const onSend = form.onSubmit((values) => {
    clearMessages();
    save.mutate(values, {
      onSuccess: (saved) => {
        store(saved);
        form.resetDirty();
        check.mutate(saved);
      },
    });
  }, onInvalid);

  // The header form ends with the « Références » block; the later blocks hold their own forms (a
  // line, a file), so the bottom buttons act on the header without wrapping them.
  const buttons = (
    <Group>
      <Button
        type={invoice ? 'button' : 'submit'}
        onClick={invoice ? () => onSave() : undefined}
        variant={invoice ? 'default' : 'filled'}
        loading={save.isPending && !confirming}
      >
        {entry.save}
      </Button>
      {invoice && (
        <Button onClick={() => onSend()} loading={save.isPending || check.isPending || submit.isPending}>
          {entry.send}
        </Button>
      )}
    </Group>
  );

  return (
    <>
      <Stack gap="lg">
        {invoice && <Text fw={600}>{entry.editTitle(invoiceNumber(invoice))}</Text>}
        <Text size="sm" c="dimmed">
          {entry.required}
        </Text>
        <FormAlert message={notice} color="green" />
        {alert && (
          <Alert color="red" variant="light" role="alert">
            <Text size="sm">{alert}</Text>
            {problems.length > 0 && (
              <List size="sm" mt="xs">
                {problems.map((p) => (
                  <List.Item key={p}>{p}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <form noValidate onSubmit={onSave}>
          <Stack gap="lg">
            <Section title={entry.recipient.title}>
              <RecipientBlock form={form} />
            </Section>
            <Section title={entry.supplier.title}>
              <SupplierBlock form={form} structures={structures} />
            </Section>
            <Section title={entry.framework.title}>
              <FrameworkBlock form={form} />
            </Section>
            <Section title={entry.references.title}>
              <ReferencesBlock form={form} />
            </Section>
            {!invoice && buttons}
          </Stack>
        </form>
        {invoice && (
          <>
            <Section title={lines.title}>
              <LinesBlock invoice={invoice} onChange={store} error={linesError} />
            </Section>
            <Section title={totals.vatTitle}>
              <VatSummary invoice={invoice} globalDiscount={discountValue(form.getValues().globalDiscount)} />
            </Section>
            <Section title={entry.comment.title}>
              <Textarea label={entry.comment.label} autosize minRows={3} {...form.getInputProps('comment')} />
            </Section>
            <Section title={totals.title}>
              <TotalsBlock invoice={invoice} form={form} />
            </Section>
            <Section title={attachments.title}>
              <AttachmentsTable invoice={invoice} onChange={store} />
              <AttachmentForm invoice={invoice} onAdded={store} />
            </Section>
            {buttons}
            <Group>
              <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                {entry.deleteDraft}
              </Button>
            </Group>
            <ConfirmDialog
              opened={deleting}
              title={entry.deleteDraft}
              text={entry.deleteConfirm}
              confirm={entry.deleteDraft}
              danger
              pending={remove.isPending}
              onConfirm={() => remove.mutate(invoice.id)}
              onClose={() => setDeleting(false)}
            />
          </>
        )}
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

function Entry({ invoiceId, structures }: { invoiceId: number | null; structures: IssuingStructure[] }) {
  const query = useQuery({
    queryKey: invoiceKeys.one(invoiceId ?? 0),
    queryFn: () => invoicesApi.get(invoiceId ?? 0),
    enabled: invoiceId !== null,
  });
  // A draft made from a deposited file is completed on « Déposer facture » (404 for a typed one).
  const deposited = useQuery({
    queryKey: depositKeys.ofInvoice(invoiceId ?? 0),
    queryFn: () => depositApi.ofInvoice(invoiceId ?? 0),
    enabled: invoiceId !== null,
    retry: false,
  });
  if (invoiceId === null) return <EntryForm invoice={null} structures={structures} />;
  if (deposited.data) return <Navigate to={invoicingPaths.depositDraft(invoiceId)} replace />;
  if (query.isPending || deposited.isPending)
    return (
      <Center>
        <Loader aria-label={common.loading} />
      </Center>
    );
  if (query.isError) return <FormAlert message={errorMessage(query.error)} />;
  const invoice = query.data;
  if (invoice.status === 'BROUILLON') return <EntryForm invoice={invoice} structures={structures} />;
  if (invoice.depositedAt && invoice.certificate) return <SendSummary invoice={invoice} />;
  return (
    <Alert color="orange" variant="light" role="status">
      {entry.notDraft}{' '}
      <Anchor component={Link} to={invoicingPaths.issuedInvoice(invoice.id)}>
        {sending.follow}
      </Anchor>
    </Alert>
  );
}

/** « Saisir facture » (new) and `:id/modifier` (a draft): header, then lines, totals, files, sending. */
export function InvoiceEntryPage() {
  const { id } = useParams();
  const invoiceId = id && /^\d+$/.test(id) ? Number(id) : null;
  const state = usePrerequisites();
  return (
    <Page title={entry.title} trail={issuedTrail}>
      {!state.ready ? (
        <Prerequisites state={state} />
      ) : (
        <Entry key={invoiceId ?? 'new'} invoiceId={invoiceId} structures={state.structures} />
      )}
    </Page>
  );
}
