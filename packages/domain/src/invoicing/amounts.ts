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

const toCents = (d: Decimal) => d.mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
const round2 = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

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

/** « 6 400,00 » : French display of cents, with a narrow no-break space between thousands. */
export function formatCents(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${negative ? '-' : ''}${units},${String(abs % 100).padStart(2, '0')}`;
}
