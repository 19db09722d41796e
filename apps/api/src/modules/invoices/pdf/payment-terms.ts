import { formatCents, formatIban, frenchVatNumber, paymentModeLabels, type PaymentMode } from '@chorale/domain';
import type { InvoiceView } from '../invoice-view.ts';
import { businessDate, formatParisDate } from '@chorale/domain';

/**
 * Public buyers pay within 30 days of receiving the invoice (code de la commande publique,
 * art. R. 2192-10; 50 days for public health establishments, whose category the directory does not
 * give: the 30 days are the general rule printed on every invoice).
 */
export const PAYMENT_DAYS = 30;
/** The fixed recovery indemnity owed on any late payment between professionals (art. D. 441-5 C. com.). */
export const RECOVERY_INDEMNITY_CENTS = 4000;

/** « FR83404833048 » for a French company (SIRET), nothing for other identifiers. */
export function vatNumberOf(party: InvoiceView['supplier']): string | null {
  return party?.identifierType === 'SIRET' ? frenchVatNumber(party.identifier) : null;
}

/** The day the payment is due: 30 days after the invoice reached the buyer (or, before that, after its date). */
export function dueDate(v: Pick<InvoiceView, 'invoiceDate' | 'madeAvailableAt'>): string {
  const start = v.madeAvailableAt ? businessDate(new Date(v.madeAvailableAt)) : v.invoiceDate;
  const due = new Date(`${start}T12:00:00Z`);
  due.setUTCDate(due.getUTCDate() + PAYMENT_DAYS);
  return due.toISOString().slice(0, 10);
}

/**
 * What French law requires on an invoice between professionals besides the amounts (code de
 * commerce, art. L. 441-9 and L. 441-10; CGI, art. 242 nonies A): payment terms and due date,
 * discount for early payment, late-payment penalty rate, the 40 € recovery indemnity. Returned as
 * label / text pairs, printed by the invoice PDF.
 */
export function paymentTerms(v: InvoiceView): [string, string][] {
  const mode = paymentModeLabels[v.paymentMode as PaymentMode] ?? v.paymentMode;
  const bank = v.bankAccount
    ? ` – ${v.bankAccount.holderName} – IBAN ${formatIban(v.bankAccount.iban)} – BIC ${v.bankAccount.bic}`
    : '';
  return [
    ['Mode de règlement', `${mode}${bank}`],
    [
      'Conditions de paiement',
      `à ${PAYMENT_DAYS} jours à compter de la réception de la facture (délai de paiement de la commande publique, ` +
        'art. R. 2192-10 du code de la commande publique)',
    ],
    [
      'Date d’échéance',
      `${formatParisDate(dueDate(v), '')}${v.madeAvailableAt ? '' : ' au plus tôt (30 jours après la réception de la facture)'}`,
    ],
    ['Escompte', 'aucun escompte pour paiement anticipé'],
    [
      'Pénalités de retard',
      'intérêts moratoires au taux de la principale facilité de refinancement de la Banque centrale européenne ' +
        'en vigueur au premier jour du semestre, majoré de huit points (art. R. 2192-31 du code de la commande ' +
        'publique, art. L. 441-10 du code de commerce)',
    ],
    [
      'Indemnité forfaitaire pour frais de recouvrement',
      `${formatCents(RECOVERY_INDEMNITY_CENTS)} € en cas de retard de paiement (art. L. 441-10 et D. 441-5 du ` +
        'code de commerce, art. D. 2192-35 du code de la commande publique)',
    ],
  ];
}
