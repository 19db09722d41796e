import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api-client/client.ts';
import { depositApi, depositKeys } from '../../api-client/deposit.ts';
import { invoiceKeys, invoiceNumber, invoicesApi, type Invoice } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { attachments, entry, lines, sending, totals } from '../../labels-invoicing.ts';
import { AttachmentForm, AttachmentsTable } from './AttachmentsBlock.tsx';
import { useDraftActions } from './draft-actions.ts';
import { DraftDialogs, DraftMessages } from './DraftParts.tsx';
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
import { SendSummary } from './SendSummary.tsx';
import { SupplierBlock } from './SupplierBlock.tsx';
import { TotalsBlock, VatSummary } from './TotalsBlock.tsx';
import { issuedTrail } from './trails.ts';

function EntryForm({ invoice, structures }: { invoice: Invoice | null; structures: IssuingStructure[] }) {
  const navigate = useNavigate();
  const location = useLocation();
  // A draft just saved, or just duplicated from another invoice (« Dupliquer » says which).
  const arrival = location.state as { saved?: boolean; notice?: string } | null;
  const justCreated = arrival?.saved === true || typeof arrival?.notice === 'string';
  const form = useForm<HeaderValues>({
    mode: 'controlled',
    initialValues: invoice
      ? headerFromInvoice(invoice)
      : emptyHeader(structures.length === 1 ? structures[0]!.id : null),
    validate: validateHeader,
  });
  const actions = useDraftActions({
    invoice,
    form,
    saveDraft: (values) =>
      invoice ? invoicesApi.update(invoice.id, toHeader(values)) : invoicesApi.create(toHeader(values)),
    onSaved: (saved) => {
      if (!invoice) navigate(invoicingPaths.edit(saved.id), { replace: true, state: { saved: true } });
      else actions.setNotice(entry.savedAgain);
    },
    checkBeforeSend: true,
    initialNotice: arrival?.notice ?? (justCreated ? entry.saved : null),
  });
  const { store, onSave, onSend } = actions;
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

  // The header form ends with the « Références » block; the later blocks hold their own forms (a
  // line, a file), so the bottom buttons act on the header without wrapping them.
  const buttons = (
    <Group>
      <Button
        type={invoice ? 'button' : 'submit'}
        onClick={invoice ? () => onSave() : undefined}
        variant={invoice ? 'default' : 'filled'}
        loading={actions.saving}
      >
        {entry.save}
      </Button>
      {invoice && (
        <Button onClick={() => onSend()} loading={actions.sending}>
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
        <DraftMessages actions={actions} />
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
              <LinesBlock invoice={invoice} onChange={store} error={actions.linesError} />
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
              <Button variant="subtle" color="red" onClick={actions.askDelete}>
                {entry.deleteDraft}
              </Button>
            </Group>
          </>
        )}
      </Stack>
      <DraftDialogs actions={actions} deleteLabel={entry.deleteDraft} deleteText={entry.deleteConfirm} />
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
