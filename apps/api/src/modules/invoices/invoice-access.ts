import { mayAccess, type AccessLevel } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { Db } from '../../platform/context.ts';
import { loadAccess } from '../organisation/access.ts';

export const invoiceNotFound = () =>
  new AppError('NOT_FOUND', "Facture introuvable, ou vous n'êtes pas habilité à la voir.");

export interface InvoiceRef {
  id: number;
  status: string;
  supplier_structure_id: number;
  supplier_service_id: number | null;
  recipient_structure_id: number | null;
  recipient_service_id: number | null;
}

export async function loadInvoiceRow(db: Db, id: number) {
  const row = await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw invoiceNotFound();
  return row;
}

/** Which side the user is on for this invoice; drafts are invisible to the recipient. */
export async function invoiceSides(db: Db, userId: number, inv: InvoiceRef, level: AccessLevel) {
  const access = await loadAccess(db, userId);
  const supplier = mayAccess(
    access,
    { structureId: inv.supplier_structure_id, serviceId: inv.supplier_service_id },
    'FACTURES_EMISES',
    level,
  );
  const recipient =
    inv.status !== 'BROUILLON' &&
    inv.recipient_structure_id !== null &&
    mayAccess(
      access,
      { structureId: inv.recipient_structure_id, serviceId: inv.recipient_service_id },
      'FACTURES_RECUES',
      level,
    );
  return { supplier, recipient };
}

/** Statuses before delivery: the recipient does not see the invoice yet. */
const notYetDelivered = new Set(['BROUILLON', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT']);

export async function requireSupplier(db: Db, userId: number, inv: InvoiceRef, level: AccessLevel): Promise<void> {
  const sides = await invoiceSides(db, userId, inv, level);
  if (!sides.supplier) {
    if (level === 'modification' && (await invoiceSides(db, userId, inv, 'consultation')).supplier)
      throw new AppError(
        'FORBIDDEN',
        "Votre profil ne permet pas de modifier cette facture : il faut l'habilitation « Factures émises modification ».",
      );
    throw invoiceNotFound();
  }
}

export async function requireRecipient(db: Db, userId: number, inv: InvoiceRef, level: AccessLevel): Promise<void> {
  const sides = await invoiceSides(db, userId, inv, level);
  if (!sides.recipient || notYetDelivered.has(inv.status)) {
    if (
      level === 'modification' &&
      (await invoiceSides(db, userId, inv, 'consultation')).recipient &&
      !notYetDelivered.has(inv.status)
    )
      throw new AppError(
        'FORBIDDEN',
        "Votre profil ne permet pas de traiter cette facture : il faut l'habilitation « Factures reçues modification ».",
      );
    throw invoiceNotFound();
  }
}

export async function requireEitherSide(db: Db, userId: number, inv: InvoiceRef): Promise<'supplier' | 'recipient'> {
  const sides = await invoiceSides(db, userId, inv, 'consultation');
  if (sides.supplier) return 'supplier';
  if (sides.recipient && !notYetDelivered.has(inv.status)) return 'recipient';
  throw invoiceNotFound();
}
