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

/**
 * An exact decimal as a scaled integer: value = n / 10^scale (issue 13). Every amount below is
 * computed on these with bigint arithmetic, exact like the 40-digit decimals it replaces (whose
 * objects cost more than the rest of a line's checks); `amounts.test.ts` compares both on random
 * lines.
 */
interface Exact {
  n: bigint;
  scale: number;
}

const plainNumber = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const powers = Array.from({ length: 48 }, (_, k) => 10n ** BigInt(k));
const pow10 = (k: number) => powers[k] ?? 10n ** BigInt(k);

/** « 12.345 », « -0.5 », « 5. »; another notation Decimal reads (« 1e3 ») is read by it, and a non-number refused. */
function exact(value: string): Exact {
  const m = plainNumber.exec(value);
  if (m && (m[2] || m[3])) {
    const fraction = m[3] ?? '';
    const n = BigInt(`${m[2] || '0'}${fraction}`);
    return { n: m[1] === '-' ? -n : n, scale: fraction.length };
  }
  const plain = new D(value).toFixed();
  if (!plainNumber.test(plain)) throw new RangeError(`not a finite number: ${value}`);
  return exact(plain);
}

/** n / 10^k rounded to an integer, halves away from zero (ROUND_HALF_UP); k < 0 multiplies. */
function roundShift(n: bigint, k: number): bigint {
  if (k <= 0) return n * pow10(-k);
  const d = pow10(k);
  const q = n / d;
  const r = n % d;
  return (r < 0n ? -r : r) * 2n >= d ? q + (n < 0n ? -1n : 1n) : q;
}

/** Cents as a number, exact: beyond 2^53 a number would silently lose its last digits. */
function toCents(cents: bigint): number {
  if (cents > maxSafe || cents < -maxSafe) throw new RangeError(`amount out of range: ${cents} cents`);
  return Number(cents);
}
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);
const maxCents = BigInt(amountLimits.maxAmountCents);
/** |n / 10^scale| above the bound of every amount. */
const outOfRange = (n: bigint, scale: number) =>
  scale >= 2 ? (n < 0n ? -n : n) > maxCents * pow10(scale - 2) : (n < 0n ? -n : n) * pow10(2 - scale) > maxCents;
const maxAmountText = '999 999 999 999,99';

/** A line's gross amount (quantity × unit price, exact) and its net in cents (less the discount, rounded). */
function lineNet(line: LineInput): { gross: Exact; netCents: bigint } {
  const q = exact(line.quantity);
  const p = exact(line.unitPrice);
  const d = exact(line.discount || '0');
  const gross = { n: q.n * p.n, scale: q.scale + p.scale };
  const scale = Math.max(gross.scale, d.scale);
  const net = gross.n * pow10(scale - gross.scale) - d.n * pow10(scale - d.scale);
  return { gross, netCents: roundShift(net, scale - 2) };
}

/** VAT in cents of a base in cents at a rate in percent, rounded to the cent. */
const vatOf = (baseCents: bigint, rate: Exact) => roundShift(baseCents * rate.n, rate.scale + 2);

/** Why a line's amounts cannot be kept, on the field to correct; null when they are within bounds. */
export function lineAmountProblem(line: LineInput): { field: 'quantity' | 'discount'; message: string } | null {
  const { gross, netCents } = lineNet(line);
  const rate = exact(line.vatRate);
  // Net × (100 + rate) / 100, exact: the line's amount VAT included.
  const withVat = netCents * (100n * pow10(rate.scale) + rate.n);
  if (outOfRange(gross.n, gross.scale) || outOfRange(netCents, 2) || outOfRange(withVat, rate.scale + 4))
    return {
      field: 'quantity',
      message: `Le montant de la ligne (quantité × montant unitaire HT, TVA comprise) ne peut pas dépasser ${maxAmountText}.`,
    };
  return null;
}

/** Why the invoice's totals cannot be kept (a total beyond the bound), or null. */
export function totalsProblem(lines: LineInput[], globalDiscount = '0'): string | null {
  let net = 0n;
  let gross = 0n;
  for (const l of lines) {
    const { netCents } = lineNet(l);
    if (outOfRange(netCents, 2)) return `Le montant d’une ligne ne peut pas dépasser ${maxAmountText}.`;
    net += netCents;
    gross += netCents + vatOf(netCents, exact(l.vatRate));
  }
  const discount = exact(globalDiscount || '0');
  if (outOfRange(net, 2) || outOfRange(gross, 2) || outOfRange(discount.n, discount.scale))
    return `Le total de la facture (HT, TTC ou remise) ne peut pas dépasser ${maxAmountText}.`;
  return null;
}

export function lineAmounts(line: LineInput): LineAmounts {
  const { netCents } = lineNet(line);
  const vat = vatOf(netCents, exact(line.vatRate));
  return { netCents: toCents(netCents), vatCents: toCents(vat), grossCents: toCents(netCents + vat) };
}

/** Normalises '5.50' and '5.5' to one key so that a rate appears once in the breakdown (as Decimal writes it). */
export function rateKey(rate: string): string {
  const { n, scale } = exact(rate);
  const digits = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
  const units = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  // Decimal writes « 1e-7 » and « 1e+21 » beyond these: none is a VAT rate, it writes them itself.
  if (units.length > 21 || (units === '0' && fraction.length > 6 && n !== 0n)) return new D(rate).toString();
  return `${n < 0n ? '-' : ''}${units}${fraction ? `.${fraction}` : ''}`;
}

export function invoiceTotals(lines: LineInput[], globalDiscount = '0'): InvoiceTotals {
  const computed = lines.map(lineAmounts);
  const bases = new Map<string, bigint>();
  lines.forEach((l, i) => {
    const key = rateKey(l.vatRate);
    bases.set(key, (bases.get(key) ?? 0n) + BigInt(computed[i]?.netCents ?? 0));
  });
  const rates = [...bases.entries()].map(([rate, base]) => ({ rate, exact: exact(rate), base }));
  const vat = rates
    .sort((a, b) => compare(b.exact, a.exact))
    .map(({ rate, exact: r, base }) => ({ rate, baseCents: toCents(base), vatCents: toCents(vatOf(base, r)) }));
  const totalNetCents = computed.reduce((s, l) => s + l.netCents, 0);
  const totalVatCents = vat.reduce((s, v) => s + v.vatCents, 0);
  const totalGrossCents = totalNetCents + totalVatCents;
  const discount = exact(globalDiscount || '0');
  const globalDiscountCents = toCents(roundShift(discount.n, discount.scale - 2));
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

function compare(a: Exact, b: Exact): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.n * pow10(scale - a.scale);
  const y = b.n * pow10(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
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
