import { Decimal } from 'decimal.js';
import { amountLimits } from './amounts.ts';
import { vatRates } from './references.ts';

/**
 * « Montants totaux » and « Saisir le détail de la TVA » of an invoice deposited as a plain PDF
 * (webinar « Déposer une facture (4/6) »): the PDF is the invoice, so its amounts are typed as totals,
 * with an optional VAT breakdown, instead of lines. One implementation for the portal (live) and the
 * server (what is stored and checked at sending). Amounts are decimal strings with a dot, as the
 * forms send them; out of here they are integer cents.
 */
export interface TypedVatLine {
  /** « Taux de TVA » in percent. */
  rate: string;
  /** « Base HT ». */
  base: string;
  /** « Montant TVA ». */
  amount: string;
}

export interface TypedTotals {
  /** « Montant HT ». */
  totalNet: string;
  /** « Montant TVA ». */
  totalVat: string;
  /** « Net à payer ». */
  netPayable: string;
  vatDetail: TypedVatLine[];
}

export type TypedTotalsField = 'totalNet' | 'totalVat' | 'netPayable' | 'vatDetail';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const amountPattern = /^\d{1,13}(\.\d{1,2})?$/;
const ratePattern = /^\d{1,2}(\.\d{1,2})?$/;
const maxAmount = new D(amountLimits.maxAmountCents).div(100);
/** Rounding differences a per-rate VAT may show against base × rate (one cent). */
const vatTolerance = new D('0.01');

const cents = (v: string) => new D(v).mul(100).toNumber();
const normal = (v: string) => v.trim().replace(/\s/g, '').replace(',', '.');

/** Each value as the forms write it, normalised (« 1 234,50 » → « 1234.50 »). */
export function normaliseTypedTotals(t: TypedTotals): TypedTotals {
  return {
    totalNet: normal(t.totalNet),
    totalVat: normal(t.totalVat),
    netPayable: normal(t.netPayable),
    vatDetail: t.vatDetail.map((l) => ({ rate: normal(l.rate), base: normal(l.base), amount: normal(l.amount) })),
  };
}

/** « Montant TTC » = « Montant HT » + « Montant TVA », in cents; null while one is not a valid amount. */
export function typedGrossCents(totalNet: string, totalVat: string): number | null {
  const net = normal(totalNet);
  const vat = normal(totalVat);
  if (!amountPattern.test(net) || !amountPattern.test(vat)) return null;
  return cents(net) + cents(vat);
}

/** What is wrong with typed totals, field by field (French, next to the field); {} when they can be kept. */
export function typedTotalsProblems(input: TypedTotals): Partial<Record<TypedTotalsField, string>> {
  const t = normaliseTypedTotals(input);
  const problems: Partial<Record<TypedTotalsField, string>> = {};
  const labels = { totalNet: 'Montant HT', totalVat: 'Montant TVA', netPayable: 'Net à payer' } as const;
  for (const field of ['totalNet', 'totalVat', 'netPayable'] as const) {
    const v = t[field];
    if (v === '') problems[field] = `Le champ « ${labels[field]} » est obligatoire.`;
    else if (!amountPattern.test(v) || new D(v).gt(maxAmount))
      problems[field] =
        `« ${labels[field]} » doit être un montant positif d’au plus 13 chiffres avant la virgule et 2 après, par exemple 7 850,00.`;
  }
  if (!problems.netPayable && new D(t.netPayable).lte(0))
    problems.netPayable = 'Le net à payer doit être supérieur à zéro.';
  if (!problems.totalNet && !problems.totalVat && !problems.netPayable) {
    const gross = new D(t.totalNet).plus(t.totalVat);
    if (new D(t.netPayable).gt(gross))
      problems.netPayable = 'Le net à payer ne peut pas dépasser le montant TTC (montant HT + montant TVA).';
  }
  if (t.vatDetail.length > 0) {
    const bad = t.vatDetail.findIndex(
      (l) =>
        !ratePattern.test(l.rate) ||
        Number(l.rate) > amountLimits.maxVatRate ||
        !amountPattern.test(l.base) ||
        !amountPattern.test(l.amount),
    );
    const rates = t.vatDetail.map((l) => new D(l.rate || '0').toString());
    if (bad >= 0)
      problems.vatDetail = `Ligne ${bad + 1} du détail de la TVA : indiquez un taux entre 0 et ${amountLimits.maxVatRate} %, une base HT et un montant de TVA (par exemple 20 ; 1 000,00 ; 200,00).`;
    else if (new Set(rates).size !== rates.length)
      problems.vatDetail = 'Chaque taux de TVA ne figure qu’une fois dans le détail de la TVA.';
    else {
      const wrong = t.vatDetail.findIndex((l) =>
        new D(l.base).mul(l.rate).div(100).minus(l.amount).abs().gt(vatTolerance),
      );
      const bases = t.vatDetail.reduce((s, l) => s.plus(l.base), new D(0));
      const amounts = t.vatDetail.reduce((s, l) => s.plus(l.amount), new D(0));
      if (wrong >= 0)
        problems.vatDetail = `Ligne ${wrong + 1} du détail de la TVA : le montant de TVA ne correspond pas à la base HT × le taux.`;
      else if (!problems.totalNet && !bases.eq(t.totalNet))
        problems.vatDetail = 'La somme des bases HT du détail de la TVA doit être égale au montant HT.';
      else if (!problems.totalVat && !amounts.eq(t.totalVat))
        problems.vatDetail = 'La somme des montants du détail de la TVA doit être égale au montant TVA.';
    }
  }
  return problems;
}

/** The stored totals of valid typed totals, in cents. */
export function typedTotalsCents(input: TypedTotals) {
  const t = normaliseTypedTotals(input);
  return {
    totalNetCents: cents(t.totalNet),
    totalVatCents: cents(t.totalVat),
    totalGrossCents: cents(t.totalNet) + cents(t.totalVat),
    netPayableCents: cents(t.netPayable),
  };
}

/** The rate of a VAT total over a net total, when it is one of the French rates (0,05 point apart at most). */
export function usualRateOf(totalNet: string, totalVat: string): string | null {
  const net = new D(normal(totalNet) || '0');
  if (net.lte(0)) return null;
  const rate = new D(normal(totalVat) || '0').div(net).mul(100);
  return vatRates.find((r) => rate.minus(r).abs().lte(0.05)) ?? null;
}
