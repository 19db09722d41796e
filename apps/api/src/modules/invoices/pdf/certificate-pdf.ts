import { formatCents } from '@chorale/domain';
import type { InvoiceView } from '../invoice-view.ts';
import { formatParisDate, formatParisDateTimeInWords } from '@chorale/domain';
import { PdfWriter } from './pdf-layout.ts';

/** The one plain sentence on checking the fingerprint; the recipe itself is in docs/adr/0003. */
export const howToCheck =
  'Cette empreinte est calculée sur les données de la facture et de ses pièces jointes telles qu’elles ont été ' +
  'déposées : la moindre modification la changerait, et chacun peut la recalculer à partir du fichier des données ' +
  'déposées (« deposit.json », sur la page de la facture) selon la méthode publiée dans la documentation de Chorale ' +
  '(docs/adr/0003-deposit-certificate.md).';

/**
 * « Exporter le certificat de dépôt »: a proof an accountant can file — who deposited which invoice
 * for whom, when (Paris time, in words), for how much, and its fingerprint (issue 14).
 */
export async function certificatePdf(v: InvoiceView): Promise<Uint8Array> {
  const w = await PdfWriter.create(
    `Certificat de dépôt – facture ${v.number}`,
    `Certificat de dépôt de la facture ${v.number} – Chorale`,
  );
  const money = (cents: number) => `${formatCents(cents)} ${v.currency === 'EUR' ? '€' : v.currency}`;
  const kind = v.type === 'AVOIR' ? "L'avoir" : 'La facture';
  const supplier = v.supplier ? `${v.supplier.name} (${v.supplier.identifierType} ${v.supplier.identifier})` : '';
  const recipient = v.recipient ? `${v.recipient.name} (${v.recipient.identifierType} ${v.recipient.identifier})` : '';
  w.text('CERTIFICAT DE DÉPÔT', { size: 16, bold: true });
  w.space(8);
  w.text(
    `Chorale certifie que ${kind.toLowerCase()} n° ${v.number} a été déposé${v.type === 'AVOIR' ? '' : 'e'} ` +
      `le ${v.depositedAt ? formatParisDateTimeInWords(v.depositedAt) : '—'}, par ${supplier}, à l’attention de ${recipient}.`,
    { size: 10.5 },
  );
  w.space(8);
  const deposited = v.attachments.filter((a) => v.depositedAt && a.addedAt <= v.depositedAt);
  const rows: [string, string][] = [
    [v.type === 'AVOIR' ? 'Avoir n°' : 'Facture n°', v.number ?? ''],
    ['Date de la facture', formatParisDate(v.invoiceDate, '')],
    ['Fournisseur', supplier],
    ['Destinataire', `${recipient}${v.recipientService ? ` – service ${v.recipientService.code}` : ''}`],
    ['Numéro d’engagement', v.commitmentNumber || '—'],
    ['Montant HT', money(v.totals.netCents)],
    ['Montant TVA', money(v.totals.vatCents)],
    ['Montant TTC', money(v.totals.afterDiscountCents)],
    ['Net à payer', money(v.totals.netPayableCents)],
    [
      'Pièces jointes déposées',
      deposited.length ? deposited.map((a) => `${a.fileName} (${a.designation})`).join(', ') : 'aucune',
    ],
  ];
  for (const [k, val] of rows)
    w.row(
      [
        { text: k, x: 0, width: 150, bold: true },
        { text: val, x: 150, width: w.width - 150 },
      ],
      9.5,
    );
  w.space(10);
  w.text('Empreinte numérique du dépôt (certificat n°)', { bold: true, size: 10 });
  w.text(v.certificate ?? '', { size: 10 });
  w.space(4);
  w.text(howToCheck, { size: 9 });
  return w.finish();
}
