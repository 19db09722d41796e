import { Button, Center, Group, Loader, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { invoiceStatuses } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { invoiceKeys, invoicesApi } from '../../api-client/invoices.ts';
import { membershipsApi, orgKeys, structuresApi } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { common } from '../../labels.ts';
import { invoiceStatusLabels, invoicingDomain, issuedList, receivedList as labels } from '../../labels-invoicing.ts';
import { InvoiceTable, Pager } from './InvoiceTable.tsx';
import { invoicingPaths } from './paths.ts';
import { domainTrail } from './trails.ts';

/** The services of the public structures whose received invoices the user follows, for the filter. */
function useReceivingServices() {
  const permissions = useQuery({ queryKey: orgKeys.permissions, queryFn: membershipsApi.permissions });
  const structures = new Map<number, string>();
  for (const p of permissions.data?.items ?? [])
    if (p.application === 'FACTURES_RECUES') structures.set(p.structureId, p.companyName || p.structure);
  const ids = [...structures.keys()];
  const services = useQueries({
    queries: ids.map((id) => ({
      queryKey: orgKeys.services(id),
      queryFn: () => structuresApi.services(id),
      retry: false,
    })),
  });
  const options = services.flatMap((s, i) =>
    (s.data?.items ?? []).map((x) => ({
      value: String(x.id),
      label: `${structures.get(ids[i] ?? 0) ?? ''} – ${x.code} ${x.name}`,
    })),
  );
  return { isPending: permissions.isPending, receives: ids.length > 0, options, error: permissions.error };
}

/** « Factures reçues »: the invoices delivered to the user's public structures, by state and service. */
export function ReceivedInvoicesPage() {
  const scope = useReceivingServices();
  const [status, setStatus] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [filter, setFilter] = useState({ status: '', serviceId: '', page: 1 });
  const list = useQuery({
    queryKey: invoiceKeys.received(filter),
    queryFn: () => invoicesApi.received(filter),
    placeholderData: keepPreviousData,
    enabled: scope.receives,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ status, serviceId, page: 1 });
  };
  let content;
  if (scope.isPending)
    content = (
      <Center>
        <Loader aria-label={common.loading} />
      </Center>
    );
  else if (scope.error) content = <FormAlert message={errorMessage(scope.error)} />;
  else if (!scope.receives) content = <Text>{labels.none}</Text>;
  else
    content = (
      <Stack gap="md">
        <Paper withBorder p="md">
          <form onSubmit={submit} role="search" aria-label={labels.title}>
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
              <NativeSelect
                label={labels.service}
                value={serviceId}
                onChange={(e) => setServiceId(e.currentTarget.value)}
                data={[{ value: '', label: labels.allServices }, ...scope.options]}
              />
              <Button type="submit" loading={list.isFetching}>
                {labels.search}
              </Button>
            </Group>
          </form>
        </Paper>
        {list.isError && <FormAlert message={errorMessage(list.error)} />}
        {list.data && (
          <Stack gap="xs" aria-busy={list.isFetching}>
            <Text fw={600} role="status">
              {issuedList.count(list.data.total)}
            </Text>
            {list.data.items.length > 0 && (
              <InvoiceTable
                side="received"
                items={list.data.items}
                caption={labels.caption}
                to={(i) => invoicingPaths.receivedInvoice(i.id)}
              />
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
  return (
    <Page title={invoicingDomain.received.title} trail={domainTrail}>
      {content}
    </Page>
  );
}
