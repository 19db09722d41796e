import { Decimal } from 'decimal.js';
import type { AllowanceCharge, Invoice, Line, VatBreakdown } from '../../model/invoice.ts';
import { dec, round2, sum } from './amounts.ts';
import { locate } from './locations.ts';
import type { RuleContext } from './rule-context.ts';
import { VAT_CATEGORIES, type VatCategoryRules } from './vat-categories.ts';
import { isVat } from './vat-scheme.ts';

function partiesOk(inv: Invoice, rule: VatCategoryRules['parties']): boolean {
  const sellerVat = inv.seller.vatId !== null || inv.taxRepresentative?.vatId != null;
  const sellerTaxId = sellerVat || inv.seller.taxRegistrationId !== null;
  switch (rule) {
    case 'sellerTaxId':
      return sellerTaxId;
    case 'sellerVat':
      return sellerVat;
    case 'sellerVatBuyerVat':
      return sellerVat && inv.buyer.vatId !== null;
    case 'sellerTaxIdBuyerId':
      return sellerTaxId && (inv.buyer.vatId !== null || inv.buyer.legalId !== null);
    case 'noVatIds':
      return !sellerVat && inv.buyer.vatId === null;
  }
}

function rateOk(rate: string | null, rule: VatCategoryRules['rate'], isCii: boolean): boolean {
  const r = dec(rate);
  switch (rule) {
    case 'positive':
      return r !== null && r.greaterThan(0);
    case 'zero':
      return r !== null && r.isZero();
    case 'absent':
      return rate === null;
    case 'nonNegative':
      return r !== null && r.greaterThanOrEqualTo(0);
    // The CII artifact asks a positive IGIC rate, the UBL one accepts zero.
    case 'nonNegativeUblPositiveCii':
      return r !== null && (isCii ? r.greaterThan(0) : r.greaterThanOrEqualTo(0));
  }
}

const is = (code: string) => (x: { vatCategory: string | null }) => x.vatCategory?.trim() === code;
/** In category `code` and in the VAT scheme: what most category rules select. */
const isVatIn = (code: string) => (x: { vatCategory: string | null; taxScheme: string | null }) =>
  is(code)(x) && isVat(x);

function taxableFor(inv: Invoice, code: string, rate: Decimal | null, rounded: boolean): Decimal {
  const sameRate = (r: string | null) => rate === null || (dec(r)?.equals(rate) ?? false);
  const lines = inv.lines.filter((l: Line) => is(code)(l) && sameRate(l.vatRate));
  const acs = inv.allowanceCharges.filter((a: AllowanceCharge) => is(code)(a) && sameRate(a.vatRate));
  const part = (values: (Decimal | null)[]) => (rounded ? round2(sum(values)) : sum(values));
  return part(lines.map((l) => dec(l.netAmount)))
    .plus(part(acs.filter((a) => a.isCharge).map((a) => dec(a.amount))))
    .minus(part(acs.filter((a) => !a.isCharge).map((a) => dec(a.amount))));
}

