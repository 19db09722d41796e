import { listTerms, type Finding, type Invoice, type TermValue } from '@chorale/einvoice';
import type { ReportLine } from '@chorale/contracts';
import { termLabels } from './term-labels.ts';

const TERM = /\b(B[TG])-(\d{1,3})\b/;

/** 1-based position of the n-th invoice line named in an XPath location, if any. */
function linePosition(location: string): number | null {
  const m = /(?:InvoiceLine|CreditNoteLine|IncludedSupplyChainTradeLineItem)\[(\d+)\]/.exec(location);
  return m ? Number(m[1]) : null;
}

/** The file's value for a term: the one value, or the one of the invoice line the location names. */
function valueOf(values: TermValue[], location: string): string | null {
  if (values.length === 0) return null;
  if (values.length === 1) return String(values[0]!.value);
  const line = linePosition(location);
  if (line !== null) {
    const inLine = values.find((v) => v.path.startsWith(`lines[${line - 1}]`));
    if (inLine) return String(inLine.value);
  }
  return String(values[0]!.value);
}

/**
 * One French report line per failed rule: the business term it names (in its French or English
 * text), that term's value in the file and where the rule points.
 */
export function reportLines(findings: readonly Finding[], invoice: Invoice | null): ReportLine[] {
  const terms = invoice ? listTerms(invoice) : [];
  const byTerm = new Map<string, TermValue[]>();
  for (const t of terms) {
    for (const one of t.term.split('|')) {
      const list = byTerm.get(one) ?? [];
      list.push(t);
      byTerm.set(one, list);
    }
  }
  return findings.map((f) => {
    const m = TERM.exec(f.message.fr) ?? TERM.exec(f.message.en);
    const term = m ? `${m[1]}-${m[2]}` : null;
    return {
      rule: f.rule,
      severity: f.severity,
      term,
      termLabel: term ? (termLabels[term] ?? null) : null,
      value: term ? valueOf(byTerm.get(term) ?? [], f.location) : null,
      location: f.location,
      message: f.message.fr,
    };
  });
}

/** A rule of Chorale's own (not EN 16931) on one term of the file. */
export function chorale(
  rule: string,
  severity: 'fatal' | 'warning',
  term: string | null,
  value: string | null,
  message: string,
): ReportLine {
  return {
    rule,
    severity,
    term,
    termLabel: term ? (termLabels[term] ?? null) : null,
    value,
    location: '/',
    message,
  };
}

export const hasFatal = (report: readonly ReportLine[]) => report.some((l) => l.severity === 'fatal');
