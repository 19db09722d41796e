import { Decimal } from 'decimal.js';

/**
 * Invoice arithmetic as EN 16931 does it: each line net amount rounded to 2 decimals, VAT computed
 * once per rate on that rate's base, totals summed from rounded parts. Amounts out of this module
 * are integer cents; quantities and unit prices stay decimal strings. One implementation, used by
 * the portal (live totals) and the server (the amounts that are stored and signed).
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export interface LineInput {
  quantity: string;
  unitPrice: string;
  /** Montant remise HT of the line (absolute amount), '' or undefined for none. */
  discount?: string;
  /** Taux TVA in percent, e.g. '20', '5.5', '0'. */
  vatRate: string;
}

export interface LineAmounts {
  /** Montant HT après remise. */
  netCents: number;
  vatCents: number;
  /** Montant TTC of the line, for display (the document VAT is computed per rate, not per line). */
  grossCents: number;
}

export interface VatBreakdown {
  rate: string;
  baseCents: number;
  vatCents: number;
}

export interface InvoiceTotals {
  lines: LineAmounts[];
  vat: VatBreakdown[];
  totalNetCents: number;
  totalVatCents: number;
  totalGrossCents: number;
  globalDiscountCents: number;
  totalAfterDiscountCents: number;
  netPayableCents: number;
}

const round2 = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/**
 * Bounds of what an invoice may carry (issue 15 defect 4). EN 16931 allows 19 positions; ours are
 * lower so that every amount in cents is an exact JavaScript integer (below 2^53) and fits the
 * bigint columns: quantities and unit prices of at most 13 digits before the decimal point and
 * 6 after (19 positions), a VAT rate of at most 30 % (the highest EU rate is 27 %), and every
 * amount of a line or of the invoice (HT, TVA, TTC, remise, net à payer) at most
 * 999 999 999 999,99.
 */
export const amountLimits = {
  integerDigits: 13,
  decimals: 6,
  maxVatRate: 30,
  maxAmountCents: 99_999_999_999_999,
} as const;

/** Cents of an amount, exact: beyond 2^53 a number would silently lose its last digits. */
const toCents = (d: Decimal) => {
  const cents = d.mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  if (cents.abs().gt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount out of range: ${d.toString()}`);
  return cents.toNumber();
};
const maxAmount = new D(amountLimits.maxAmountCents).div(100);
const outOfRange = (d: Decimal) => d.abs().gt(maxAmount);
const maxAmountText = '999 999 999 999,99';

/** Why a line's amounts cannot be kept, on the field to correct; null when they are within bounds. */
export function lineAmountProblem(line: LineInput): { field: 'quantity' | 'discount'; message: string } | null {
  const gross = new D(line.quantity).mul(new D(line.unitPrice));
  const net = round2(gross.minus(new D(line.discount || '0')));
  if (outOfRange(gross) || outOfRange(net) || outOfRange(net.mul(new D(100).plus(new D(line.vatRate))).div(100)))
    return {
      field: 'quantity',
      message: `Le montant de la ligne (quantité × montant unitaire HT, TVA comprise) ne peut pas dépasser ${maxAmountText}.`,
    };
  return null;
}

/** Why the invoice's totals cannot be kept (a total beyond the bound), or null. */
export function totalsProblem(lines: LineInput[], globalDiscount = '0'): string | null {
  let net = new D(0);
  let gross = new D(0);
  for (const l of lines) {
    const n = round2(new D(l.quantity).mul(new D(l.unitPrice)).minus(new D(l.discount || '0')));
    if (outOfRange(n)) return `Le montant d’une ligne ne peut pas dépasser ${maxAmountText}.`;
    net = net.plus(n);
    gross = gross.plus(n.plus(round2(n.mul(new D(l.vatRate)).div(100))));
  }
  if (outOfRange(net) || outOfRange(gross) || outOfRange(new D(globalDiscount || '0')))
    return `Le total de la facture (HT, TTC ou remise) ne peut pas dépasser ${maxAmountText}.`;
  return null;
}

export function lineAmounts(line: LineInput): LineAmounts {
  const net = round2(new D(line.quantity).mul(new D(line.unitPrice)).minus(new D(line.discount || '0')));
  const vat = round2(net.mul(new D(line.vatRate)).div(100));
  return { netCents: toCents(net), vatCents: toCents(vat), grossCents: toCents(net.plus(vat)) };
}

/** Normalises '5.50' and '5.5' to one key so that a rate appears once in the breakdown. */
export function rateKey(rate: string): string {
  return new D(rate).toString();
}

export function invoiceTotals(lines: LineInput[], globalDiscount = '0'): InvoiceTotals {
  const computed = lines.map(lineAmounts);
  const bases = new Map<string, Decimal>();
  lines.forEach((l, i) => {
    const key = rateKey(l.vatRate);
    bases.set(key, (bases.get(key) ?? new D(0)).plus(new D(computed[i]?.netCents ?? 0).div(100)));
  });
  const vat = [...bases.entries()]
    .sort((a, b) => new D(b[0]).cmp(new D(a[0])))
    .map(([rate, base]) => ({
      rate,
      baseCents: toCents(base),
      vatCents: toCents(round2(base.mul(new D(rate)).div(100))),
    }));
  const totalNetCents = computed.reduce((s, l) => s + l.netCents, 0);
  const totalVatCents = vat.reduce((s, v) => s + v.vatCents, 0);
  const totalGrossCents = totalNetCents + totalVatCents;
  const globalDiscountCents = toCents(round2(new D(globalDiscount || '0')));
  const totalAfterDiscountCents = totalGrossCents - globalDiscountCents;
  return {
    lines: computed,
    vat,
    totalNetCents,
    totalVatCents,
    totalGrossCents,
    globalDiscountCents,
    totalAfterDiscountCents,
    netPayableCents: totalAfterDiscountCents,
  };
}

/**
 * « 6 400,00 » : French display of cents, with a narrow no-break space between thousands. Exact
 * for any integer, as bigint arithmetic: a huge amount is never printed « 1e+30,72 ».
 */
export function formatCents(cents: number | bigint | string): string {
  const value = typeof cents === 'number' ? BigInt(Math.round(cents)) : BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const units = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${negative ? '-' : ''}${units},${(abs % 100n).toString().padStart(2, '0')}`;
}

/**
 * « 1 234,50 » : a decimal string (unit price, quantity, discount) shown like the amounts of
 * formatCents — same thousands separator, same comma — with at least `minDecimals` decimals and no
 * trailing zeros beyond them, so that a PDF or a page prints every amount one way (issue 14).
 */
export function formatDecimal(value: string, minDecimals = 2): string {
  const d = new D(value || '0');
  const [units = '0', decimals = ''] = d.abs().toFixed().split('.');
  const fraction = decimals.replace(/0+$/, '').padEnd(minDecimals, '0');
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${d.isNegative() && !d.isZero() ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
}
