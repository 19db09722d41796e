import { isDelivered, mayAccess, type AccessLevel, type InvoiceStatus } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { loadAccess } from '../organisation/access.ts';

export const invoiceNotFound = () =>
  new AppError('NOT_FOUND', 'Facture introuvable, ou vous n’êtes pas habilité à la voir.');

export interface InvoiceRef {
  id: number;
  status: InvoiceStatus;
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

/** Which side the user is on for this invoice; the recipient sees it only once delivered. */
export async function invoiceSides(db: Db, userId: number, inv: InvoiceRef, level: AccessLevel) {
  const access = await loadAccess(db, userId);
  const supplier = mayAccess(
    access,
    { structureId: inv.supplier_structure_id, serviceId: inv.supplier_service_id },
    'FACTURES_EMISES',
    level,
  );
  const recipient =
    isDelivered(inv.status) &&
    inv.recipient_structure_id !== null &&
    mayAccess(
      access,
      { structureId: inv.recipient_structure_id, serviceId: inv.recipient_service_id },
      'FACTURES_RECUES',
      level,
    );
  return { supplier, recipient };
}

export async function requireSupplier(db: Db, userId: number, inv: InvoiceRef, level: AccessLevel): Promise<void> {
  const sides = await invoiceSides(db, userId, inv, level);
  if (!sides.supplier) {
    if (level === 'modification' && (await invoiceSides(db, userId, inv, 'consultation')).supplier)
      throw new AppError(
        'FORBIDDEN',
        'Votre profil ne permet pas de modifier cette facture : il faut l’habilitation « Factures émises modification ».',
      );
    throw invoiceNotFound();
  }
}

export async function requireRecipient(db: Db, userId: number, inv: InvoiceRef, level: AccessLevel): Promise<void> {
  const sides = await invoiceSides(db, userId, inv, level);
  if (!sides.recipient) {
    if (level === 'modification' && (await invoiceSides(db, userId, inv, 'consultation')).recipient)
      throw new AppError(
        'FORBIDDEN',
        'Votre profil ne permet pas de traiter cette facture : il faut l’habilitation « Factures reçues modification ».',
      );
    throw invoiceNotFound();
  }
}

export async function requireEitherSide(db: Db, userId: number, inv: InvoiceRef): Promise<'supplier' | 'recipient'> {
  const sides = await invoiceSides(db, userId, inv, 'consultation');
  if (sides.supplier) return 'supplier';
  if (sides.recipient) return 'recipient';
  throw invoiceNotFound();
}

export const draftOnly = 'Une facture envoyée ne se modifie plus : seuls les brouillons le peuvent.';

/**
 * First write of every transaction that changes a draft or sends it: a guarded touch of the
 * invoice row (`… where status = 'BROUILLON'`). It holds the row until commit, so an edit and a
 * submission of the same draft run one after the other, and an edit arriving after the
 * submission finds no draft and changes nothing (issue 14: drafts are race-free).
 */
export async function lockDraft(trx: Db, ctx: AppContext, invoiceId: number, message = draftOnly): Promise<void> {
  const touched = await trx
    .updateTable('invoices')
    .set({ updated_at: isoNow(ctx) })
    .where('id', '=', invoiceId)
    .where('status', '=', 'BROUILLON')
    .executeTakeFirst();
  if (Number(touched.numUpdatedRows) !== 1) throw new AppError('CONFLICT', message);
}
