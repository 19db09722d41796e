import {
  Button,
  Checkbox,
  Collapse,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import {
  billingFrameworkLabels,
  billingFrameworks,
  invoiceStatusLabels,
  invoiceTypeLabels,
  statusGroups,
  statusHints,
} from '@chorale/domain';
import {
  advancedKeys,
  criteriaFrom,
  invoiceSearchApi,
  searchKeys,
  searchQueryKey,
  type InvoiceSide,
  type SearchCriteria,
} from '../../api-client/invoice-search.ts';
import { membershipsApi, orgKeys, structuresApi } from '../../api-client/organisation.ts';
import { search as labels } from '../../labels-search.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { Pager } from './InvoiceTable.tsx';
import { Results } from './SearchResults.tsx';
import { SelectionActions } from './SearchSelection.tsx';
import { QueryState } from '../../components/QueryState.tsx';

export { PaymentBadge } from './SearchResults.tsx';

/** The user's structures on one side (any level) and, once one is chosen, its services. */
export function useSideStructures(side: InvoiceSide, structureId: string) {
  const application = side === 'issued' ? 'FACTURES_EMISES' : 'FACTURES_RECUES';
  const permissions = useQuery({ queryKey: orgKeys.permissions, queryFn: membershipsApi.permissions });
  const structures = new Map<number, string>();
  for (const p of permissions.data?.items ?? [])
    if (p.application === application) structures.set(p.structureId, `${p.structure} – ${p.companyName}`);
  const ids = structureId ? [Number(structureId)] : [...structures.keys()];
  const services = useQueries({
    queries: ids.map((id) => ({
      queryKey: orgKeys.services(id),
      queryFn: () => structuresApi.services(id),
      retry: false,
    })),
  });
  return {
    structures: [...structures].map(([id, label]) => ({ value: String(id), label })),
    services: services.flatMap((q) =>
      (q.data?.items ?? []).map((x) => ({ value: String(x.id), label: `${x.code} – ${x.name}` })),
    ),
  };
}

function Field({ children }: { children: ReactNode }) {
  return <div>{children}</div>;
}

/**
 * « Rechercher » of Factures émises (supplier) or Factures reçues (recipient): the webinar's
 * criteria, « Critères avancés » folded, results sortable by column, 50 lines a page, exports of
 * all the results. The criteria live in the page's URL (the Tableau de bord links to searches).
 */
export function InvoiceSearch({ side }: { side: InvoiceSide }) {
  const [params, setParams] = useSearchParams();
  const applied = criteriaFrom(params);
  const [form, setForm] = useState<SearchCriteria>(applied);
  const [advancedOpen, setAdvancedOpen] = useState(advancedKeys.some((k) => applied[k]));
  const scope = useSideStructures(side, form.structureId ?? '');
  const client = useQueryClient();
  // The ticked rows of the page shown: another search, sort or page starts with none.
  const [selection, setSelection] = useState<{ key: string; ids: Set<number> }>({ key: '', ids: new Set() });
  const resultKey = params.toString();
  const selected = selection.key === resultKey ? selection.ids : new Set<number>();
  const setSelected = (ids: Set<number>) => setSelection({ key: resultKey, ids });
  const list = useQuery({
    queryKey: searchQueryKey(side, applied),
    queryFn: () => invoiceSearchApi.search(side, applied),
    placeholderData: keepPreviousData,
  });
  const apply = (c: SearchCriteria) => {
    const next = new URLSearchParams();
    const tab = params.get('onglet');
    if (tab) next.set('onglet', tab);
    for (const k of searchKeys) if (c[k]) next.set(k, c[k]!);
    setParams(next);
  };
  const set = (k: keyof SearchCriteria) => (value: string) => setForm((f) => ({ ...f, [k]: value }));
  const input = (k: keyof SearchCriteria) => ({
    value: form[k] ?? '',
    onChange: (e: { currentTarget: { value: string } }) => set(k)(e.currentTarget.value),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { page: _page, ...rest } = form;
    apply(rest);
  };
  const issued = side === 'issued';
  const a = labels;
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {a.title}
      </Title>
      <Paper withBorder p="md">
        <form onSubmit={submit} role="search" aria-label={a.title}>
          <Stack gap="sm">
            <Title order={3} size="h5">
              {a.criteria}
            </Title>
            {issued && (
              <Radio.Group label={a.recipientScope} {...input('recipientScope')} onChange={set('recipientScope')}>
                <Group gap="lg" mt={4}>
                  {(['ETAT', 'HORS_ETAT', 'TOUTES'] as const).map((s) => (
                    <Radio key={s} value={s} label={a.scopes[s]} />
                  ))}
                </Group>
              </Radio.Group>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
              <Field>
                <TextInput
                  label={issued ? a.recipient : a.supplierParty}
                  description={issued ? a.recipientHint : a.supplierPartyHint}
                  {...input('counterparty')}
                />
                <Checkbox
                  mt={6}
                  label={a.siren}
                  description={a.sirenHint}
                  checked={form.siren === 'true'}
                  onChange={(e) => set('siren')(e.currentTarget.checked ? 'true' : '')}
                />
              </Field>
              {issued && <TextInput label={a.service} description={a.serviceHint} {...input('counterpartyService')} />}
              <NativeSelect
                label={a.myStructure[side]}
                value={form.structureId ?? ''}
                onChange={(e) => setForm((f) => ({ ...f, structureId: e.currentTarget.value, serviceId: '' }))}
                data={[{ value: '', label: a.allStructures }, ...scope.structures]}
              />
              <NativeSelect
                label={a.myService[side]}
                {...input('serviceId')}
                data={[{ value: '', label: a.allServices }, ...scope.services]}
              />
              <TextInput type="date" label={a.periodFrom} {...input('invoiceDateFrom')} />
              <TextInput
                type="date"
                label={`${a.periodFrom.split(':')[0]?.trim()} : ${a.periodTo}`}
                {...input('invoiceDateTo')}
              />
              <TextInput label={a.number} {...input('number')} />
              <Radio.Group label={a.type} value={form.type ?? ''} onChange={set('type')}>
                <Group gap="lg" mt={4}>
                  <Radio value="" label={a.allTypes} />
                  <Radio value="FACTURE" label={invoiceTypeLabels.FACTURE} />
                  <Radio value="AVOIR" label={invoiceTypeLabels.AVOIR} />
                </Group>
              </Radio.Group>
              <NativeSelect
                label={a.framework}
                {...input('billingFramework')}
                data={[
                  { value: '', label: a.anyFramework },
                  ...billingFrameworks.map((f) => ({ value: f, label: billingFrameworkLabels[f] })),
                ]}
              />
              <NativeSelect
                label={a.state}
                {...input('status')}
                data={[
                  { value: '', label: a.anyState },
                  ...statusGroups.map((g) => ({
                    group: g.label,
                    items: [
                      { value: g.statuses.join(','), label: a.wholeGroup(g.label) },
                      ...g.statuses.map((s) => ({
                        value: s,
                        label: statusHints[s]
                          ? `${invoiceStatusLabels[s]} – ${statusHints[s]}`
                          : invoiceStatusLabels[s],
                      })),
                    ],
                  })),
                ]}
              />
            </SimpleGrid>
            <div>
              <Button
                variant="subtle"
                px={0}
                onClick={() => setAdvancedOpen((o) => !o)}
                aria-expanded={advancedOpen}
                aria-controls={`advanced-${side}`}
              >
                {advancedOpen ? '▾' : '▸'} {a.advanced}
              </Button>
              <Collapse expanded={advancedOpen} id={`advanced-${side}`}>
                <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" mt="xs">
                  <TextInput label={a.amountMin} inputMode="decimal" {...input('amountMin')} />
                  <TextInput label={a.amountMax} inputMode="decimal" {...input('amountMax')} />
                  <TextInput type="date" label={a.depositedFrom} {...input('depositedFrom')} />
                  <TextInput type="date" label={a.depositedTo} {...input('depositedTo')} />
                  <TextInput label={a.commitment} {...input('commitmentNumber')} />
                  <TextInput label={a.market} {...input('marketNumber')} />
                  <TextInput type="date" label={a.dueDateFrom} {...input('dueDateFrom')} />
                  <TextInput type="date" label={a.dueDateTo} {...input('dueDateTo')} />
                  <Checkbox
                    label={a.lateOnly}
                    checked={form.late === 'true'}
                    onChange={(e) => set('late')(e.currentTarget.checked ? 'true' : '')}
                  />
                </SimpleGrid>
              </Collapse>
            </div>
            <Group>
              <Button
                variant="default"
                onClick={() => {
                  setForm({});
                  apply({});
                }}
              >
                {a.reset}
              </Button>
              <Button type="submit" loading={list.isFetching}>
                {a.submit}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <QueryState query={list} />
      {list.data && (
        <Stack gap="xs" aria-busy={list.isFetching}>
          <Title order={3} size="h5">
            {a.results}
          </Title>
          <Group justify="space-between" align="flex-start">
            <Text fw={600} role="status">
              {a.count(list.data.total)} · {a.perPage}
            </Text>
            {list.data.total > 0 && (
              <ExportButtons url={(format) => invoiceSearchApi.exportUrl(side, applied, format)} />
            )}
          </Group>
          {list.data.items.length > 0 && (
            <Results
              side={side}
              items={list.data.items}
              criteria={applied}
              onSort={(sort, order) => apply({ ...applied, sort, order, page: '' })}
              selected={selected}
              onSelect={(ids, on) => {
                const next = new Set(selected);
                for (const id of ids)
                  if (on) next.add(id);
                  else next.delete(id);
                setSelected(next);
              }}
            />
          )}
          {list.data.items.length > 0 && (
            <SelectionActions
              ticked={list.data.items.filter((i) => selected.has(i.id))}
              onDeleted={async () => {
                setSelected(new Set());
                await client.invalidateQueries({ queryKey: ['invoices'] });
              }}
            />
          )}
          <Pager
            page={list.data.page}
            total={list.data.total}
            pageSize={list.data.pageSize}
            onPage={(page) => apply({ ...applied, page: String(page) })}
          />
        </Stack>
      )}
    </Stack>
  );
}
