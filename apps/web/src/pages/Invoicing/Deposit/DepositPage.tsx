import { Alert, Anchor, Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { errorMessage } from '../../../api-client/client.ts';
import { depositApi, depositKeys, type DepositItem } from '../../../api-client/deposit.ts';
import { invoiceKeys, invoicesApi } from '../../../api-client/invoices.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { Page } from '../../../components/Page.tsx';
import { common } from '../../../labels.ts';
import { deposit as labels } from '../../../labels-deposit.ts';
import { entry, sending } from '../../../labels-invoicing.ts';
import { invoicingPaths } from '../paths.ts';
import { Prerequisites, usePrerequisites, type IssuingStructure } from '../prerequisites.tsx';
import { SendSummary } from '../SendSummary.tsx';
import { issuedTrail } from '../trails.ts';
import { DepositDraftForm } from './DepositDraftForm.tsx';
import { UploadForm } from './UploadForm.tsx';

function Loading() {
  return (
    <Center>
      <Loader aria-label={common.loading} />
    </Center>
  );
}

function DepositedInvoice({ invoiceId, structures }: { invoiceId: number; structures: IssuingStructure[] }) {
  const location = useLocation();
  const deposited = (location.state as { deposited?: DepositItem } | null)?.deposited ?? null;
  const invoice = useQuery({ queryKey: invoiceKeys.one(invoiceId), queryFn: () => invoicesApi.get(invoiceId) });
  const deposit = useQuery({
    queryKey: depositKeys.ofInvoice(invoiceId),
    queryFn: () => depositApi.ofInvoice(invoiceId),
    retry: false,
  });
  if (invoice.isPending || deposit.isPending) return <Loading />;
  if (invoice.isError) return <FormAlert message={errorMessage(invoice.error)} />;
  if (deposit.isError) return <FormAlert message={errorMessage(deposit.error)} />;
  const i = invoice.data;
  if (i.status === 'BROUILLON')
    return <DepositDraftForm invoice={i} deposit={deposit.data} structures={structures} deposited={deposited} />;
  // Sent: the same récapitulatif and certificate as a typed invoice.
  if (i.depositedAt && i.certificate) return <SendSummary invoice={i} />;
  return (
    <Alert color="orange" variant="light" role="status">
      {entry.notDraft}{' '}
      <Anchor component={Link} to={invoicingPaths.issuedInvoice(i.id)}>
        {sending.follow}
      </Anchor>
    </Alert>
  );
}

/** « Déposer facture » (a new file) and `:id/depot` (a draft made from a deposited file). */
export function DepositPage() {
  const { id } = useParams();
  const invoiceId = id && /^\d+$/.test(id) ? Number(id) : null;
  const state = usePrerequisites();
  return (
    <Page title={labels.title} trail={issuedTrail}>
      {!state.ready ? (
        <Prerequisites state={state} />
      ) : invoiceId === null ? (
        <UploadForm structures={state.structures} />
      ) : (
        <DepositedInvoice key={invoiceId} invoiceId={invoiceId} structures={state.structures} />
      )}
    </Page>
  );
}
