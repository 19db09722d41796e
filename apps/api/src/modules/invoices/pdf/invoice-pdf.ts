import {
  billingFrameworkLabels,
  formatCents,
  formatDecimal,
  invoiceStatusLabels,
  invoiceTotals,
  vatTypeLabels,
  type BillingFramework,
  type InvoiceStatus,
  type VatType,
} from '@chorale/domain';
import type { InvoiceView } from '../invoice-view.ts';
import { formatParisDate } from '@chorale/domain';
import { paymentTerms, vatNumberOf } from './payment-terms.ts';
import { PdfWriter } from './pdf-layout.ts';

// Every amount of the invoice is printed by formatCents / formatDecimal: one thousands separator,
// one decimal comma, two decimals at least (issue 14).
const money = (cents: number, currency: string) => `${formatCents(cents)} ${currency === 'EUR' ? '€' : currency}`;

/** « Visualiser la facture »: the invoice as typed, in a French layout, generated from its data. */
export async function invoicePdf(v: InvoiceView): Promise<Uint8Array> {
  const number = v.number ?? v.draftNumber;
  const title = `${v.type === 'AVOIR' ? 'Avoir' : 'Facture'} n° ${number}`;
  const w = await PdfWriter.create(title, `${title} – générée par Chorale`);
  w.text(v.type === 'AVOIR' ? 'AVOIR' : 'FACTURE', { size: 18, bold: true });
  w.text(
    `N° ${number}   –   Date : ${formatParisDate(v.invoiceDate, '')}${v.status === 'BROUILLON' ? '   –   BROUILLON (non envoyé)' : ''}`,
    { size: 10 },
  );
  w.space(8);

  const party = (label: string, p: InvoiceView['recipient'], service: { code: string; name: string } | null) => {
    w.text(label, { bold: true, size: 10 });
    if (!p) return w.text('(non renseigné)');
    w.text(p.name, { bold: true });
    w.text(`${p.identifierType} ${p.identifier}`);
    if (p.address) w.text(p.address);
    w.text(`${p.postalCode} ${p.city} ${p.countryCode}`.trim());
    const vat = vatNumberOf(p);
    if (vat) w.text(`N° de TVA intracommunautaire : ${vat}`);
    if (service) w.text(`Service : ${service.code} – ${service.name}`);
  };
  party('Fournisseur', v.supplier, v.supplierService);
  w.space(6);
  party('Destinataire', v.recipient, v.recipientService);
  w.space(8);
  w.rule();

  const refs: [string, string][] = [
    ['Cadre de facturation', billingFrameworkLabels[v.billingFramework as BillingFramework] ?? v.billingFramework],
    ['Devise', v.currency],
    ['Type de TVA', vatTypeLabels[v.vatType as VatType] ?? v.vatType],
    ...(v.exemptionReason ? [['Motif d’exonération', v.exemptionReason] as [string, string]] : []),
    ['Numéro d’engagement', v.commitmentNumber || '—'],
    ['Numéro du marché', v.marketNumber || '—'],
    ...(v.originalInvoiceNumber ? [["Facture d'origine", v.originalInvoiceNumber] as [string, string]] : []),
  ];
  for (const [k, val] of refs)
    w.row([
      { text: k, x: 0, width: 160, bold: true },
      { text: val, x: 160, width: w.width - 160 },
    ]);
  w.rule();

  const cols = [
    { h: 'Réf.', x: 0, width: 55 },
    { h: 'Dénomination', x: 55, width: 165 },
    { h: 'Qté', x: 220, width: 40, align: 'right' as const },
    { h: 'Unité', x: 260, width: 40 },
    { h: 'PU HT', x: 300, width: 60, align: 'right' as const },
    { h: 'Remise HT', x: 360, width: 55, align: 'right' as const },
    { h: 'TVA', x: 415, width: 30, align: 'right' as const },
    { h: 'Montant HT', x: 445, width: w.width - 445, align: 'right' as const },
  ];
  w.row(cols.map((c) => ({ text: c.h, x: c.x, width: c.width, align: c.align, bold: true })));
  for (const l of v.lines) {
    const values = [
      l.reference,
      l.name,
      formatDecimal(l.quantity, 0),
      l.unit,
      formatDecimal(l.unitPrice),
      Number(l.discount) === 0 ? '' : formatDecimal(l.discount),
      `${formatDecimal(l.vatRate)} %`,
      formatCents(l.netCents),
    ];
    w.row(cols.map((c, i) => ({ text: values[i] ?? '', x: c.x, width: c.width, align: c.align })));
  }
  w.rule();

  w.text('Récapitulatif TVA', { bold: true, size: 10 });
  // The same per-rate computation as the stored totals (one implementation in packages/domain).
  const breakdown = invoiceTotals(
    v.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, vatRate: l.vatRate })),
    v.globalDiscount,
  ).vat;
  for (const r of breakdown)
    w.row([
      { text: `Taux ${formatDecimal(r.rate)} %`, x: 0, width: 120 },
      { text: `Base HT ${money(r.baseCents, v.currency)}`, x: 120, width: 180 },
      { text: `TVA ${money(r.vatCents, v.currency)}`, x: 300, width: 160 },
    ]);
  w.space(6);

  const totals: [string, number][] = [
    ['Montant HT', v.totals.netCents],
    ['Montant TVA', v.totals.vatCents],
    ['Montant TTC avant remise', v.totals.grossCents],
    ...(v.totals.globalDiscountCents
      ? [
          [
            `Remise globale TTC${v.globalDiscountReason ? ` (${v.globalDiscountReason})` : ''}`,
            -v.totals.globalDiscountCents,
          ] as [string, number],
        ]
      : []),
    ['Montant TTC après remise', v.totals.afterDiscountCents],
    ['Net à payer', v.totals.netPayableCents],
  ];
  for (const [k, c] of totals)
    w.row(
      [
        { text: k, x: 260, width: 160, bold: k === 'Net à payer' },
        { text: money(c, v.currency), x: 420, width: w.width - 420, align: 'right', bold: k === 'Net à payer' },
      ],
      9.5,
    );
  w.space(8);
  w.rule();
  w.text('Conditions de paiement', { bold: true, size: 10 });
  for (const [k, val] of paymentTerms(v))
    w.row([
      { text: k, x: 0, width: 160, bold: true },
      { text: val, x: 160, width: w.width - 160 },
    ]);
  w.space(6);
  if (v.comment) w.text(`Commentaire : ${v.comment}`);
  if (v.certificate)
    w.text(
      `Certificat de dépôt n° ${v.certificate} – déposée le ${formatParisDate(v.depositedAt, '')} – état : ${invoiceStatusLabels[v.status as InvoiceStatus] ?? v.status}`,
      { size: 8 },
    );
  return w.finish();
}
