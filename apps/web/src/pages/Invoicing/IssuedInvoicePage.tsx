import { Alert, Anchor, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { completeInvoiceSchema } from '@chorale/contracts';
import { invoiceKeys, invoiceNumber, invoicesApi, type Invoice } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { applyServerError, onValidSubmit, useFormAlert } from '../../components/form-errors.ts';
import { ticketPaths } from '../Tickets/paths.ts';
import { Page } from '../../components/Page.tsx';
import { detail, invoicingDomain } from '../../labels-invoicing.ts';
import { returned } from '../../labels-follow-up.ts';
import { DuplicateButton, RecyclePanel, RejectedPanel, returnReason as reasonOfReturn } from './ReturnedPanels.tsx';
import { AttachmentForm, AttachmentsTable } from './AttachmentsBlock.tsx';
import { CurrentState, InvoiceDetails } from './InvoiceDetails.tsx';
import { invoicingPaths } from './paths.ts';
import { useMayModify } from './prerequisites.tsx';
import { DepositedFile } from './Deposit/DepositedFile.tsx';
import { Section } from './Section.tsx';
import { issuedTrail } from './trails.ts';
import { QueryState } from '../../components/QueryState.tsx';

/** A suspended invoice: the missing files and a comment, then « Compléter et renvoyer » (→ COMPLETEE). */
function CompletePanel({ invoice, onChange }: { invoice: Invoice; onChange: (invoice: Invoice) => void }) {
  const reason = invoice.history.find((h) => h.status === 'SUSPENDUE')?.comment;
  const form = useForm({
    mode: 'controlled',
    initialValues: { comment: '' },
    validate: schemaResolver(completeInvoiceSchema, { sync: true }),
  });
  const [alert, setAlert] = useFormAlert(form);
  const complete = useMutation({
    mutationFn: (comment: string) => invoicesApi.complete(invoice.id, comment),
    onSuccess: (saved) => {
      form.reset();
      onChange(saved);
    },
    onError: (error) => setAlert(applyServerError(form, error)),
  });
  return (
    <Section title={detail.completeTitle}>
      <Alert color="orange" variant="light">
        <Text size="sm">{detail.suspended}</Text>
        {reason && (
          <Text size="sm" fw={600} mt="xs">
            {detail.reason(reason)}
          </Text>
        )}
      </Alert>
      <AttachmentsTable invoice={invoice} />
      <AttachmentForm invoice={invoice} onAdded={onChange} />
      <form noValidate onSubmit={onValidSubmit(form, setAlert, (values) => complete.mutate(values.comment))}>
        <Stack gap="sm" maw={640}>
          <FormAlert message={alert} />
          <Textarea label={detail.completeComment} required autosize minRows={3} {...form.getInputProps('comment')} />
          <Button type="submit" loading={complete.isPending} style={{ alignSelf: 'flex-start' }}>
            {detail.complete}
          </Button>
        </Stack>
      </form>
    </Section>
  );
}

/** The invoice page of the supplier (the status mails link here). */
export function IssuedInvoicePage() {
  const id = Number(useParams().id);
  const client = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery({ queryKey: invoiceKeys.one(id), queryFn: () => invoicesApi.get(id), enabled: id > 0 });
  const store = (saved: Invoice) => {
    client.setQueryData(invoiceKeys.one(saved.id), saved);
    void client.invalidateQueries({ queryKey: ['invoices', 'issued'] });
  };
  const invoice = query.data;
  const mayModify = useMayModify('FACTURES_EMISES', invoice?.supplier.id, invoice?.supplierService?.code);
  const returnReason = invoice && reasonOfReturn(invoice);
  return (
    <Page title={invoice ? detail.title(invoiceNumber(invoice)) : invoicingDomain.issued.title} trail={issuedTrail}>
      <QueryState query={query} />
      {invoice && (
        <Stack gap="lg">
          <CurrentState invoice={invoice} />
          <FormAlert message={notice} color="green" />
          {invoice.status === 'BROUILLON' && mayModify && (
            <Anchor component={Link} to={invoicingPaths.edit(invoice.id)} fw={600}>
              {detail.editDraft}
            </Anchor>
          )}
          {invoice.side === 'supplier' && mayModify && invoice.status === 'A_RECYCLER' && (
            <RecyclePanel
              invoice={invoice}
              onChange={(saved) => {
                store(saved);
                setNotice(returned.recycled);
              }}
            />
          )}
          {invoice.side === 'supplier' && mayModify && invoice.status === 'REJETEE' && (
            <RejectedPanel
              invoice={invoice}
              onChange={(saved) => {
                store(saved);
                setNotice(returned.treated);
              }}
            />
          )}
          {(invoice.status === 'REJETEE' || invoice.status === 'A_RECYCLER') &&
            !(invoice.side === 'supplier' && mayModify) && (
              <Alert color="orange" variant="light" role="status">
                <Text size="sm">{invoice.status === 'REJETEE' ? detail.rejected : detail.recycle}</Text>
                {returnReason && (
                  <Text size="sm" fw={600} mt="xs">
                    {detail.reason(returnReason)}
                  </Text>
                )}
              </Alert>
            )}
          {invoice.status === 'SUSPENDUE' && invoice.side === 'supplier' && mayModify && (
            <CompletePanel
              invoice={invoice}
              onChange={(saved) => {
                store(saved);
                if (saved.status === 'COMPLETEE') setNotice(detail.completed);
              }}
            />
          )}
          {invoice.side === 'supplier' && mayModify && !['BROUILLON', 'REJETEE'].includes(invoice.status) && (
            <Group>
              <DuplicateButton invoice={invoice} />
            </Group>
          )}
          {invoice.side === 'supplier' && invoice.number && invoice.status !== 'BROUILLON' && (
            <Anchor
              component={Link}
              to={`${ticketPaths.create}?objet=FACTURE&numero=${encodeURIComponent(invoice.number)}`}
            >
              {detail.askRecipient}
            </Anchor>
          )}
          <DepositedFile invoiceId={invoice.id} />
          <InvoiceDetails invoice={invoice} />
        </Stack>
      )}
    </Page>
  );
}
