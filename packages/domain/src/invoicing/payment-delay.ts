import { Decimal } from 'decimal.js';
import type { InvoiceStatus } from './lifecycle.ts';

/**
 * Payment delay of a public buyer (délai global de paiement, DGP) and late-payment interest
 * (intérêts moratoires), as the Code de la commande publique sets them:
 * - the delay runs from « Mise à disposition » (art. R. 2192-10 to R. 2192-12): 30 days, 50 for
 *   public hospitals, 60 where a structure's setting says so;
 * - interest runs from the day after the due date until the payment date included
 *   (art. R. 2192-31), at the ECB main refinancing rate in force on the first day of the
 *   half-year in which it started to run, plus 8 points (art. R. 2192-31): one rate for the whole
 *   late period, even when it crosses into another half-year; prorated by days over 365;
 * - plus a fixed recovery indemnity of 40 EUR (art. D. 2192-35).
 * Dates are business dates `YYYY-MM-DD`; amounts integer cents; rates percent decimal strings.
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export const PAYMENT_PERIOD_DAYS = { default: 30, publicHospital: 50, extended: 60 } as const;
export const LATE_INTEREST_MARGIN_POINTS = '8';
export const RECOVERY_INDEMNITY_CENTS = 4000;

export interface EcbRate {
  /** First day the rate applies (decision's effective date). */
  from: string;
  /** Main refinancing operations rate, in percent ('2.15'). */
  rate: string;
}

const DAY = 86_400_000;
const toUtc = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY);
}

/** The payment period of a recipient: its own setting, else 50 days for a hospital, else 30. */
export function paymentPeriodDays(recipient: { paymentPeriodDays: number | null; publicHospital: boolean }): number {
  return (
    recipient.paymentPeriodDays ??
    (recipient.publicHospital ? PAYMENT_PERIOD_DAYS.publicHospital : PAYMENT_PERIOD_DAYS.default)
  );
}

/** First day of the half-year (1 January or 1 July) that holds `date`. */
export function halfYearStart(date: string): string {
  return `${date.slice(0, 4)}-${+date.slice(5, 7) <= 6 ? '01' : '07'}-01`;
}

/** The rate in force on `date`: the latest decision effective on or before it. */
export function ecbRateOn(rates: readonly EcbRate[], date: string): EcbRate | null {
  let found: EcbRate | null = null;
  for (const r of rates) if (r.from <= date && (!found || r.from > found.from)) found = r;
  return found;
}

export interface PaymentDelay {
  startDate: string;
  periodDays: number;
  dueDate: string;
  /** Days since the start, at `on` (or at payment). */
  daysElapsed: number;
  daysLate: number;
  late: boolean;
}

/** Where an invoice stands against its payment period, on `on` or at its payment date. */
export function paymentDelay(
  startDate: string,
  periodDays: number,
  on: string,
  paidOn: string | null = null,
): PaymentDelay {
  const end = paidOn ?? on;
  const dueDate = addDays(startDate, periodDays);
  const daysLate = Math.max(0, daysBetween(dueDate, end));
  return {
    startDate,
    periodDays,
    dueDate,
    daysElapsed: Math.max(0, daysBetween(startDate, end)),
    daysLate,
    late: daysLate > 0,
  };
}

export interface LateInterest {
  daysLate: number;
  /** Interest starts running on this day (the day after the due date). */
  runsFrom: string;
  /** The half-year whose first day fixes the ECB rate. */
  halfYear: string;
  ecbRate: string;
  /** ECB rate + 8 points, percent. */
  ratePercent: string;
  interestCents: number;
  indemnityCents: number;
  totalCents: number;
}

/**
 * Late-payment interest on `amountCents` (the amount paid late, TTC) for a due date and a payment
 * date (or today). Null when not late, or when no ECB rate covers the half-year (the rate table
 * must then be completed: `npm run rates:ecb`).
 */
export function lateInterest(
  amountCents: number,
  dueDate: string,
  paidOn: string,
  rates: readonly EcbRate[],
): LateInterest | null {
  const daysLate = daysBetween(dueDate, paidOn);
  if (daysLate <= 0) return null;
  const runsFrom = addDays(dueDate, 1);
  const halfYear = halfYearStart(runsFrom);
  const ecb = ecbRateOn(rates, halfYear);
  if (!ecb) return null;
  const ratePercent = new D(ecb.rate).plus(LATE_INTEREST_MARGIN_POINTS);
  const interest = new D(amountCents).times(ratePercent).div(100).times(daysLate).div(365).toDecimalPlaces(0);
  const interestCents = interest.toNumber();
  return {
    daysLate,
    runsFrom,
    halfYear,
    ecbRate: ecb.rate,
    ratePercent: ratePercent.toString(),
    interestCents,
    indemnityCents: RECOVERY_INDEMNITY_CENTS,
    totalCents: interestCents + RECOVERY_INDEMNITY_CENTS,
  };
}

/**
 * Statuses in which the payment period runs and the invoice is still unpaid: the recipient holds
 * it. A suspended invoice stops the clock (art. R. 2192-27); a rejected or returned one is not owed.
 */
export const dgpRunningStatuses = [
  'MISE_A_DISPOSITION',
  'PRISE_EN_COMPTE_DESTINATAIRE',
  'COMPLETEE',
  'SERVICE_FAIT',
  'MANDATEE',
  'MISE_A_DISPOSITION_COMPTABLE',
  'COMPTABILISEE',
] as const satisfies readonly InvoiceStatus[];
/** The status that says the invoice was paid; the clock stops on the day it was reached. */
export const PAID_STATUS = 'MISE_EN_PAIEMENT' satisfies InvoiceStatus;

/** Close to the due date: fewer days left than this (the recipient's dashboard lists them first). */
export const DUE_SOON_DAYS = 5;

export interface InvoiceDelayState extends PaymentDelay {
  paid: boolean;
  /** Still running (unpaid, held by the recipient) and due within DUE_SOON_DAYS. */
  dueSoon: boolean;
}

/**
 * Where an invoice stands against its due date, from its « Mise à disposition » day, stored due
 * date and status: null when
 * the period never started (not yet delivered) or does not run (suspended, rejected, to recycle).
 * `today` and `statusDay` are Paris business dates.
 */
export function invoiceDelayState(
  inv: { startDay: string | null; dueDate: string | null; status: InvoiceStatus; statusDay: string },
  today: string,
): InvoiceDelayState | null {
  if (!inv.dueDate || !inv.startDay) return null;
  const paid = inv.status === PAID_STATUS;
  if (!paid && !(dgpRunningStatuses as readonly InvoiceStatus[]).includes(inv.status)) return null;
  const d = paymentDelay(inv.startDay, daysBetween(inv.startDay, inv.dueDate), today, paid ? inv.statusDay : null);
  const left = daysBetween(today, inv.dueDate);
  return { ...d, paid, dueSoon: !paid && !d.late && left <= DUE_SOON_DAYS };
}
