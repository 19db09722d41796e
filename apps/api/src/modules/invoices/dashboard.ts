import { sql } from 'kysely';
import type { InvoiceDashboard, InvoiceDashboardQuery } from '@chorale/contracts';
import {
  addDays,
  businessDate,
  defaultDashboardPeriod,
  dgpRunningStatuses,
  DUE_SOON_DAYS,
  type DelayBucket,
  type InvoiceStatus,
} from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { searchScope, selectRows, toSummary, type InvoiceSide } from './list-invoices.ts';

/** A dashboard's scope once its defaults are filled in. */
export interface DashboardScope {
  side: InvoiceSide;
  structureId?: number;
  from: string;
  to: string;
  /** Business day (Paris) the due dates are compared with. */
  today: string;
}

/** How many late or soon-due invoices the dashboard lists by name. */
export const URGENT_LIMIT = 10;

export function dashboardScope(side: InvoiceSide, q: InvoiceDashboardQuery, today: string): DashboardScope {
  const to = q.to || today;
  return { side, structureId: q.structureId, from: q.from || defaultDashboardPeriod(to).from, to, today };
}

/**
 * The invoices of the period, exactly as « Rechercher » finds them with the same structure and
 * « Période de date fournisseur » (one definition of who sees what): each bar opens that search.
 */
const periodBase = (ctx: AppContext, userId: number, s: DashboardScope) =>
  searchScope(
    ctx,
    userId,
    { side: s.side, structureId: s.structureId, invoiceDateFrom: s.from, invoiceDateTo: s.to, page: 1, pageSize: 1 },
    s.today,
  );

type Row = { currency: string; n: number | string; cents: number | string | null };
/** Rows grouped by `key` (and currency) into one entry per key with its amounts per currency. */
function byKey<K extends string>(rows: (Row & Record<'key', K>)[]) {
  const found = new Map<K, { count: number; amounts: { currency: string; cents: number }[] }>();
  for (const r of rows) {
    const entry = found.get(r.key) ?? { count: 0, amounts: [] };
    entry.count += Number(r.n);
    entry.amounts.push({ currency: r.currency, cents: Number(r.cents ?? 0) });
    found.set(r.key, entry);
  }
  return found;
}

/**
 * Chart « Par état »: the totals of the months' rows by status and currency (the same invoices:
 * the period's, by status), so that one grouped query over the period serves both charts.
 */
export function statusTotals(byMonth: Awaited<ReturnType<typeof dashboardByMonth>>) {
  const found = new Map<InvoiceStatus, { count: number; amounts: Map<string, number> }>();
  for (const m of byMonth) {
    const entry = found.get(m.status) ?? { count: 0, amounts: new Map<string, number>() };
    entry.count += m.count;
    for (const a of m.amounts) entry.amounts.set(a.currency, (entry.amounts.get(a.currency) ?? 0) + a.cents);
    found.set(m.status, entry);
  }
  return [...found].map(([status, v]) => ({
    status,
    count: v.count,
    amounts: [...v.amounts].map(([currency, cents]) => ({ currency, cents })),
  }));
}

/** Chart « Par mois »: one grouped query, by month of the invoice date, status and currency. */
export async function dashboardByMonth(ctx: AppContext, userId: number, s: DashboardScope) {
  const base = await periodBase(ctx, userId, s);
  if (!base) return [];
  const month = sql<string>`substr(i.invoice_date, 1, 7)`;
  const rows = await base
    .select((eb) => [
      month.as('month'),
      'i.status',
      'i.currency',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('i.net_payable_cents').as('cents'),
    ])
    .groupBy([month, 'i.status', 'i.currency'])
    .execute();
  const grouped = byKey(rows.map((r) => ({ ...r, key: `${r.month}|${r.status}` })));
  return [...grouped]
    .map(([key, v]) => {
      const [m, status] = key.split('|') as [string, InvoiceStatus];
      return { month: m, status, ...v };
    })
    .sort((a, b) => a.month.localeCompare(b.month) || a.status.localeCompare(b.status));
}

/**
 * Chart « Délai de paiement »: the invoices whose payment period runs (whatever their date), by
 * where they stand against their due date — the same days as the « Rechercher » criteria
 * `late` and « Date d’échéance » (delayBucketDueDates).
 */
export async function dashboardDelay(ctx: AppContext, userId: number, s: DashboardScope) {
  const base = await searchScope(
    ctx,
    userId,
    { side: s.side, structureId: s.structureId, status: [...dgpRunningStatuses], page: 1, pageSize: 1 },
    s.today,
  );
  if (!base) return [];
  const soonUntil = addDays(s.today, DUE_SOON_DAYS);
  const bucket = sql<DelayBucket>`case when i.due_date < ${s.today} then 'LATE' when i.due_date <= ${soonUntil} then 'DUE_SOON' else 'ON_TIME' end`;
  const rows = await base
    .where('i.due_date', 'is not', null)
    .select((eb) => [
      bucket.as('key'),
      'i.currency',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('i.net_payable_cents').as('cents'),
    ])
    // By position: PostgreSQL does not see the CASE with its parameters as the selected one.
    .groupBy([sql`1`, sql`2`])
    .execute();
  const grouped = byKey(rows);
  return (['LATE', 'DUE_SOON', 'ON_TIME'] as const).map((b) => ({
    bucket: b,
    ...(grouped.get(b) ?? { count: 0, amounts: [] }),
  }));
}

/** The late or soon-due invoices, the oldest due date first (the recipient's dashboard opens on them). */
export async function dashboardUrgent(ctx: AppContext, userId: number, s: DashboardScope) {
  const base = await searchScope(
    ctx,
    userId,
    {
      side: s.side,
      structureId: s.structureId,
      status: [...dgpRunningStatuses],
      dueDateTo: addDays(s.today, DUE_SOON_DAYS),
      page: 1,
      pageSize: URGENT_LIMIT,
    },
    s.today,
  );
  if (!base) return [];
  const rows = await selectRows(base).orderBy('i.due_date').orderBy('i.id').limit(URGENT_LIMIT).execute();
  return rows.map((r) => toSummary(r, s.today));
}

/** « Tableau de bord » of one side: the three charts (two grouped queries) and the urgent invoices. */
export async function invoiceDashboard(
  ctx: AppContext,
  userId: number,
  side: InvoiceSide,
  q: InvoiceDashboardQuery,
): Promise<InvoiceDashboard> {
  const s = dashboardScope(side, q, businessDate(ctx.now()));
  // Independent reads: on PostgreSQL they run side by side on the pool's connections.
  const [byMonth, delay, urgent] = await Promise.all([
    dashboardByMonth(ctx, userId, s),
    dashboardDelay(ctx, userId, s),
    dashboardUrgent(ctx, userId, s),
  ]);
  return {
    period: { from: s.from, to: s.to },
    today: s.today,
    byStatus: statusTotals(byMonth),
    byMonth,
    delay,
    urgent,
  };
}
