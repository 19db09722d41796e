import { structuredDepositFormats, structuredEditableFields, STATE_SIRET, type DepositFormat } from '@chorale/domain';
import type { invoiceHeaderSchema } from '@chorale/contracts';
import type { z } from 'zod';
import { AppError } from '../../platform/app-error.ts';
import type { Db } from '../../platform/context.ts';

type Header = z.output<typeof invoiceHeaderSchema>;
type Row = Awaited<ReturnType<typeof import('../invoices/invoice-access.ts').loadInvoiceRow>>;
type Editable = (typeof structuredEditableFields)[number];

const isStructured = (inv: Pick<Row, 'original_format'>) =>
  structuredDepositFormats.has(inv.original_format as DepositFormat);

/**
 * What a depositor may still set on a draft from a structured file (Chorus Pro's « Informations
 * complémentaires »): the cadre, the supplier's service, bank details; the recipient, its service
 * and the commitment only while the file's value is missing or unknown to the directory.
 */
export function editableFieldsOf(inv: Row): Editable[] {
  return structuredEditableFields.filter((f) => {
    if (f === 'recipientIdentifier' || f === 'recipientIsState') return inv.recipient_structure_id === null;
    if (f === 'recipientServiceCode') return inv.recipient_service_id === null;
    if (f === 'commitmentNumber') return !inv.commitment_number;
    return true;
  });
}

const refusal = (label: string) =>
  `« ${label} » vient du fichier déposé et ne se modifie pas : déposez un fichier corrigé.`;

/** The French label of each header field, for the refusal message. */
const labels: Record<keyof Header, string> = {
  supplierStructureId: 'Désignation (structure émettrice)',
  supplierServiceId: 'Service',
  recipientIsState: 'Le destinataire est-il l’État ?',
  recipientIdentifier: 'Identifiant du destinataire',
  recipientServiceCode: 'Service du destinataire',
  billingFramework: 'Cadre de facturation',
  currency: 'Devise',
  type: 'Type de facture',
  vatType: 'Type de TVA',
  exemptionReason: 'Motif d’exonération',
  marketNumber: 'Numéro du marché',
  commitmentNumber: 'Numéro d’engagement',
  originalInvoiceNumber: 'Numéro de la facture d’origine',
  paymentMode: 'Mode de règlement',
  number: 'Numéro de facture',
  invoiceDate: 'Date de facture',
  bankAccountId: 'Coordonnées bancaires',
  comment: 'Commentaire',
  globalDiscount: 'Remise globale TTC',
  globalDiscountReason: 'Motif de la remise globale',
};

/** The header as stored, in the form's terms, to tell which fields an edit changes. */
async function storedHeader(db: Db, inv: Row): Promise<Record<keyof Header, unknown>> {
  const recipient = inv.recipient_structure_id
    ? await db
        .selectFrom('structures')
        .select('identifier')
        .where('id', '=', inv.recipient_structure_id)
        .executeTakeFirst()
    : undefined;
  const service = inv.recipient_service_id
    ? await db.selectFrom('services').select('code').where('id', '=', inv.recipient_service_id).executeTakeFirst()
    : undefined;
  return {
    supplierStructureId: inv.supplier_structure_id,
    supplierServiceId: inv.supplier_service_id,
    recipientIsState: recipient?.identifier === STATE_SIRET,
    recipientIdentifier: recipient?.identifier ?? '',
    recipientServiceCode: service?.code ?? '',
    billingFramework: inv.billing_framework,
    currency: inv.currency,
    type: inv.type,
    vatType: inv.vat_type,
    exemptionReason: inv.exemption_reason ?? '',
    marketNumber: inv.market_number ?? '',
    commitmentNumber: inv.commitment_number ?? '',
    originalInvoiceNumber: inv.original_invoice_number ?? '',
    paymentMode: inv.payment_mode,
    number: inv.number ?? '',
    invoiceDate: inv.invoice_date,
    bankAccountId: inv.bank_account_id,
    comment: inv.comment ?? '',
    globalDiscount: inv.global_discount,
    globalDiscountReason: inv.global_discount_reason ?? '',
  };
}

/**
 * Server-side guard of « Modifier le brouillon » for a structured deposit: a field the file owns
 * may not change. Returns true when the draft is a structured deposit (its totals are the file's
 * and must not be recomputed from the lines).
 */
export async function guardStructuredDraftEdit(db: Db, inv: Row, cmd: Header): Promise<boolean> {
  if (!isStructured(inv)) return false;
  const stored = await storedHeader(db, inv);
  const editable = new Set<string>(editableFieldsOf(inv));
  const fields: Record<string, string> = {};
  for (const key of Object.keys(labels) as (keyof Header)[]) {
    if (editable.has(key)) continue;
    const wanted = cmd[key];
    const same = key === 'globalDiscount' ? Number(wanted) === Number(stored[key]) : wanted === stored[key];
    // « L'État ? Oui » is the same recipient as its SIRET typed out.
    if (!same && !(key === 'recipientIdentifier' && cmd.recipientIsState && stored.recipientIsState))
      fields[key] = refusal(labels[key]);
  }
  if (Object.keys(fields).length)
    throw new AppError(
      'VALIDATION_FAILED',
      'Cette facture vient d’un fichier structuré : seuls le cadre de facturation, le service, les coordonnées bancaires et ce qui manquait au fichier se complètent.',
      fields,
    );
  return true;
}

/** Lines of a structured deposit are the file's. */
export function guardDepositedLines(inv: Pick<Row, 'original_format'>): void {
  if (isStructured(inv))
    throw new AppError(
      'CONFLICT',
      'Les lignes de cette facture viennent du fichier déposé et ne se modifient pas : déposez un fichier corrigé.',
    );
  if (inv.original_format === 'PDF_NON_SIGNE')
    throw new AppError(
      'CONFLICT',
      'Une facture déposée en PDF porte ses « Montants totaux » (et le détail de la TVA), pas de lignes : renseignez-les.',
    );
}
