import { Center, Loader, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { dashboard } from '../../labels-dashboard.ts';
import { toProcess } from '../../labels-follow-up.ts';
import { invoicingDomain, receivedList as labels } from '../../labels-invoicing.ts';
import { DashboardTab } from './DashboardTab.tsx';
import { InvoiceSearch } from './InvoiceSearch.tsx';
import { ReceivedWorklistTab } from './ReceivedWorklistTab.tsx';
import { domainTrail } from './trails.ts';

type ReceivedTab = 'a-traiter' | 'rechercher' | 'tableau-de-bord';
const tabs: readonly ReceivedTab[] = ['a-traiter', 'rechercher', 'tableau-de-bord'];

/** The tabs of « Factures reçues », the open one in the URL (the dashboard's bars open a search). */
function ReceivedTabs() {
  const [params, setParams] = useSearchParams();
  const asked = params.get('onglet') as ReceivedTab | null;
  const tab: ReceivedTab = asked && tabs.includes(asked) ? asked : 'a-traiter';
  return (
    <Tabs
      value={tab}
      onChange={(value) => setParams(value && value !== 'a-traiter' ? { onglet: value } : {})}
      keepMounted={false}
    >
      <Tabs.List aria-label={labels.tabsLabel}>
        <Tabs.Tab value="a-traiter">{toProcess.tab}</Tabs.Tab>
        <Tabs.Tab value="rechercher">{labels.searchTab}</Tabs.Tab>
        <Tabs.Tab value="tableau-de-bord">{dashboard.tab}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="a-traiter" pt="md">
        <ReceivedWorklistTab />
      </Tabs.Panel>
      <Tabs.Panel value="rechercher" pt="md">
        <InvoiceSearch side="received" />
      </Tabs.Panel>
      <Tabs.Panel value="tableau-de-bord" pt="md">
        <DashboardTab side="received" />
      </Tabs.Panel>
    </Tabs>
  );
}

/**
 * « Factures reçues »: the invoices delivered to the user's public structures — « Factures à
 * traiter » (the worklist, ticked rows processed together), « Rechercher »
 * with the recipient's criteria (sortable, exportable, late ones flagged) and the « Tableau de
 * bord », invoices close to or past their due date first.
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
  else content = <ReceivedTabs />;
  return (
    <Page title={invoicingDomain.received.title} trail={domainTrail}>
      {content}
    </Page>
  );
}
