import { Button, Center, Group, Loader, NativeSelect, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { invoiceStatuses } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { invoiceKeys, invoicesApi } from '../../api-client/invoices.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { invoiceStatusLabels, invoicingDomain, issuedList as labels } from '../../labels-invoicing.ts';
import { deposit } from '../../labels-deposit.ts';
import { InvoiceTable, Pager } from './InvoiceTable.tsx';
import { issuedLink, SummaryTab } from './SummaryTab.tsx';
import { invoicingPaths } from './paths.ts';
import { Prerequisites, usePrerequisites } from './prerequisites.tsx';
import { domainTrail } from './trails.ts';

function Loading() {
  return (
    <Center>
      <Loader aria-label={common.loading} />
    </Center>
  );
}

function SearchTab() {
  const [status, setStatus] = useState('');
  const [filter, setFilter] = useState({ status: '', page: 1 });
  const list = useQuery({
    queryKey: invoiceKeys.issued(filter),
    queryFn: () => invoicesApi.issued(filter),
    placeholderData: keepPreviousData,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ status, page: 1 });
  };
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {labels.searchTitle}
      </Title>
      <Paper withBorder p="md">
        <form onSubmit={submit} role="search" aria-label={labels.searchTitle}>
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label={labels.state}
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value)}
              data={[
                { value: '', label: labels.allStates },
                ...invoiceStatuses.map((s) => ({ value: s, label: invoiceStatusLabels[s] })),
              ]}
            />
            <Button type="submit" loading={list.isFetching}>
              {labels.search}
            </Button>
          </Group>
        </form>
      </Paper>
      {list.isPending && <Loading />}
      {list.isError && <FormAlert message={errorMessage(list.error)} />}
      {list.data && (
        <Stack gap="xs" aria-busy={list.isFetching}>
          <Text fw={600} role="status">
            {labels.count(list.data.total)}
          </Text>
          {list.data.items.length > 0 && (
            <InvoiceTable side="issued" items={list.data.items} caption={labels.caption} to={issuedLink} />
          )}
          <Pager
            page={list.data.page}
            total={list.data.total}
            pageSize={list.data.pageSize}
            onPage={(page) => setFilter({ ...filter, page })}
          />
        </Stack>
      )}
    </Stack>
  );
}

/** « Factures émises »: tabs Synthèse, Rechercher, Saisir facture, Déposer facture; prerequisites first. */
export function IssuedInvoicesPage() {
  const state = usePrerequisites();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('onglet') === 'rechercher' ? 'rechercher' : 'synthese';
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
            else setParams(value === 'rechercher' ? { onglet: 'rechercher' } : {});
          }}
          keepMounted={false}
          // Arrows move the focus only: « Saisir facture » opens a page, not a panel.
          activateTabWithKeyboard={false}
        >
          <Tabs.List aria-label={labels.tabsLabel}>
            <Tabs.Tab value="synthese">{labels.summaryTab}</Tabs.Tab>
            <Tabs.Tab value="rechercher">{labels.searchTab}</Tabs.Tab>
            <Tabs.Tab value="saisir">{labels.enterTab}</Tabs.Tab>
            <Tabs.Tab value="deposer">{deposit.tab}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="synthese" pt="md">
            <SummaryTab structures={state.structures} />
          </Tabs.Panel>
          <Tabs.Panel value="rechercher" pt="md">
            <SearchTab />
          </Tabs.Panel>
        </Tabs>
      )}
    </Page>
  );
}
