import { isDelivered, mayAccess, type AccessLevel, type InvoiceStatus } from '@chorale/domain';
import { preparedQuery } from '@chorale/db';
import { PostgresAdapter } from 'kysely';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { accessForRequest } from '../organisation/access.ts';
import type { Reading } from '../../platform/request-scope.ts';

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
export async function invoiceSides(r: Reading, userId: number, inv: InvoiceRef, level: AccessLevel) {
  const access = await accessForRequest(r, userId);
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

export async function requireSupplier(r: Reading, userId: number, inv: InvoiceRef, level: AccessLevel): Promise<void> {
  const sides = await invoiceSides(r, userId, inv, level);
  if (!sides.supplier) {
    if (level === 'modification' && (await invoiceSides(r, userId, inv, 'consultation')).supplier)
      throw new AppError(
        'FORBIDDEN',
        'Votre profil ne permet pas de modifier cette facture : il faut l’habilitation « Factures émises modification ».',
      );
    throw invoiceNotFound();
  }
}

export async function requireRecipient(r: Reading, userId: number, inv: InvoiceRef, level: AccessLevel): Promise<void> {
  const sides = await invoiceSides(r, userId, inv, level);
  if (!sides.recipient) {
    if (level === 'modification' && (await invoiceSides(r, userId, inv, 'consultation')).recipient)
      throw new AppError(
        'FORBIDDEN',
        'Votre profil ne permet pas de traiter cette facture : il faut l’habilitation « Factures reçues modification ».',
      );
    throw invoiceNotFound();
  }
}

export async function requireEitherSide(
  r: Reading,
  userId: number,
  inv: InvoiceRef,
): Promise<'supplier' | 'recipient'> {
  const sides = await invoiceSides(r, userId, inv, 'consultation');
  if (sides.supplier) return 'supplier';
  if (sides.recipient) return 'recipient';
  throw invoiceNotFound();
}

export const draftOnly = 'Une facture envoyée ne se modifie plus : seuls les brouillons le peuvent.';

/**
 * The draft's guarded hold below, first statement of every draft edit and sending: compiled once
 * per engine (issue 13). PostgreSQL: the row read and locked as an update of it would lock it
 * (`for no key update`), but no update: every update of `invoices` runs the dashboard totals'
 * statement trigger, 0.18 ms of the database's time for a touch that changes no total
 * (docs/performance.md, 04/12/2026, 17 h 15); the draft's `updated_at` is written by the use
 * case's own update of the invoice (its totals, its header, its sending) or the row is deleted.
 * SQLite, which has no row locks (one writer at a time), touches the row, its trigger skipping an
 * update of `updated_at` alone.
 */
const touchDraft = preparedQuery((db, p: { id: number; now: string }) =>
  db.getExecutor().adapter instanceof PostgresAdapter
    ? db.selectFrom('invoices').selectAll().where('id', '=', p.id).where('status', '=', 'BROUILLON').forNoKeyUpdate()
    : db
        .updateTable('invoices')
        .set({ updated_at: p.now })
        .where('id', '=', p.id)
        .where('status', '=', 'BROUILLON')
        .returningAll(),
);

/**
 * First statement of every transaction that changes a draft or sends it: a guarded hold of the
 * invoice row (`… where status = 'BROUILLON'`, see touchDraft). It holds the row until commit, so
 * an edit and a submission of the same draft run one after the other, and an edit arriving after
 * the submission finds no draft and changes nothing (issue 14: drafts are race-free). Every
 * caller then updates or deletes the invoice row in the same transaction.
 */
export async function lockDraft(trx: Db, ctx: AppContext, invoiceId: number, message = draftOnly) {
  const touched = await touchDraft.first(trx, { id: invoiceId, now: isoNow(ctx) });
  if (!touched) throw new AppError('CONFLICT', message);
  return touched;
}

/**
 * lockDraft first, then who may change it, judged on the row just held (one read instead of a
 * read before the transaction and another inside it, issue 13). A refusal rolls the touch back;
 * when there is no draft to hold, the answers are those of a check made first: a stranger learns
 * nothing (404), a member without the profile is told so (403), then the conflict.
 */
export async function lockDraftFor(trx: Db, ctx: AppContext, userId: number, invoiceId: number, message = draftOnly) {
  const touched = await touchDraft.first(trx, { id: invoiceId, now: isoNow(ctx) });
  const inTrx = { ...ctx, db: trx };
  if (!touched) {
    await requireSupplier(inTrx, userId, await loadInvoiceRow(trx, invoiceId), 'modification');
    throw new AppError('CONFLICT', message);
  }
  await requireSupplier(inTrx, userId, touched, 'modification');
  return touched;
}

export type InvoiceRow = Awaited<ReturnType<typeof loadInvoiceRow>>;

/**
 * A draft this very transaction created or already holds (lockDraft), with its rows as it wrote
 * them: the next step of a one-call use case goes on from there without holding or reading it again.
 */
export interface HeldDraft {
  inv: InvoiceRow;
  lines: import('./invoice-view.ts').InvoiceLineRow[];
  attachments?: import('./invoice-view.ts').InvoiceAttachmentRow[];
  history?: import('./invoice-view.ts').InvoiceHistoryRow[];
}

/** A held draft with every one of its rows. */
export type HeldDraftRows = Required<HeldDraft>;

/** The same decision as lockDraftFor, on a draft the transaction already holds. */
export async function heldDraftFor(r: Reading, userId: number, inv: InvoiceRow, message = draftOnly) {
  await requireSupplier(r, userId, inv, 'modification');
  if (inv.status !== 'BROUILLON') throw new AppError('CONFLICT', message);
  return inv;
}
