import { Decimal } from 'decimal.js';
import { frenchVatValid, luhnValid, siretValid } from './french-identifiers.ts';

export interface Proposal<T> {
  readonly value: T;
  /** 0..1: how sure the recogniser is (labelled match, checksum, cross-checked totals…). */
  readonly confidence: number;
  /** The text the value was read from. */
  readonly evidence: string;
}

export interface Recognition {
  readonly invoiceNumber: Proposal<string> | null;
  readonly issueDate: Proposal<string> | null;
  readonly sirets: Proposal<string>[];
  readonly vatNumbers: Proposal<string>[];
  readonly totalWithoutVat: Proposal<string> | null;
  readonly vatTotal: Proposal<string> | null;
  readonly totalWithVat: Proposal<string> | null;
  readonly amountDue: Proposal<string> | null;
}

const MONTHS: Record<string, number> = {
  janvier: 1,
  fevrier: 2,
  février: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  aout: 8,
  août: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
  décembre: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

const DATE = String.raw`(\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:er)?\s+[A-Za-zéûè]+\s+\d{4})`;

/** A date as YYYY-MM-DD (French day-first order for numeric dates), or null. */
export function normaliseDate(raw: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const pad = (n: number) => String(n).padStart(2, '0');
  const valid = (y: number, m: number, d: number) =>
    m >= 1 && m <= 12 && d >= 1 && d <= 31 ? `${y}-${pad(m)}-${pad(d)}` : null;
  if (iso) return valid(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const num = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(raw);
  if (num) {
    const y = Number(num[3]);
    return valid(y < 100 ? 2000 + y : y, Number(num[2]), Number(num[1]));
  }
  const words = /^(\d{1,2})(?:er)?\s+([A-Za-zéûè]+)\s+(\d{4})$/.exec(raw);
  const month = words ? MONTHS[words[2]!.toLowerCase()] : undefined;
  return words && month ? valid(Number(words[3]), month, Number(words[1])) : null;
}

/** "1 234,56 €", "1,234.56", "1.234,56" -> "1234.56"; null when not an amount. */
export function normaliseAmount(raw: string): string | null {
  let s = raw.replace(/[€\s\u00a0\u202f]|EUR/g, '');
  if (!/^-?[\d.,]+$/.test(s)) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  const decimalSep = lastComma > lastDot ? ',' : '.';
  const decimals = s.length - Math.max(lastComma, lastDot) - 1;
  if (Math.max(lastComma, lastDot) >= 0 && decimals !== 2 && decimals !== 3) return null;
  if (decimals === 3 && !(lastComma >= 0 && lastDot >= 0)) {
    // "1.234" or "1,234" alone: a thousands separator, not decimals.
    s = s.replace(/[.,]/g, '');
  } else {
    s = s.replace(decimalSep === ',' ? /\./g : /,/g, '').replace(',', '.');
  }
  return /^-?\d+(\.\d+)?$/.test(s) ? new Decimal(s).toFixed(2) : null;
}

const AMOUNT = String.raw`(-?\d{1,3}(?:[ \u00a0\u202f.,]\d{3})*[.,]\d{2}|-?\d+[.,]\d{2})\s*(?:€|EUR)?`;

function labelled(text: string, labels: string[], value: string): { raw: string; evidence: string }[] {
  const out: { raw: string; evidence: string }[] = [];
  const re = new RegExp(String.raw`(?:${labels.join('|')})[^\n\d€-]{0,40}?${value}`, 'giu');
  for (const m of text.matchAll(re)) out.push({ raw: m[m.length - 1]!, evidence: m[0].trim() });
  return out;
}

function amountFor(text: string, labels: string[], confidence: number): Proposal<string> | null {
  const found = labelled(text, labels, AMOUNT)
    .map((f) => ({ ...f, value: normaliseAmount(f.raw) }))
    .filter((f) => f.value !== null);
  // The last labelled occurrence is usually the summary block at the bottom of the invoice.
  const last = found[found.length - 1];
  return last ? { value: last.value!, confidence, evidence: last.evidence } : null;
}

/**
 * Proposes the key fields of an invoice from its text (plain PDF without XML). Every proposal
 * carries a confidence; totals that add up (HT + TVA = TTC) are trusted more.
 */
export function recogniseInvoiceText(text: string): Recognition {
  const numberMatch = labelled(
    text,
    [
      'facture\\s*(?:n°|no|nº|num[ée]ro|#)',
      'n°\\s*de\\s*facture',
      'num[ée]ro\\s*de\\s*facture',
      'invoice\\s*(?:#|no\\.?|number|n°)',
      'rechnung\\s*(?:nr\\.?|nummer)',
    ],
    String.raw`:?\s*([A-Z0-9][A-Z0-9/_.-]{2,})`,
  )[0];
  const invoiceNumber = numberMatch
    ? { value: numberMatch.raw, confidence: 0.85, evidence: numberMatch.evidence }
    : null;

  const dateLabels = [
    "date\\s*(?:de\\s*(?:la\\s*)?facture|d'?[ée]mission|de\\s*facturation)",
    'factur[ée]e?\\s*le',
    'invoice\\s*date',
    'issued\\s*(?:at|on)',
    'rechnungsdatum',
    'date',
  ];
  let issueDate: Proposal<string> | null = null;
  for (const [i, label] of dateLabels.entries()) {
    const m = labelled(text, [label], DATE).find((f) => normaliseDate(f.raw) !== null);
    if (m) {
      issueDate = {
        value: normaliseDate(m.raw)!,
        confidence: i < dateLabels.length - 1 ? 0.85 : 0.6,
        evidence: m.evidence,
      };
      break;
    }
  }
  if (!issueDate) {
    const any = new RegExp(DATE, 'u').exec(text);
    const value = any ? normaliseDate(any[1]!) : null;
    if (any && value) issueDate = { value, confidence: 0.35, evidence: any[0] };
  }

  const sirets: Proposal<string>[] = [];
  for (const m of text.matchAll(/(SIRET\s*(?:n°|:)?\s*)?\b(\d{3}[ \u00a0]?\d{3}[ \u00a0]?\d{3}[ \u00a0]?\d{5})\b/giu)) {
    const digits = m[2]!.replace(/\D/g, '');
    if (!siretValid(digits) || sirets.some((s) => s.value === digits)) continue;
    sirets.push({ value: digits, confidence: m[1] ? 0.95 : 0.7, evidence: m[0].trim() });
  }
  const vatNumbers: Proposal<string>[] = [];
  for (const m of text.matchAll(
    /\b(FR[ \u00a0]?[0-9A-HJ-NP-Z]{2}[ \u00a0]?\d{3}[ \u00a0]?\d{3}[ \u00a0]?\d{3}|(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK)[ \u00a0]?[0-9A-Z]{8,12})\b/gu,
  )) {
    const value = m[1]!.replace(/[ \u00a0]/g, '');
    if (vatNumbers.some((v) => v.value === value)) continue;
    const confidence = value.startsWith('FR') ? (frenchVatValid(value) ? 0.95 : 0.4) : 0.7;
    vatNumbers.push({ value, confidence, evidence: m[0] });
  }
  void luhnValid;

  let totalWithoutVat = amountFor(
    text,
    [
      'total\\s*h\\.?\\s*t\\.?',
      'montant\\s*h\\.?\\s*t\\.?',
      'total\\s*hors\\s*taxes?',
      'net\\s*total',
      'total\\s*net',
      'sous-total',
      'summe\\s*netto',
      'nettobetrag',
    ],
    0.75,
  );
  let vatTotal = amountFor(
    text,
    [
      'total\\s*t\\.?\\s*v\\.?\\s*a\\.?',
      'montant\\s*(?:de\\s*(?:la\\s*)?)?t\\.?v\\.?a\\.?',
      'vat\\s*total',
      'total\\s*vat',
      'mwst\\.?',
      't\\.?v\\.?a\\.?\\s*(?:\\d+(?:[.,]\\d+)?\\s*%)?',
    ],
    0.7,
  );
  let totalWithVat = amountFor(
    text,
    [
      'total\\s*t\\.?\\s*t\\.?\\s*c\\.?',
      'montant\\s*t\\.?t\\.?c\\.?',
      'total\\s*toutes\\s*taxes\\s*comprises',
      'gross\\s*total',
      'total\\s*gross',
      'gesamtbetrag',
      'invoice\\s*total',
    ],
    0.75,
  );
  let amountDue = amountFor(
    text,
    [
      'net\\s*[àa]\\s*payer',
      'montant\\s*d[ûu]',
      'reste\\s*[àa]\\s*payer',
      '[àa]\\s*payer',
      'due\\s*payable',
      'amount\\s*due',
      'total\\s*due',
      'zahlbetrag',
    ],
    0.75,
  );

  // Totals that add up confirm each other; a missing TTC can be derived from HT + TVA.
  if (totalWithoutVat && vatTotal) {
    const sum = new Decimal(totalWithoutVat.value).plus(vatTotal.value).toFixed(2);
    const candidates = [totalWithVat, amountDue].filter((p): p is Proposal<string> => p !== null);
    if (candidates.some((c) => c.value === sum)) {
      totalWithoutVat = { ...totalWithoutVat, confidence: 0.95 };
      vatTotal = { ...vatTotal, confidence: 0.95 };
      if (totalWithVat?.value === sum) totalWithVat = { ...totalWithVat, confidence: 0.95 };
      if (amountDue?.value === sum) amountDue = { ...amountDue, confidence: Math.max(amountDue.confidence, 0.9) };
      totalWithVat ??= { value: sum, confidence: 0.8, evidence: 'HT + TVA' };
    }
  }
  if (!amountDue && totalWithVat)
    amountDue = { value: totalWithVat.value, confidence: 0.5, evidence: 'TTC (pas de net à payer distinct)' };
  return { invoiceNumber, issueDate, sirets, vatNumbers, totalWithoutVat, vatTotal, totalWithVat, amountDue };
}