function checkCategory(ctx: RuleContext, c: VatCategoryRules): void {
  const { inv, isCii } = ctx;
  const lines = inv.lines.filter(isVatIn(c.code));
  const acs = inv.allowanceCharges.filter(isVatIn(c.code));
  const asCategory = (v: VatBreakdown) => ({ vatCategory: v.category, taxScheme: v.taxScheme });
  const breakdowns = inv.vatBreakdown.map((v, i) => ({ v, i })).filter(({ v }) => isVatIn(c.code)(asCategory(v)));
  // X-01 counts differ per artifact: CII ignores the scheme, UBL's S rule too.
  const noScheme = isCii || c.code === 'S';
  const lines01 = noScheme ? inv.lines.filter(is(c.code)) : lines;
  const acs01 = noScheme ? inv.allowanceCharges.filter(is(c.code)) : acs;
  const breakdowns01 =
    noScheme || c.perRate ? inv.vatBreakdown.filter((v) => is(c.code)(asCategory(v))) : breakdowns.map((b) => b.v);
  const used = lines01.length + acs01.length > 0;
  const id = (n: string) => `${c.prefix}-${n}`;

  // a category used on lines, allowances or charges has its VAT breakdown, and conversely.
  let ok01: boolean;
  if (c.perRate) {
    ok01 = isCii
      ? (lines01.length === 0 || lines01.length + breakdowns01.length >= 2) &&
        (acs01.length === 0 || acs01.length + breakdowns01.length >= 2)
      : c.code === 'S'
        ? used === breakdowns01.length > 0
        : // UBL BR-AF-01/BR-AG-01: a used category needs a breakdown of that code; an unused one, no VAT-scheme breakdown.
          used
          ? breakdowns01.length > 0
          : breakdowns.length === 0;
  } else if (isCii) {
    ok01 =
      c.code === 'O'
        ? breakdowns01.length === 0 || (breakdowns01.length === 1 && used)
        : (!used && breakdowns01.length === 0) || (breakdowns01.length === 1 && used);
  } else {
    ok01 = (!used && breakdowns01.length === 0) || breakdowns01.length === 1;
  }
  if (!ok01)
    ctx.fail(
      id('01'),
      locate(inv, 'vatTotal'),
      `Catégorie ${c.label} : une facture qui l'utilise doit avoir ${c.perRate ? 'sa' : 'une seule'} ventilation de TVA (BG-23) pour cette catégorie, et inversement.`,
    );

  const parties = partiesOk(inv, c.parties);
  const partiesFr = {
    sellerTaxId:
      'le numéro de TVA du vendeur (BT-31), son identifiant fiscal (BT-32) ou celui de son représentant fiscal (BT-63)',
    sellerVat: 'le numéro de TVA du vendeur (BT-31) ou de son représentant fiscal (BT-63)',
    sellerVatBuyerVat: "les numéros de TVA du vendeur (BT-31 ou BT-63) et de l'acheteur (BT-48)",
    sellerTaxIdBuyerId:
      "le numéro de TVA du vendeur (BT-31/BT-32/BT-63) et le numéro de TVA (BT-48) ou l'identifiant légal (BT-47) de l'acheteur",
    noVatIds: "aucun numéro de TVA du vendeur, du représentant fiscal ni de l'acheteur",
  }[c.parties];
  // UBL BR-S-02 is triggered by an S line of any scheme but satisfied only by a VAT-scheme one.
  const s02AnyScheme = !isCii && c.code === 'S' && inv.lines.some(is('S'));
  if (lines.length > 0 || s02AnyScheme)
    if (!(lines.length > 0 && parties))
      ctx.fail(
        id('02'),
        locate(inv, 'seller'),
        `Catégorie ${c.label} sur une ligne : la facture doit porter ${partiesFr}.`,
      );
  if (acs.some((a) => !a.isCharge))
    if (!parties)
      ctx.fail(
        id('03'),
        locate(inv, 'seller'),
        `Catégorie ${c.label} sur une remise : la facture doit porter ${partiesFr}.`,
      );
  if (acs.some((a) => a.isCharge))
    if (!parties)
      ctx.fail(
        id('04'),
        locate(inv, 'seller'),
        `Catégorie ${c.label} sur une charge : la facture doit porter ${partiesFr}.`,
      );

  const rateFr = {
    positive: 'strictement positif',
    zero: 'égal à 0',
    absent: 'absent',
    nonNegative: 'positif ou nul',
    nonNegativeUblPositiveCii: isCii ? 'strictement positif' : 'positif ou nul',
  }[c.rate];
  inv.lines.forEach((l, i) => {
    if (isVatIn(c.code)(l))
      if (!rateOk(l.vatRate, c.rate, isCii))
        ctx.fail(
          id('05'),
          locate(inv, 'lines', i),
          `Ligne ${l.id ?? i + 1}, catégorie ${c.label} : le taux de TVA (BT-152) doit être ${rateFr}.`,
        );
  });
  inv.allowanceCharges.forEach((a, i) => {
    if (!isVatIn(c.code)(a)) return;
    if (!rateOk(a.vatRate, c.rate, isCii))
      ctx.fail(
        id(a.isCharge ? '07' : '06'),
        locate(inv, 'allowanceCharges', i),
        `${a.isCharge ? 'Charge' : 'Remise'} de catégorie ${c.label} : le taux de TVA (${a.isCharge ? 'BT-103' : 'BT-96'}) doit être ${rateFr}.`,
      );
  });

  // CII selects S and Z breakdowns by their code alone.
  const checked =
    isCii && (c.code === 'S' || c.code === 'Z')
      ? inv.vatBreakdown.map((v, i) => ({ v, i })).filter(({ v }) => is(c.code)(asCategory(v)))
      : breakdowns;
  for (const { v, i } of checked) checkBreakdown(ctx, c, v, i);
}

