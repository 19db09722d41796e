import { Center, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { invoicingDomain, receivedList as labels } from '../../labels-invoicing.ts';
import { InvoiceSearch } from './InvoiceSearch.tsx';
import { domainTrail } from './trails.ts';

/**
 * « Factures reçues »: the invoices delivered to the user's public structures, searched with the
 * recipient's criteria (supplier, structure and service, dates, state, amounts…), sortable,
 * exportable, late ones flagged.
 */
export function ReceivedInvoicesPage() {
  const permissions = useQuery({ queryKey: orgKeys.permissions, queryFn: membershipsApi.permissions });
  const receives = (permissions.data?.items ?? []).some((p) => p.application === 'FACTURES_RECUES');
  let content;
  if (permissions.isPending)
    content = (
      <Center>
        <Loader aria-label={common.loading} />
      </Center>
    );
  else if (permissions.error) content = <FormAlert message={errorMessage(permissions.error)} />;
  else if (!receives) content = <Text>{labels.none}</Text>;
  else content = <InvoiceSearch side="received" />;
  return (
    <Page title={invoicingDomain.received.title} trail={domainTrail}>
      {content}
    </Page>
  );
}
