import { addDays, formatCents, formatParisDate } from '@chorale/domain';
import type { InvoiceView } from '../invoice-view.ts';
import { PdfWriter } from './pdf-layout.ts';

/** The rule the claim rests on, in the words of the law's articles (README, « Exploitation »). */
export const interestLaw =
  'Code de la commande publique, art. L. 2192-12 à L. 2192-14, R. 2192-31 et D. 2192-35 : le dépassement du ' +
  'délai de paiement fait courir de plein droit, au bénéfice du titulaire, des intérêts moratoires au taux de la ' +
  'Banque centrale européenne en vigueur au premier jour du semestre au cours duquel les intérêts ont commencé à ' +
  'courir, majoré de huit points, ainsi qu’une indemnité forfaitaire pour frais de recouvrement de 40 euros.';

/**
 * « Demande de paiement des intérêts moratoires »: the document a supplier sends to a public buyer
 * that paid late (or has not paid yet), with the figures of the invoice page — due date, days late,
 * rate (ECB rate of the half-year + 8 points), interest prorated by days, the 40 € indemnity.
 * Null when no interest is owed.
 */
export async function interestClaimPdf(v: InvoiceView): Promise<Uint8Array | null> {
  const p = v.payment;
  const interest = p?.interest;
  if (!p || !interest) return null;
  const w = await PdfWriter.create(
    `Demande d’intérêts moratoires – facture ${v.number}`,
    `Demande de paiement des intérêts moratoires de la facture ${v.number} – Chorale`,
  );
  const euros = (cents: number) => `${formatCents(cents)} €`;
  const rate = (percent: string) => `${percent.replace('.', ',')} %`;
  const lastDay = addDays(p.dueDate, p.daysLate);
  const supplier = v.supplier ? `${v.supplier.name} (${v.supplier.identifierType} ${v.supplier.identifier})` : '';
  const recipient = v.recipient ? `${v.recipient.name} (${v.recipient.identifierType} ${v.recipient.identifier})` : '';
  w.text('DEMANDE DE PAIEMENT DES INTÉRÊTS MORATOIRES', { size: 15, bold: true });
  w.space(8);
  w.text(
    `${supplier} demande à ${recipient} le paiement des intérêts moratoires et de l’indemnité forfaitaire dus ` +
      `pour le paiement tardif de la facture n° ${v.number}.`,
    { size: 10.5 },
  );
  w.space(8);
  const rows: [string, string][] = [
    ['Facture n°', v.number ?? ''],
    ['Date de la facture', formatParisDate(v.invoiceDate, '')],
    ['Numéro d’engagement', v.commitmentNumber || '—'],
    ['Montant TTC', euros(v.totals.netPayableCents)],
    ['Délai global de paiement', `${p.periodDays} jours à compter de la mise à disposition`],
    ['Date d’échéance', formatParisDate(p.dueDate)],
    [
      p.paid ? 'Retard jusqu’au paiement' : 'Retard à ce jour',
      `${p.daysLate} jour${p.daysLate > 1 ? 's' : ''}, du ${formatParisDate(interest.runsFrom)} au ${formatParisDate(lastDay)}`,
    ],
    ['Taux BCE du semestre', rate(interest.ecbRate)],
    ['Taux des intérêts moratoires', `${rate(interest.ratePercent)} (taux BCE + 8 points)`],
    [
      'Intérêts moratoires',
      `${euros(interest.interestCents)} (${euros(v.totals.netPayableCents)} × ${rate(interest.ratePercent)} × ${p.daysLate} / 365)`,
    ],
    ['Indemnité forfaitaire', euros(interest.indemnityCents)],
    ['Total demandé', euros(interest.totalCents)],
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
  w.text(interestLaw, { size: 9 });
  if (!p.paid) {
    w.space(4);
    w.text('La facture n’étant pas encore payée, les intérêts continuent de courir jusqu’à son paiement.', { size: 9 });
  }
  return w.finish();
}