function checkBreakdown(ctx: RuleContext, c: VatCategoryRules, v: VatBreakdown, i: number): void {
  const { inv, isCii } = ctx;
  const at = locate(inv, 'vatBreakdown', i);
  const id = (n: string) => `${c.prefix}-${n}`;
  const base = dec(v.taxableAmount);
  const rate = dec(v.rate);
  // taxable amount = lines + charges - allowances of the category (and rate).
  let ok08: boolean;
  if (c.perRate) {
    const expected = taxableFor(inv, c.code, rate, isCii);
    // CII reads the rate next to the category ("every $rate in ../RateApplicablePercent"): for L
    // and M that path selects nothing, so the rule never fails; for S, not without a rate.
    if (isCii) ok08 = c.code !== 'S' || v.rate === null || (base !== null && base.equals(expected));
    else {
      const exists =
        inv.lines.some((l) => is(c.code)(l) && rate !== null && dec(l.vatRate)?.equals(rate)) ||
        inv.allowanceCharges.some((a) => is(c.code)(a) && rate !== null && dec(a.vatRate)?.equals(rate));
      ok08 =
        v.rate === null ||
        (exists && base !== null && base.minus(1).lessThan(expected) && base.plus(1).greaterThan(expected));
    }
  } else if (isCii && c.code === 'O') {
    ok08 = base !== null && base.equals(taxableFor(inv, c.code, null, true));
  } else if (isCii) {
    const expected = taxableFor(inv, c.code, null, true);
    ok08 = base !== null && base.minus(1).lessThan(expected) && base.plus(1).greaterThan(expected);
  } else {
    ok08 = inv.lines.length > 0 && base !== null && base.equals(taxableFor(inv, c.code, null, false));
  }
  if (!ok08)
    ctx.fail(
      id('08'),
      at,
      `Catégorie ${c.label} : la base imposable (BT-116 = ${v.taxableAmount ?? 'absente'}) doit égaler la somme des lignes, plus les charges, moins les remises de cette catégorie${c.perRate ? ' et de ce taux' : ''}.`,
    );

  const tax = dec(v.taxAmount);
  if (c.taxAmount === 'zero') {
    if (!(tax !== null && tax.isZero()))
      ctx.fail(id('09'), at, `Catégorie ${c.label} : le montant de TVA (BT-117) doit être 0.`);
  } else if (!(isCii && c.code !== 'S')) {
    let ok = false;
    if (tax && base && rate) {
      const expected = round2(base.abs().times(rate.div(100)));
      ok = tax.abs().minus(1).lessThan(expected) && tax.abs().plus(1).greaterThan(expected);
    }
    if (!ok)
      ctx.fail(
        id('09'),
        at,
        `Catégorie ${c.label} : le montant de TVA (BT-117) doit égaler la base (BT-116) multipliée par le taux (BT-119).`,
      );
  }
  const hasReason = v.exemptionReason !== null || v.exemptionReasonCode !== null;
  if (c.exemption === 'required') {
    if (!hasReason)
      ctx.fail(id('10'), at, `Catégorie ${c.label} : indiquez le motif d'exonération (BT-120) ou son code (BT-121).`);
  } else if (hasReason) {
    ctx.fail(id('10'), at, `Catégorie ${c.label} : ne donnez pas de motif d'exonération (BT-120/BT-121).`);
  }
  if (c.code === 'O') checkOutOfScope(ctx, at);
  if (c.code === 'K') {
    const period = inv.invoicingPeriod;
    const hasPeriod =
      period !== null &&
      (period.start !== null || period.end !== null || (!ctx.isCii && inv.vatPointDateCode !== null));
    if (!((inv.delivery?.date ?? '').length > 1 || hasPeriod))
      ctx.fail(
        'BR-IC-11',
        at,
        'Livraison intracommunautaire : indiquez la date de livraison (BT-72) ou la période de facturation (BG-14).',
      );
    if (!(isCii ? inv.delivery?.address?.countryCode != null : (inv.delivery?.address?.countryCode ?? '').length > 1))
      ctx.fail('BR-IC-12', at, 'Livraison intracommunautaire : indiquez le pays de livraison (BT-80).');
  }
}

