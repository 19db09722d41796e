import type { Reading } from '../../platform/request-scope.ts';
import type { z } from 'zod';
import { siretProblem, STATE_SIRET } from '@chorale/domain';
import { isUniqueViolation, preparedQuery } from '@chorale/db';
import { formErrorsMessage, recipientMissingMessage, type invoiceHeaderSchema } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { Db } from '../../platform/context.ts';
import { keepStructure } from './invoice-rows.ts';

/*
 * An invoice's header as typed (« Saisir facture », « A recycler », the one-call send): the
 * recipient and services resolved in the directory, the supplier's own service and bank details,
 * the number checked free. The draft's writes: save-draft.ts.
 */

export type InvoiceHeaderCommand = z.output<typeof invoiceHeaderSchema>;

/**
 * The recipient typed on the invoice (its SIRET, or the State) and its service code, resolved in
 * the directory; what is wrong is added to `fields`. Shared by the draft and « A recycler ».
 */
export async function resolveRecipient(
  reading: Reading,
  cmd: { recipientIsState: boolean; recipientIdentifier: string; recipientServiceCode: string },
  fields: Record<string, string>,
  alsoStructureId: number | null = null,
) {
  const { db } = reading;
  const identifier = cmd.recipientIsState ? STATE_SIRET : cmd.recipientIdentifier.replace(/\s/g, '');
  let recipient: { id: number } | undefined;
  // A draft is an invoice to someone: an empty form says what is missing instead of keeping nothing.
  if (!identifier) fields.recipientIdentifier = recipientMissingMessage;
  else {
    // The whole rows, the supplier's too when asked (one query): the answer shows them, kept for the request.
    const found = await recipientOrSupplier.rows(db, { identifier, alsoId: alsoStructureId });
    for (const row of found) keepStructure(reading.scope, row);
    recipient = found.find(
      (s) => s.identifier_type === 'SIRET' && s.identifier === identifier && s.kind === 'PUBLIQUE',
    );
    // Not in the directory (asked first: it may hold an identifier whatever its check digit): 14
    // digits with a wrong check digit get the precise message, anything else « not in the directory ».
    if (!recipient)
      fields.recipientIdentifier =
        (/^\d{14}$/.test(identifier) ? siretProblem(identifier) : null) ??
        'Aucune entité publique de l’annuaire ne porte cet identifiant : vérifiez le SIRET de votre client dans l’annuaire.';
  }
  let recipientServiceId: number | null = null;
  if (recipient && cmd.recipientServiceCode) {
    const service = await serviceByCode.first(db, { structureId: recipient.id, code: cmd.recipientServiceCode });
    if (!service)
      fields.recipientServiceCode = `Le destinataire n’a pas de service de code « ${cmd.recipientServiceCode} ».`;
    else recipientServiceId = service.id;
  }
  return { recipientStructureId: recipient?.id ?? null, recipientServiceId };
}

/** The public recipient of an identifier, and the structure `alsoId` (the supplier) in the same read. */
const recipientOrSupplier = preparedQuery((db, p: { identifier: string; alsoId: number | null }) =>
  db
    .selectFrom('structures')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('identifier_type', '=', 'SIRET'), eb('identifier', '=', p.identifier), eb('kind', '=', 'PUBLIQUE')]),
        eb('id', '=', p.alsoId),
      ]),
    ),
);

/** Resolves the header's references (recipient, services, bank details) or says which field is wrong. */
export async function resolveHeader(reading: Reading, cmd: InvoiceHeaderCommand) {
  const { db } = reading;
  const fields: Record<string, string> = {};
  const resolved = await resolveRecipient(reading, cmd, fields, cmd.supplierStructureId);
  if (cmd.supplierServiceId !== null) {
    const own = await ownService.first(db, { id: cmd.supplierServiceId, structureId: cmd.supplierStructureId });
    if (!own) fields.supplierServiceId = 'Ce service n’appartient pas à la structure émettrice.';
  }
  if (cmd.bankAccountId !== null) {
    const bank = await ownBankAccount.first(db, { id: cmd.bankAccountId, structureId: cmd.supplierStructureId });
    if (!bank) fields.bankAccountId = 'Ces coordonnées bancaires n’appartiennent pas à la structure émettrice.';
  }
  if (Object.keys(fields).length) throw new AppError('VALIDATION_FAILED', formErrorsMessage, fields);
  return resolved;
}

export function headerColumns(cmd: InvoiceHeaderCommand, resolved: Awaited<ReturnType<typeof resolveHeader>>) {
  return {
    supplier_structure_id: cmd.supplierStructureId,
    supplier_service_id: cmd.supplierServiceId,
    recipient_structure_id: resolved.recipientStructureId,
    recipient_service_id: resolved.recipientServiceId,
    billing_framework: cmd.billingFramework,
    currency: cmd.currency,
    type: cmd.type,
    vat_type: cmd.vatType,
    exemption_reason: cmd.exemptionReason || null,
    market_number: cmd.marketNumber || null,
    commitment_number: cmd.commitmentNumber || null,
    original_invoice_number: cmd.originalInvoiceNumber || null,
    payment_mode: cmd.paymentMode,
    number: cmd.number || null,
    invoice_date: cmd.invoiceDate,
    bank_account_id: cmd.bankAccountId,
    comment: cmd.comment || null,
    global_discount: cmd.globalDiscount,
    global_discount_reason: cmd.globalDiscountReason || null,
  };
}

// The header's references, checked at each draft and typed invoice: prepared (issue 13).
const serviceByCode = preparedQuery((db, p: { structureId: number; code: string }) =>
  db.selectFrom('services').select('id').where('structure_id', '=', p.structureId).where('code', '=', p.code),
);
const ownService = preparedQuery((db, p: { id: number; structureId: number }) =>
  db.selectFrom('services').select('id').where('id', '=', p.id).where('structure_id', '=', p.structureId),
);
const ownBankAccount = preparedQuery((db, p: { id: number; structureId: number }) =>
  db
    .selectFrom('bank_accounts')
    .select('id')
    .where('id', '=', p.id)
    .where('structure_id', '=', p.structureId)
    .where('active', '=', 1),
);
/** An invoice of the supplier with this number (but `exceptId`, the draft being saved: variant `except`). */
const invoiceNumbered = preparedQuery(
  (db, p: { supplierStructureId: number; number: string; exceptId: number | null }, variant: '' | 'except') => {
    const q = db
      .selectFrom('invoices')
      .select('id')
      .where('supplier_structure_id', '=', p.supplierStructureId)
      .where('number', '=', p.number);
    return variant === 'except' ? q.where('id', '!=', p.exceptId) : q;
  },
);

export async function numberTaken(db: Db, supplierStructureId: number, number: string, exceptId: number | null) {
  const found = await invoiceNumbered.first(
    db,
    { supplierStructureId, number, exceptId },
    exceptId === null ? '' : 'except',
  );
  return !!found;
}

/**
 * Two drafts typed with the same number at the same instant both pass the check above; the unique
 * index then refuses the second one, which must read as the same conflict, never as a 500
 * (issue 15, defect 2).
 */
export async function uniqueNumber<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw numberInUse();
    throw error;
  }
}

export const numberInUse = () =>
  new AppError(
    'CONFLICT',
    'Ce numéro de facture est déjà utilisé par votre structure : chaque facture porte un numéro unique.',
    {
      number: 'Ce numéro de facture est déjà utilisé par votre structure.',
    },
  );
