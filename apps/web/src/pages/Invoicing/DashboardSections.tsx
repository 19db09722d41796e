import { Anchor, Badge, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import {
  dashboardGroupOf,
  daysBetween,
  delayBucketDueDates,
  delayBuckets,
  dgpRunningStatuses,
  formatCents,
  formatParisDate,
  invoiceStatuses,
  monthDays,
  monthsBetween,
  statusGroups,
  type DashboardGroup,
  type DelayBucket,
} from '@chorale/domain';
import type { InvoiceDashboard } from '../../api-client/dashboard.ts';
import { searchQuery, type InvoiceSide, type SearchCriteria } from '../../api-client/invoice-search.ts';
import { dashboard as labels } from '../../labels-dashboard.ts';
import { invoiceStatusLabels } from '../../labels-invoicing.ts';
import { search as searchLabels } from '../../labels-search.ts';
import {
  addAmounts,
  ChartFigure,
  CountLink,
  euros,
  FigureTable,
  formatAmounts,
  palette,
  SimpleBars,
  StackedBars,
  type Metric,
} from './DashboardCharts.tsx';
import { invoicingPaths } from './paths.ts';

/** What each section of the « Tableau de bord » receives. */
export interface SectionProps {
  side: InvoiceSide;
  d: InvoiceDashboard;
  /** The criteria every search opened from the dashboard keeps (the structure). */
  base: SearchCriteria;
  metric: Metric;
  onOpen: (to: string) => void;
}

/** The « Rechercher » tab of the same page, with these criteria (the URL holds them). */
const searchLink = (c: SearchCriteria) => `?${searchQuery(c, { onglet: 'rechercher' })}`;

const monthLabel = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const groupLabel = (g: DashboardGroup) => statusGroups.find((x) => x.key === g)?.label ?? labels.byMonth.other;
const groupKeys: DashboardGroup[] = [...statusGroups.map((g) => g.key), 'AUTRES'];
/** One colour per group of states, the same in both charts. */
const groupColor = (g: DashboardGroup) => palette[groupKeys.indexOf(g) % palette.length]!;
const bucketColors: Record<DelayBucket, string> = { LATE: '#e03131', DUE_SOON: '#e8590c', ON_TIME: '#2f9e44' };

/** Delay of payment: the bars and table of the three buckets, then the urgent invoices by name. */
export function DelaySection({ side, d, base, onOpen }: Omit<SectionProps, 'metric'>) {
  const to = (b: DelayBucket) =>
    searchLink(
      b === 'LATE'
        ? { ...base, late: 'true' }
        : { ...base, status: dgpRunningStatuses.join(','), ...delayBucketDueDates(b, d.today) },
    );
  const bars = delayBuckets.map((b) => {
    const entry = d.delay.find((x) => x.bucket === b);
    return {
      key: b,
      label: labels.delay.buckets[b],
      value: entry?.count ?? 0,
      color: bucketColors[b],
      to: to(b),
      amounts: entry?.amounts ?? [],
    };
  });
  const open = (id: number) =>
    side === 'received' ? invoicingPaths.receivedInvoice(id) : invoicingPaths.issuedInvoice(id);
  return (
    <ChartFigure
      title={labels.delay.title}
      note={labels.chartNote}
      chart={<SimpleBars bars={bars} metric="count" onOpen={onOpen} />}
      table={
        <Stack gap="sm">
          <FigureTable
            caption={labels.delay.caption}
            head={[labels.delay.column, labels.count, labels.amount]}
            rows={bars.map((b) => ({
              key: b.key,
              cells: [
                b.label,
                <CountLink key="n" count={b.value} what={b.label} to={b.to} />,
                formatAmounts(b.amounts),
              ],
            }))}
          />
          <Title order={4} size="h6">
            {labels.delay.urgentTitle}
          </Title>
          {d.urgent.length === 0 ? (
            <Text size="sm">{labels.delay.urgentNone}</Text>
          ) : (
            <FigureTable
              caption={labels.delay.urgentCaption}
              minWidth={560}
              head={[
                searchLabels.columns.number,
                side === 'received' ? searchLabels.columns.supplier : searchLabels.columns.recipient,
                labels.delay.dueDate,
                labels.delay.situation,
                labels.amount,
              ]}
              rows={d.urgent.map((i) => ({
                key: String(i.id),
                cells: [
                  <Anchor
                    key="n"
                    component={Link}
                    to={open(i.id)}
                    aria-label={searchLabels.open(i.number)}
                    style={{ wordBreak: 'break-all' }}
                  >
                    {i.number}
                  </Anchor>,
                  side === 'received' ? i.supplier.name : (i.recipient?.name ?? '—'),
                  formatParisDate(i.payment?.dueDate ?? null),
                  i.payment?.late ? (
                    <Badge key="s" color="red" variant="light" size="sm">
                      {searchLabels.late(i.payment.daysLate)}
                    </Badge>
                  ) : (
                    <Badge key="s" color="orange" variant="light" size="sm">
                      {labels.delay.daysLeft(daysBetween(d.today, i.payment?.dueDate ?? d.today))}
                    </Badge>
                  ),
                  `${formatCents(i.netPayableCents)} ${i.currency}`,
                ],
              }))}
            />
          )}
          {(bars[0]?.value ?? 0) > 0 && (
            <Anchor component={Link} to={to('LATE')} size="sm">
              {labels.delay.seeAllLate}
            </Anchor>
          )}
        </Stack>
      }
    />
  );
}

export function StatusSection({ d, base, metric, onOpen }: SectionProps) {
  const period = { invoiceDateFrom: d.period.from, invoiceDateTo: d.period.to };
  const rows = [...d.byStatus].sort((a, b) => invoiceStatuses.indexOf(a.status) - invoiceStatuses.indexOf(b.status));
  const bars = rows.map((r) => ({
    key: r.status,
    label: invoiceStatusLabels[r.status] ?? r.status,
    value: metric === 'amount' ? euros(r.amounts) : r.count,
    color: groupColor(dashboardGroupOf(r.status)),
    to: searchLink({ ...base, ...period, status: r.status }),
  }));
  return (
    <ChartFigure
      title={labels.byStatus.title}
      note={labels.chartNote}
      chart={<SimpleBars bars={bars} metric={metric} onOpen={onOpen} horizontal />}
      table={
        <FigureTable
          caption={labels.byStatus.caption}
          head={[labels.byStatus.column, labels.count, labels.amount]}
          rows={rows.map((r, i) => ({
            key: r.status,
            cells: [
              bars[i]!.label,
              <CountLink key="n" count={r.count} what={bars[i]!.label} to={bars[i]!.to} />,
              formatAmounts(r.amounts),
            ],
          }))}
          total={[
            labels.total,
            rows.reduce((n, r) => n + r.count, 0).toLocaleString('fr-FR'),
            formatAmounts(addAmounts(rows.map((r) => r.amounts))),
          ]}
        />
      }
    />
  );
}

export function MonthSection({ d, base, metric, onOpen }: SectionProps) {
  const present = groupKeys.filter((g) => d.byMonth.some((m) => dashboardGroupOf(m.status) === g));
  const months = monthsBetween(d.period.from, d.period.to).map((month) => {
    // A month cut by the period's ends counts (and opens) only its days inside the period.
    const days = monthDays(month);
    const from = days.from < d.period.from ? d.period.from : days.from;
    const to = days.to > d.period.to ? d.period.to : days.to;
    const entries = d.byMonth.filter((m) => m.month === month);
    const groups = Object.fromEntries(
      present.map((g) => {
        const inGroup = entries.filter((m) => dashboardGroupOf(m.status) === g);
        const statuses = inGroup.map((m) => m.status);
        return [
          g,
          {
            count: inGroup.reduce((n, m) => n + m.count, 0),
            amounts: addAmounts(inGroup.map((m) => m.amounts)),
            statuses,
          },
        ];
      }),
    );
    const link = (statuses: string[]) =>
      searchLink({ ...base, invoiceDateFrom: from, invoiceDateTo: to, status: statuses.join(',') });
    return { month, label: monthLabel(month), groups, link, all: entries.map((m) => m.status) };
  });
  const rows = months.map((m) => ({
    label: m.label,
    ...Object.fromEntries(
      present.map((g) => [g, metric === 'amount' ? euros(m.groups[g]!.amounts) : m.groups[g]!.count]),
    ),
    to: Object.fromEntries(present.map((g) => [g, m.link(m.groups[g]!.statuses)])),
  }));
  const series = present.map((g) => ({ key: g, label: groupLabel(g), color: groupColor(g) }));
  return (
    <ChartFigure
      title={labels.byMonth.title}
      note={labels.chartNote}
      chart={<StackedBars rows={rows} series={series} metric={metric} onOpen={onOpen} />}
      table={
        <FigureTable
          caption={labels.byMonth.caption}
          minWidth={Math.min(1000, 200 + 120 * present.length)}
          head={[labels.byMonth.column, ...series.map((s) => s.label), labels.total, labels.amount]}
          rows={months.map((m) => ({
            key: m.month,
            cells: [
              m.label,
              ...present.map((g) => (
                <CountLink
                  key={g}
                  count={m.groups[g]!.count}
                  what={`${m.label}, ${groupLabel(g)}`}
                  to={m.link(m.groups[g]!.statuses)}
                />
              )),
              <CountLink
                key="all"
                count={present.reduce((n, g) => n + m.groups[g]!.count, 0)}
                what={m.label}
                to={m.link([...new Set(m.all)])}
              />,
              formatAmounts(addAmounts(present.map((g) => m.groups[g]!.amounts))),
            ],
          }))}
        />
      }
    />
  );
}
