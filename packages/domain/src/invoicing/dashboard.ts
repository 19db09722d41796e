import type { InvoiceStatus } from './lifecycle.ts';
import { addDays, DUE_SOON_DAYS } from './payment-delay.ts';
import { statusGroups } from './status-groups.ts';

/**
 * « Tableau de bord » (issue 12): invoices counted by status, by month of their date (« date
 * fournisseur », the period criterion of « Rechercher ») and, while the payment period runs, by
 * how close their due date is. Each figure maps to a « Rechercher » whose criteria find exactly
 * the invoices counted, so that a click on a bar opens them.
 */

/** Where a running invoice stands against its due date on a given day. */
export const delayBuckets = ['LATE', 'DUE_SOON', 'ON_TIME'] as const;
export type DelayBucket = (typeof delayBuckets)[number];

/**
 * The due dates of each bucket on `today`, as « Rechercher » takes them: late once the due date
 * is past, due soon from today to DUE_SOON_DAYS later (as `invoiceDelayState` says), else on time.
 */
export function delayBucketDueDates(bucket: DelayBucket, today: string): { dueDateFrom?: string; dueDateTo?: string } {
  const soonUntil = addDays(today, DUE_SOON_DAYS);
  if (bucket === 'LATE') return { dueDateTo: addDays(today, -1) };
  if (bucket === 'DUE_SOON') return { dueDateFrom: today, dueDateTo: soonUntil };
  return { dueDateFrom: addDays(soonUntil, 1) };
}

/** The status groups of the charts: those of the « État courant » filter, then every other status. */
export type DashboardGroup = (typeof statusGroups)[number]['key'] | 'AUTRES';

export function dashboardGroupOf(status: InvoiceStatus): DashboardGroup {
  return statusGroups.find((g) => (g.statuses as readonly InvoiceStatus[]).includes(status))?.key ?? 'AUTRES';
}

/** Every month (`YYYY-MM`) from the one of `from` to the one of `to`, both dates `YYYY-MM-DD`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = +from.slice(0, 4);
  let m = +from.slice(5, 7);
  const end = +to.slice(0, 4) * 12 + +to.slice(5, 7);
  while (y * 12 + m <= end) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return months;
}

/** First and last day of a month `YYYY-MM`. */
export function monthDays(month: string): { from: string; to: string } {
  const y = +month.slice(0, 4);
  const m = +month.slice(5, 7);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The longest period a dashboard shows (one bar a month stays readable). */
export const DASHBOARD_MAX_MONTHS = 36;

/** The default period: the current month and the eleven before it, up to `today`. */
export function defaultDashboardPeriod(today: string): { from: string; to: string } {
  const months = +today.slice(0, 4) * 12 + +today.slice(5, 7) - 1 - 11;
  const y = Math.floor(months / 12);
  const m = (months % 12) + 1;
  return { from: `${y}-${String(m).padStart(2, '0')}-01`, to: today };
}
