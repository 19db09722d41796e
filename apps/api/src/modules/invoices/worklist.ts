import { allowedTransitions, businessDate, invoiceStatuses, isDelivered, type InvoiceStatus } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { loadInvoiceRow, requireEitherSide, requireRecipient, requireSupplier } from './invoice-access.ts';
import { visibleInvoices } from './invoice-scope.ts';
import { selectRows, toSummary } from './list-invoices.ts';

/** The supplier's « Synthèse »: drafts and the invoices returned to him (webinar « L'onglet Synthèse »). */
export const supplierWorklistStatuses: readonly InvoiceStatus[] = ['BROUILLON', 'A_RECYCLER', 'REJETEE', 'SUSPENDUE'];

/** The recipient's worklist: every delivered invoice it can still move on (the lifecycle table says which). */
export const recipientWorklistStatuses: readonly InvoiceStatus[] = invoiceStatuses.filter(
  (s) => isDelivered(s) && allowedTransitions(s, 'recipient').length > 0,
);

const TEN_DAYS_MS = 10 * 24 * 60 * 60 * 1000;

export interface WorklistQuery {
  structureId?: number;
  serviceId?: number;
  hideOldRejected: boolean;
  instructor: string;
  page: number;
  pageSize: number;
}

/**
 * « Synthèse » of « Factures émises » (`rechercher/atraiter/fournisseur`) or the recipient's
 * worklist of « Factures reçues »: what waits for the user, newest state first, with the filters
 * Structure, Service, « Masquer les factures rejetées depuis plus de 10 jours » and Instructeur.
 * A rejected invoice whose rejection was handled (« Traiter le rejet ») has left the list.
 */
export async function worklist(ctx: AppContext, userId: number, side: 'issued' | 'received', q: WorklistQuery) {
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const visible = await visibleInvoices(ctx, userId, side);
  if (!visible) return empty;
  const issued = side === 'issued';
  const structureCol = issued ? 'i.supplier_structure_id' : 'i.recipient_structure_id';
  const serviceCol = issued ? 'i.supplier_service_id' : 'i.recipient_service_id';
  const instructorCol = issued ? 'i.supplier_instructor' : 'i.recipient_instructor';
  let base = visible.where('i.status', 'in', issued ? supplierWorklistStatuses : recipientWorklistStatuses);
  if (issued)
    base = base.where((eb) => eb.or([eb('i.status', '!=', 'REJETEE'), eb('i.rejection_handled_at', 'is', null)]));
  if (issued && q.hideOldRejected)
    base = base.where((eb) =>
      eb.or([eb('i.status', '!=', 'REJETEE'), eb('i.status_at', '>=', isoNow(ctx, -TEN_DAYS_MS))]),
    );
  if (q.structureId) base = base.where(structureCol, '=', q.structureId);
  if (q.serviceId) base = base.where(serviceCol, '=', q.serviceId);
  if (q.instructor) base = base.where(instructorCol, '=', q.instructor);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const today = businessDate(ctx.now());
  const rows = await selectRows(base)
    .select(['i.supplier_structure_id', 'i.recipient_structure_id', `${instructorCol} as instructor`])
    .orderBy('i.status_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    total: Number(count.n),
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => ({
      ...toSummary(r, today),
      instructor: r.instructor ?? '',
      supplierStructureId: r.supplier_structure_id,
      recipientStructureId: r.recipient_structure_id,
    })),
  };
}

/**
 * « Instructeur : Saisir un code »: each side notes who handles the invoice on its own side (the
 * supplier on « Factures émises », the recipient on « Factures reçues »); the other side never
 * sees it.
 */
export async function setInstructor(ctx: AppContext, userId: number, invoiceId: number, instructor: string) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  const side = await requireEitherSide(ctx.db, userId, inv);
  if (side === 'supplier') await requireSupplier(ctx.db, userId, inv, 'modification');
  else await requireRecipient(ctx.db, userId, inv, 'modification');
  const column = side === 'supplier' ? 'supplier_instructor' : 'recipient_instructor';
  const done = await ctx.db
    .updateTable('invoices')
    .set({ [column]: instructor || null })
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new AppError('NOT_FOUND', 'Facture introuvable.');
  return { instructor };
}
