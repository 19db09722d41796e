import type { Detection } from '../detect.ts';
import type { ParseResult } from '../parse.ts';
import type { PdfTextResult } from '../pdf/extract-text.ts';
import type { Finding } from '../validation/finding.ts';
import type { ValidationReport } from '../validation/validate.ts';

export type Lang = 'fr' | 'en';

const FORMAT_LABEL: Record<Detection['format'], Record<Lang, string>> = {
  facturx: { fr: 'Factur-X (PDF avec XML CII)', en: 'Factur-X (PDF with CII XML)' },
  pdf: { fr: 'PDF sans XML (non structuré)', en: 'plain PDF (no XML)' },
  'ubl-invoice': { fr: 'UBL 2.1 Invoice', en: 'UBL 2.1 Invoice' },
  'ubl-creditnote': { fr: 'UBL 2.1 CreditNote (avoir)', en: 'UBL 2.1 CreditNote' },
  cii: { fr: 'UN/CEFACT CII D16B', en: 'UN/CEFACT CII D16B' },
  unknown: { fr: 'format non reconnu', en: 'unknown format' },
};

export function describeDetection(file: string, d: Detection, lang: Lang): string {
  const lines = [`${file}: ${FORMAT_LABEL[d.format][lang]}`];
  if (d.profile) lines.push(`  ${lang === 'fr' ? 'profil' : 'profile'}: ${d.profile}`);
  if (d.invoiceXmlName) lines.push(`  XML: ${d.invoiceXmlName}`);
  for (const a of d.attachments)
    lines.push(
      `  ${lang === 'fr' ? 'pièce jointe' : 'attachment'}: ${a.name} (${a.bytes} o, AFRelationship ${a.afRelationship ?? '-'})`,
    );
  if (d.reason) lines.push(`  ${d.reason[lang]}`);
  return lines.join('\n');
}

export function describeFinding(f: Finding, lang: Lang): string {
  const level = f.severity === 'fatal' ? (lang === 'fr' ? 'ERREUR' : 'ERROR') : lang === 'fr' ? 'alerte' : 'warning';
  return `  [${level}] ${f.rule} ${f.location}\n      ${f.message[lang]}`;
}

export function describeParse(file: string, r: ParseResult, lang: Lang): string {
  const inv = r.invoice;
  if (!inv)
    return [describeDetection(file, r.detection, lang), ...r.findings.map((f) => describeFinding(f, lang))].join('\n');
  const t = inv.totals;
  const fr = lang === 'fr';
  return [
    `${file}: ${inv.syntax} ${inv.invoiceNumber ?? '?'} ${fr ? 'du' : 'of'} ${inv.issueDate ?? '?'} (BT-3 ${inv.typeCode ?? '?'}, ${inv.currency ?? '?'})`,
    `  ${fr ? 'vendeur' : 'seller'}: ${inv.seller.name ?? '?'} ${inv.seller.ids.map((i) => `${i.value}${i.scheme ? ` [${i.scheme}]` : ''}`).join(' ')} ${inv.seller.vatId ?? ''}`.trimEnd(),
    `  ${fr ? 'acheteur' : 'buyer'}: ${inv.buyer.name ?? '?'} ${inv.buyer.ids.map((i) => `${i.value}${i.scheme ? ` [${i.scheme}]` : ''}`).join(' ')} ${inv.buyer.vatId ?? ''}`.trimEnd(),
    `  ${fr ? 'service (BT-10)' : 'buyer reference (BT-10)'}: ${inv.buyerReference ?? '-'}   ${fr ? 'engagement (BT-13)' : 'order (BT-13)'}: ${inv.purchaseOrderReference ?? '-'}   ${fr ? 'marché (BT-12)' : 'contract (BT-12)'}: ${inv.contractReference ?? '-'}`,
    `  HT ${t.totalWithoutVat ?? '-'}  TVA ${t.vatTotal ?? '-'}  TTC ${t.totalWithVat ?? '-'}  ${fr ? 'net à payer' : 'amount due'} ${t.amountDue ?? '-'}`,
    `  ${inv.lines.length} ${fr ? 'ligne(s)' : 'line(s)'}, ${inv.vatBreakdown.length} ${fr ? 'taux de TVA' : 'VAT rate(s)'}, ${inv.attachments.length} ${fr ? 'pièce(s) jointe(s)' : 'attachment(s)'}`,
  ].join('\n');
}

export function describeReport(file: string, r: ValidationReport, lang: Lang): string {
  const fatal = r.findings.filter((f) => f.severity === 'fatal').length;
  const warnings = r.findings.length - fatal;
  const fr = lang === 'fr';
  const head = r.valid
    ? `✔ ${file}: ${fr ? 'valide' : 'valid'} (${r.ruleSet ?? r.detection.format})${warnings ? `, ${warnings} ${fr ? 'alerte(s)' : 'warning(s)'}` : ''}`
    : `✘ ${file}: ${fr ? 'non valide' : 'not valid'} — ${fatal} ${fr ? 'erreur(s)' : 'error(s)'}${warnings ? `, ${warnings} ${fr ? 'alerte(s)' : 'warning(s)'}` : ''}`;
  return [head, ...r.findings.map((f) => describeFinding(f, lang))].join('\n');
}

export function describePlainPdf(file: string, r: PdfTextResult, lang: Lang): string {
  const fr = lang === 'fr';
  const lines = [
    `${file}: ${fr ? 'PDF sans XML — valeurs proposées à vérifier' : 'PDF without XML — proposed values to check'}`,
  ];
  const rec = r.recognition;
  if (rec) {
    const show = (label: string, p: { value: string; confidence: number } | null) => {
      if (p) lines.push(`  ${label.padEnd(22)} ${p.value}  (${Math.round(p.confidence * 100)} %)`);
    };
    show(fr ? 'numéro de facture' : 'invoice number', rec.invoiceNumber);
    show(fr ? 'date' : 'date', rec.issueDate);
    for (const s of rec.sirets) show('SIRET', s);
    for (const v of rec.vatNumbers) show(fr ? 'n° TVA' : 'VAT number', v);
    show(fr ? 'total HT' : 'total without VAT', rec.totalWithoutVat);
    show(fr ? 'TVA' : 'VAT', rec.vatTotal);
    show(fr ? 'total TTC' : 'total with VAT', rec.totalWithVat);
    show(fr ? 'net à payer' : 'amount due', rec.amountDue);
  }
  for (const f of r.findings) lines.push(describeFinding(f, lang));
  return lines.join('\n');
}
