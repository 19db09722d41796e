import { Tabs } from '@mantine/core';
import { useNavigate, useSearchParams } from 'react-router';
import { Page } from '../../components/Page.tsx';
import { invoicingDomain, issuedList as labels } from '../../labels-invoicing.ts';
import { deposit } from '../../labels-deposit.ts';
import { dashboard } from '../../labels-dashboard.ts';
import { DashboardTab } from './DashboardTab.tsx';
import { FlowsTab } from './Deposit/FlowsTab.tsx';
import { InvoiceSearch } from './InvoiceSearch.tsx';
import { SummaryTab } from './SummaryTab.tsx';
import { invoicingPaths } from './paths.ts';
import { Prerequisites, usePrerequisites } from './prerequisites.tsx';
import { domainTrail } from './trails.ts';

/** « Factures émises »: tabs Synthèse, Rechercher, Tableau de bord, Saisir facture, Déposer facture; prerequisites first. */
export function IssuedInvoicesPage() {
  const state = usePrerequisites();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const asked = params.get('onglet');
  const tab = asked === 'rechercher' || asked === 'flux' || asked === 'tableau-de-bord' ? asked : 'synthese';
  return (
    <Page title={invoicingDomain.issued.title} trail={domainTrail}>
      {!state.ready ? (
        <Prerequisites state={state} />
      ) : (
        <Tabs
          value={tab}
          onChange={(value) => {
            if (value === 'saisir') navigate(invoicingPaths.enter);
            else if (value === 'deposer') navigate(invoicingPaths.deposit);
            else setParams(value && value !== 'synthese' ? { onglet: value } : {});
          }}
          keepMounted={false}
          // Arrows move the focus only: « Saisir facture » opens a page, not a panel.
          activateTabWithKeyboard={false}
        >
          <Tabs.List aria-label={labels.tabsLabel}>
            <Tabs.Tab value="synthese">{labels.summaryTab}</Tabs.Tab>
            <Tabs.Tab value="rechercher">{labels.searchTab}</Tabs.Tab>
            <Tabs.Tab value="tableau-de-bord">{dashboard.tab}</Tabs.Tab>
            <Tabs.Tab value="saisir">{labels.enterTab}</Tabs.Tab>
            <Tabs.Tab value="deposer">{deposit.tab}</Tabs.Tab>
            <Tabs.Tab value="flux">{deposit.flows.tab}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="synthese" pt="md">
            <SummaryTab structures={state.structures} />
          </Tabs.Panel>
          <Tabs.Panel value="rechercher" pt="md">
            <InvoiceSearch side="issued" />
          </Tabs.Panel>
          <Tabs.Panel value="tableau-de-bord" pt="md">
            <DashboardTab side="issued" />
          </Tabs.Panel>
          <Tabs.Panel value="flux" pt="md">
            <FlowsTab />
          </Tabs.Panel>
        </Tabs>
      )}
    </Page>
  );
}
