import { sql, type Expression, type SqlBool } from 'kysely';
import type { InvoiceDashboard, InvoiceDashboardQuery } from '@chorale/contracts';
import {
  addDays,
  businessDate,
  defaultDashboardPeriod,
  dgpRunningStatuses,
  DUE_SOON_DAYS,
  grants,
  notYetDeliveredStatuses,
  type DelayBucket,
  type InvoiceStatus,
} from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { accessForRequest } from '../organisation/access.ts';
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
 * The charts' invoices are those « Rechercher » finds for the same user, side and structure (one
 * definition of who sees what, visibleInvoices and searchScope: each bar opens that search), read
 * from `invoice_totals` — counts and amounts per structure, side, kind of date, day, status,
 * service and currency, kept exact by database triggers (migration 20261202T0200) — rather than
 * added up over a structure's invoices at each request (issue 12 bench, 1 million invoices).
 * Null when the user sees nothing on that side.
 */
async function visibleTotals(ctx: AppContext, userId: number, s: DashboardScope, dateKind: 'invoice' | 'due') {
  const application = s.side === 'issued' ? 'FACTURES_EMISES' : 'FACTURES_RECUES';
  const scopes = (await accessForRequest(ctx, userId)).filter((m) => grants(m.profiles, application, 'consultation'));
  if (scopes.length === 0) return null;
  // The changes PostgreSQL's writers have not folded in yet count as well (migration 20261202T0210).
  const all = ctx.db
    .selectFrom('invoice_totals')
    .selectAll()
    .unionAll(ctx.db.selectFrom('invoice_totals_pending').selectAll());
  let base = ctx.db
    .selectFrom(all.as('t'))
    .where('t.side', '=', s.side)
    .where('t.date_kind', '=', dateKind)
    .where((eb) =>
      eb.or(
        scopes.map((m): Expression<SqlBool> =>
          m.serviceId === null
            ? eb('t.structure_id', '=', m.structureId)
            : eb.and([eb('t.structure_id', '=', m.structureId), eb('t.service_id', '=', m.serviceId)]),
        ),
      ),
    );
  if (s.structureId) base = base.where('t.structure_id', '=', s.structureId);
  // The recipient never sees an invoice before it is delivered (visibleInvoices).
  if (s.side === 'received') base = base.where('t.status', 'not in', notYetDeliveredStatuses);
  return base;
}

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
  const base = await visibleTotals(ctx, userId, s, 'invoice');
  if (!base) return [];
  const month = sql<string>`substr(t.day, 1, 7)`;
  const rows = await base
    .where('t.day', '>=', s.from)
    .where('t.day', '<=', s.to)
    .select((eb) => [
      month.as('month'),
      't.status',
      't.currency',
      eb.fn.sum<number>('t.n').as('n'),
      eb.fn.sum<number>('t.cents').as('cents'),
    ])
    .groupBy([month, 't.status', 't.currency'])
    // Keys whose invoices have all moved on keep a row at zero.
    .having((eb) => eb.fn.sum('t.n'), '>', 0)
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
  const base = await visibleTotals(ctx, userId, s, 'due');
  if (!base) return [];
  const soonUntil = addDays(s.today, DUE_SOON_DAYS);
  const bucket = sql<DelayBucket>`case when t.day < ${s.today} then 'LATE' when t.day <= ${soonUntil} then 'DUE_SOON' else 'ON_TIME' end`;
  const rows = await base
    .where('t.status', 'in', dgpRunningStatuses)
    .select((eb) => [
      bucket.as('key'),
      't.currency',
      eb.fn.sum<number>('t.n').as('n'),
      eb.fn.sum<number>('t.cents').as('cents'),
    ])
    // By position: PostgreSQL does not see the CASE with its parameters as the selected one.
    .groupBy([sql`1`, sql`2`])
    .having((eb) => eb.fn.sum('t.n'), '>', 0)
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
