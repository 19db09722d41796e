import { formatCents, formatParisDate, formatParisDateTimeInWords } from '@chorale/domain';
import type { InvoiceView } from '../invoice-view.ts';
import { PdfWriter } from './pdf-layout.ts';

/** « Exporter le certificat de dépôt »: proof of what was deposited, when, and how to check it. */
export async function certificatePdf(v: InvoiceView): Promise<Uint8Array> {
  const w = await PdfWriter.create(
    `Certificat de dépôt – facture ${v.number}`,
    `Certificat de dépôt de la facture ${v.number} – Chorale`,
  );
  w.text('CERTIFICAT DE DÉPÔT', { size: 16, bold: true });
  w.space(6);
  w.text(`Certificat de dépôt n° ${v.certificate}`, { size: 10, bold: true });
  w.space(6);
  const rows: [string, string][] = [
    ['Facture n°', v.number ?? ''],
    ['Type', v.type === 'AVOIR' ? 'Avoir' : 'Facture'],
    ['Date de la facture', formatParisDate(v.invoiceDate)],
    ['Date et heure du dépôt (heure de Paris)', v.depositedAt ? formatParisDateTimeInWords(v.depositedAt) : ''],
    ['Fournisseur', v.supplier ? `${v.supplier.identifier} ${v.supplier.name}` : ''],
    [
      'Destinataire',
      v.recipient
        ? `${v.recipient.identifier} ${v.recipient.name}${v.recipientService ? ` / ${v.recipientService.code}` : ''}`
        : '',
    ],
    ["Numéro d'engagement", v.commitmentNumber || '—'],
    ['Montant HT', `${formatCents(v.totals.netCents)} ${v.currency}`],
    ['Montant TVA', `${formatCents(v.totals.vatCents)} ${v.currency}`],
    ['Montant TTC après remise', `${formatCents(v.totals.afterDiscountCents)} ${v.currency}`],
    ['Net à payer', `${formatCents(v.totals.netPayableCents)} ${v.currency}`],
    [
      'Pièces jointes déposées',
      String(v.attachments.filter((a) => v.depositedAt && a.addedAt <= v.depositedAt).length),
    ],
  ];
  for (const [k, val] of rows)
    w.row(
      [
        { text: k, x: 0, width: 170, bold: true },
        { text: val, x: 170, width: w.width - 170 },
      ],
      9.5,
    );
  w.space(10);
  w.text('Comment vérifier ce certificat', { bold: true, size: 10 });
  w.text(
    "Le numéro de certificat est l'empreinte SHA-256, encodée en base64, du document JSON canonique des données déposées (clés triées, sans espaces, UTF-8), qui comprend l'empreinte SHA-256 de chaque pièce jointe. Ce document est téléchargeable depuis la page de la facture (« deposit.json ») : recalculez son empreinte et celle de chaque fichier pour vérifier qu'aucune donnée n'a changé depuis le dépôt.",
  );
  return w.finish();
}
