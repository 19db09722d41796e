import { Anchor, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCents } from '@chorale/domain';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { dashboard as labels } from '../../labels-dashboard.ts';
import { Section } from './Section.tsx';

export type Metric = 'count' | 'amount';
export type Amounts = { currency: string; cents: number }[];

/** Every currency's amount, « 1 200,00 EUR · 30,00 USD » (an invoice may be in another currency). */
export const formatAmounts = (amounts: Amounts) =>
  amounts.length === 0 ? '—' : amounts.map((a) => `${formatCents(a.cents)} ${a.currency}`).join(' · ');
/** The chart's amount: euros only (adding currencies together would mean nothing). */
export const euros = (amounts: Amounts) => (amounts.find((a) => a.currency === 'EUR')?.cents ?? 0) / 100;

/** Sums amounts currency by currency. */
export function addAmounts(lists: Amounts[]): Amounts {
  const sums = new Map<string, number>();
  for (const list of lists) for (const a of list) sums.set(a.currency, (sums.get(a.currency) ?? 0) + a.cents);
  return [...sums].map(([currency, cents]) => ({ currency, cents }));
}

/** Colours of 3:1 contrast or more on white (WCAG 1.4.11, graphics). */
export const palette = ['#1971c2', '#e8590c', '#2f9e44', '#7048e8', '#c2255c', '#495057', '#0c8599'];

/** One bar of a chart: its label, value, colour and the search it opens. */
export interface ChartBar {
  key: string;
  label: string;
  value: number;
  color: string;
  to: string;
}

const valueText = (metric: Metric, v: number) =>
  metric === 'amount' ? `${formatCents(Math.round(v * 100))} EUR` : v.toLocaleString('fr-FR');

/**
 * A chart and the table that says the same (WCAG 1.1.1): the chart is one image for assistive
 * technologies, the table below it is read and its counts are links to the same searches as the
 * bars.
 */
export function ChartFigure({
  title,
  note,
  chart,
  table,
}: {
  title: string;
  note?: string;
  chart: ReactNode;
  table: ReactNode;
}) {
  return (
    <Section title={title} level={3}>
      {note && (
        <Text size="sm" c="dimmed">
          {note}
        </Text>
      )}
      <div role="img" aria-label={labels.chartLabel(title)}>
        {chart}
      </div>
      {table}
    </Section>
  );
}

/** Bars side by side, one colour each, horizontal when the labels are long. */
export function SimpleBars({
  bars,
  metric,
  onOpen,
  horizontal = false,
}: {
  bars: ChartBar[];
  metric: Metric;
  onOpen: (to: string) => void;
  horizontal?: boolean;
}) {
  const height = horizontal ? Math.max(140, 36 * bars.length + 40) : 240;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart
        data={bars}
        layout={horizontal ? 'vertical' : 'horizontal'}
        accessibilityLayer={false}
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        {horizontal ? (
          <XAxis type="number" allowDecimals={metric === 'amount'} tick={{ fontSize: 12 }} />
        ) : (
          <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={0} />
        )}
        {horizontal ? (
          <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 12 }} interval={0} />
        ) : (
          <YAxis allowDecimals={metric === 'amount'} tick={{ fontSize: 12 }} width={56} />
        )}
        <Tooltip formatter={(v) => valueText(metric, Number(v))} />
        <Bar
          dataKey="value"
          name={metric === 'amount' ? labels.metricAmount : labels.metricCount}
          cursor="pointer"
          isAnimationActive={false}
          onClick={(entry) => onOpen((entry.payload as ChartBar).to)}
        >
          {bars.map((b) => (
            <Cell key={b.key} fill={b.color} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

/** One column of bars per month, stacked by group. */
export interface StackedSeries {
  key: string;
  label: string;
  color: string;
}
export function StackedBars({
  rows,
  series,
  metric,
  onOpen,
}: {
  rows: ({ label: string; to: Record<string, string> } & Record<string, unknown>)[];
  series: StackedSeries[];
  metric: Metric;
  onOpen: (to: string) => void;
}) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={metric === 'amount'} tick={{ fontSize: 12 }} width={56} />
        <Tooltip formatter={(v) => valueText(metric, Number(v))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stackId="month"
            fill={s.color}
            cursor="pointer"
            isAnimationActive={false}
            onClick={(entry) => {
              const to = (entry.payload as { to: Record<string, string> }).to[s.key];
              if (to) onOpen(to);
            }}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** A count in a table: a link to the search that lists those invoices (the bars' keyboard way). */
export function CountLink({ count, what, to }: { count: number; what: string; to: string }) {
  if (count === 0) return <>0</>;
  return (
    <Anchor component={Link} to={to} aria-label={labels.open(count, what)}>
      {count.toLocaleString('fr-FR')}
    </Anchor>
  );
}

/** The table of a chart: a caption, a header row, one row per bar, a total. */
export function FigureTable({
  caption,
  head,
  rows,
  total,
  minWidth = 320,
}: {
  caption: string;
  head: string[];
  rows: { key: string; cells: ReactNode[] }[];
  total?: ReactNode[];
  minWidth?: number;
}) {
  return (
    <ResponsiveTable minWidth={minWidth}>
      <Table striped captionSide="top" horizontalSpacing="xs">
        <Table.Caption ta="left">{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {head.map((h, i) => (
              <Table.Th key={h} scope="col" ta={i === 0 ? undefined : 'right'}>
                {h}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              {r.cells.map((c, i) => (
                <Table.Td key={i} ta={i === 0 ? undefined : 'right'}>
                  {c}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
          {total && (
            <Table.Tr fw={700}>
              {total.map((c, i) => (
                <Table.Td key={i} ta={i === 0 ? undefined : 'right'}>
                  {c}
                </Table.Td>
              ))}
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </ResponsiveTable>
  );
}
