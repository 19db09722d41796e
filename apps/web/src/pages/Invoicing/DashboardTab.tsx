import {
  Button,
  Center,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { formatParisDate } from '@chorale/domain';
import { ApiError, errorMessage } from '../../api-client/client.ts';
import { dashboardApi, dashboardKeys, dashboardQueryKey, type DashboardFilter } from '../../api-client/dashboard.ts';
import type { InvoiceSide, SearchCriteria } from '../../api-client/invoice-search.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { common } from '../../labels.ts';
import { dashboard as labels } from '../../labels-dashboard.ts';
import type { Metric } from './DashboardCharts.tsx';
import { DelaySection, MonthSection, StatusSection } from './DashboardSections.tsx';
import { useSideStructures } from './InvoiceSearch.tsx';

/**
 * « Tableau de bord » (webinar: « une vision de vos factures classées par statut »): over a
 * period and for one structure or all, the invoices by status and by month, and those whose
 * payment period runs by due date — first on the recipient's side. Each bar and each count opens
 * « Rechercher » with the criteria that find those invoices.
 */
export function DashboardTab({ side }: { side: InvoiceSide }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const applied: DashboardFilter = Object.fromEntries(
    dashboardKeys.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])),
  );
  const [form, setForm] = useState<DashboardFilter>(applied);
  const [metric, setMetric] = useState<Metric>('count');
  const scope = useSideStructures(side, '');
  const query = useQuery({
    queryKey: dashboardQueryKey(side, applied),
    queryFn: () => dashboardApi.get(side, applied),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const fields = query.error instanceof ApiError ? query.error.fields : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams({ onglet: 'tableau-de-bord' });
    for (const k of dashboardKeys) if (form[k]) next.set(k, form[k]!);
    setParams(next);
  };
  const set = (k: keyof DashboardFilter) => (e: { currentTarget: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.currentTarget.value }));
  const d = query.data;
  const base: SearchCriteria = applied.structureId ? { structureId: applied.structureId } : {};
  const onOpen = (to: string) => navigate(to);
  const delay = d && <DelaySection side={side} d={d} base={base} onOpen={onOpen} />;
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {labels.title}
      </Title>
      <Text size="sm">{labels.intro[side]}</Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} aria-label={labels.filters}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" style={{ alignItems: 'end' }}>
            <NativeSelect
              label={labels.structure}
              value={form.structureId ?? ''}
              onChange={set('structureId')}
              data={[{ value: '', label: labels.allStructures }, ...scope.structures]}
              error={fields.structureId}
            />
            <TextInput
              type="date"
              label={labels.from}
              value={form.from ?? d?.period.from ?? ''}
              onChange={set('from')}
              error={fields.from}
            />
            <TextInput
              type="date"
              label={`${labels.from.split(':')[0]?.trim()} : ${labels.to}`}
              value={form.to ?? d?.period.to ?? ''}
              onChange={set('to')}
              error={fields.to}
            />
            <Group>
              <Button type="submit" loading={query.isFetching}>
                {labels.apply}
              </Button>
            </Group>
          </SimpleGrid>
        </form>
      </Paper>
      {query.isPending && (
        <Center>
          <Loader aria-label={common.loading} />
        </Center>
      )}
      {query.isError && <FormAlert message={errorMessage(query.error)} />}
      {d && (
        <Stack gap="md" aria-busy={query.isFetching}>
          <Group justify="space-between">
            <Text fw={600} role="status">
              {labels.period(formatParisDate(d.period.from), formatParisDate(d.period.to))}
            </Text>
            <SegmentedControl
              aria-label={labels.metric}
              value={metric}
              onChange={(v) => setMetric(v as Metric)}
              data={[
                { value: 'count', label: labels.metricCount },
                { value: 'amount', label: labels.metricAmount },
              ]}
            />
          </Group>
          {side === 'received' && delay}
          {d.byStatus.length === 0 ? (
            <Text>{labels.none}</Text>
          ) : (
            <>
              <StatusSection side={side} d={d} base={base} metric={metric} onOpen={onOpen} />
              <MonthSection side={side} d={d} base={base} metric={metric} onOpen={onOpen} />
            </>
          )}
          {side === 'issued' && delay}
        </Stack>
      )}
    </Stack>
  );
}