/** BR-O-11..14: an invoice "out of scope of VAT" may hold no other VAT category. */
function checkOutOfScope(ctx: RuleContext, at: string): void {
  const { inv } = ctx;
  const other = (x: { vatCategory: string | null; taxScheme: string | null }) =>
    x.vatCategory !== null && x.vatCategory.trim() !== 'O' && (ctx.isCii || isVat(x));
  const otherBreakdown = inv.vatBreakdown.some((v) => other({ vatCategory: v.category, taxScheme: v.taxScheme }));
  const otherLine = inv.lines.some(other);
  const otherAllowance = inv.allowanceCharges.some((a) => !a.isCharge && other(a));
  const otherCharge = inv.allowanceCharges.some((a) => a.isCharge && other(a));
  // CII words O-11/O-12 on any ApplicableTradeTax (breakdown or line), O-13/O-14 on any allowance or charge.
  if (!(ctx.isCii ? !(otherBreakdown || otherLine) : !otherBreakdown))
    ctx.fail('BR-O-11', at, "Une facture hors champ de TVA (O) ne peut avoir d'autre ventilation de TVA.");
  if (!(ctx.isCii ? !(otherBreakdown || otherLine) : !otherLine))
    ctx.fail('BR-O-12', at, "Une facture hors champ de TVA (O) ne peut avoir de ligne d'une autre catégorie.");
  if (!(ctx.isCii ? !(otherAllowance || otherCharge) : !otherAllowance))
    ctx.fail('BR-O-13', at, "Une facture hors champ de TVA (O) ne peut avoir de remise d'une autre catégorie.");
  if (!(ctx.isCii ? !(otherAllowance || otherCharge) : !otherCharge))
    ctx.fail('BR-O-14', at, "Une facture hors champ de TVA (O) ne peut avoir de charge d'une autre catégorie.");
}

/** All VAT category rules (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG, BR-B). */
export function checkVatCategories(ctx: RuleContext): void {
  for (const c of VAT_CATEGORIES) checkCategory(ctx, c);
  const { inv } = ctx;
  const categories = [
    ...inv.lines.map((l) => l.vatCategory),
    ...inv.allowanceCharges.map((a) => a.vatCategory),
    ...inv.vatBreakdown.map((v) => v.category),
  ];
  if (categories.includes('B')) {
    const countries = [inv.seller.address, inv.buyer.address, inv.delivery?.address, inv.taxRepresentative?.address]
      .map((a) => a?.countryCode)
      .filter((c) => c != null);
    if (!countries.every((c) => c === 'IT'))
      ctx.fail(
        'BR-B-01',
        locate(inv, 'vatTotal'),
        'La catégorie B (TVA à paiement scindé) est réservée aux factures italiennes.',
      );
    if (categories.includes('S'))
      ctx.fail('BR-B-02', locate(inv, 'vatTotal'), 'Une facture en catégorie B ne peut contenir de catégorie S.');
  }
}
