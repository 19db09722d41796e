import type { Reading } from '../../platform/request-scope.ts';
import {
  frameworksNeedingValidation,
  invoiceTotals,
  structuredDepositFormats,
  type BillingFramework,
  type DepositFormat,
  STATE_SIRET,
} from '@chorale/domain';
import { toLineInput } from './save-draft.ts';
import { typedTotalsSendProblems } from '../intake/typed-totals.ts';
import { serviceRow, structureRows } from './invoice-rows.ts';
import { linesOf, type InvoiceLineRow } from './invoice-view.ts';

type InvoiceRow = Awaited<ReturnType<typeof import('./invoice-access.ts').loadInvoiceRow>>;

/**
 * The rules checked before « Confirmer et envoyer », each answered on its field in French.
 * Returns the fields at fault (empty when the invoice may go).
 */
export async function sendRuleProblems(
  reading: Reading,
  inv: InvoiceRow,
  today: string,
  knownLines?: InvoiceLineRow[],
): Promise<Record<string, string>> {
  const { db } = reading;
  const problems: Record<string, string> = {};
  if (frameworksNeedingValidation.has(inv.billing_framework as BillingFramework))
    problems.billingFramework =
      'Les cadres A9 et A12 exigent un circuit de validation qui n’est pas encore disponible : utilisez A1 ou A2.';

  // Both structures in one read, kept for the rest of the request (history label, mails, answer).
  const structures = await structureRows(reading, [
    inv.supplier_structure_id,
    ...(inv.recipient_structure_id === null ? [] : [inv.recipient_structure_id]),
  ]);
  const supplier = structures.get(inv.supplier_structure_id);
  if (supplier?.active !== 1)
    problems.supplierStructureId = 'Votre structure est désactivée : réactivez-la avant d’envoyer une facture.';

  if (inv.recipient_structure_id === null) problems.recipientIdentifier = 'Renseignez le destinataire de la facture.';
  else {
    const r = structures.get(inv.recipient_structure_id);
    if (!r) throw new Error(`structure ${inv.recipient_structure_id} missing`);
    if (r.kind !== 'PUBLIQUE' || r.active !== 1)
      problems.recipientIdentifier =
        'Ce destinataire n’est pas une entité publique active : il ne peut pas recevoir de facture.';
    const isState = r.identifier === STATE_SIRET;
    const service = inv.recipient_service_id ? await serviceRow(reading, inv.recipient_service_id) : undefined;
    if ((r.service_code_required === 1 || isState) && !service)
      problems.recipientServiceCode = 'Ce destinataire exige un code service : demandez-le à votre client.';
    if (service && service.active !== 1)
      problems.recipientServiceCode = 'Ce service du destinataire est inactif : il ne reçoit plus de factures.';
    const commitmentNeeded = r.commitment_required === 1 || isState || service?.commitment_required === 1;
    if (commitmentNeeded && !inv.commitment_number)
      problems.commitmentNumber = 'Ce destinataire exige un numéro d’engagement : demandez-le à votre client.';
    if (r.service_or_commitment_required === 1 && !service && !inv.commitment_number)
      problems.recipientServiceCode = 'Ce destinataire exige un code service ou un numéro d’engagement.';
  }

  // A transfer is paid to an account: without one the recipient cannot pay an invoice (issue 14); a
  // credit note is money owed by the supplier. A deposited
  // file is the legal original and carries its own payee account (BT-84, or printed on the PDF).
  if (
    inv.type === 'FACTURE' &&
    inv.payment_mode === 'VIREMENT' &&
    (inv.original_sha256 === null || inv.bank_account_id !== null)
  ) {
    const bank =
      inv.bank_account_id === null
        ? undefined
        : await db
            .selectFrom('bank_accounts')
            .select('id')
            .where('id', '=', inv.bank_account_id)
            .where('structure_id', '=', inv.supplier_structure_id)
            .where('active', '=', 1)
            .executeTakeFirst();
    if (!bank)
      problems.bankAccountId =
        'Un virement exige des références bancaires : choisissez un compte de votre structure ' +
        '(ou ajoutez-en un dans « Coordonnées bancaires »), ou un autre mode de règlement.';
  }

  const lines = knownLines ?? (await linesOf(db, inv.id));
  // A plain PDF carries typed « Montants totaux » instead of lines; a structured file, the file's amounts.
  const typedTotals = inv.original_format === 'PDF_NON_SIGNE';
  const fromFile = structuredDepositFormats.has(inv.original_format as DepositFormat);
  if (typedTotals) Object.assign(problems, typedTotalsSendProblems(inv));
  else if (lines.length === 0) problems.lines = 'Ajoutez au moins une ligne de facture.';
  const totals =
    fromFile || typedTotals
      ? { netPayableCents: Number(inv.net_payable_cents), globalDiscountCents: 0 }
      : invoiceTotals(lines.map(toLineInput), inv.global_discount);
  if (
    !fromFile &&
    !typedTotals &&
    (totals.netPayableCents !== Number(inv.net_payable_cents) ||
      invoiceTotals(lines.map(toLineInput), inv.global_discount).totalNetCents !== Number(inv.total_net_cents))
  )
    problems.lines = 'Les montants ne sont plus cohérents avec les lignes : enregistrez de nouveau la facture.';
  if (
    inv.deposit_report &&
    (JSON.parse(inv.deposit_report) as { severity: string }[]).some((l) => l.severity === 'fatal')
  )
    problems.report =
      'Le fichier déposé ne respecte pas des règles bloquantes (voir le rapport de validation) : déposez un fichier corrigé.';
  if (lines.length && totals.netPayableCents <= 0)
    problems.globalDiscount = 'Le net à payer doit être positif : vérifiez les lignes et la remise globale.';
  if (totals.globalDiscountCents > 0 && !inv.global_discount_reason)
    problems.globalDiscountReason = 'Indiquez le motif de la remise globale.';

  if (inv.vat_type === 'EXONERATION' && !inv.exemption_reason)
    problems.exemptionReason = 'Une facture exonérée de TVA doit indiquer le motif d’exonération.';
  if ((inv.vat_type === 'EXONERATION' || inv.vat_type === 'SANS_TVA') && lines.some((l) => Number(l.vat_rate) !== 0))
    problems.vatType = 'Avec ce type de TVA, chaque ligne doit avoir un taux de TVA de 0 %.';

  if (inv.invoice_date > today) problems.invoiceDate = 'La date de la facture ne peut pas être dans le futur.';
  if (inv.invoice_date < '2000-01-01') problems.invoiceDate = 'Cette date de facture n’est pas plausible.';
  if (inv.type === 'AVOIR' && lines.some((l) => Number(l.quantity) < 0))
    problems.lines = 'Un avoir porte des montants positifs : c’est son type « Avoir » qui en fait un crédit.';
  return problems;
}
