import { sql, type SqlBool } from 'kysely';
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

/**
 * A worklist counts its invoices up to here (and at least to the end of the page asked): past it,
 * the answer says « more than » (`totalCapped`). Counting 60 000 invoices exactly on every page
 * cost more than the page itself (issue 12 bench, 1 million invoices).
 */
export const WORKLIST_COUNT_CAP = 1000;

const listed = (statuses: readonly InvoiceStatus[]) => sql.join(statuses.map((s) => sql.lit(s)));
/**
 * Which invoices are on each worklist, in the words of the partial indexes that hold them
 * (migration 20261202T0100): the states are written in the SQL, not bound, so that SQLite and
 * PostgreSQL (generic plans included) see that the index covers the query. A handled rejection
 * has left the Synthèse.
 */
const onWorklist = {
  issued: sql<SqlBool>`(${sql.ref('i.status')} in (${listed(supplierWorklistStatuses.filter((s) => s !== 'REJETEE'))}) or (${sql.ref('i.status')} = 'REJETEE' and ${sql.ref('i.rejection_handled_at')} is null))`,
  received: sql<SqlBool>`${sql.ref('i.status')} in (${listed(recipientWorklistStatuses)})`,
};
/** The order key of those indexes (status_at is never null: the order is the state's instant). */
const worklistOrder = sql<string>`coalesce(${sql.ref('i.status_at')}, '')`;

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
  const empty = { items: [], total: 0, totalCapped: false, page: q.page, pageSize: q.pageSize };
  const visible = await visibleInvoices(ctx, userId, side);
  if (!visible) return empty;
  const issued = side === 'issued';
  const structureCol = issued ? 'i.supplier_structure_id' : 'i.recipient_structure_id';
  const serviceCol = issued ? 'i.supplier_service_id' : 'i.recipient_service_id';
  const instructorCol = issued ? 'i.supplier_instructor' : 'i.recipient_instructor';
  let base = visible.where(onWorklist[side]);
  if (issued && q.hideOldRejected)
    base = base.where((eb) =>
      eb.or([eb('i.status', '!=', 'REJETEE'), eb('i.status_at', '>=', isoNow(ctx, -TEN_DAYS_MS))]),
    );
  if (q.structureId) base = base.where(structureCol, '=', q.structureId);
  if (q.serviceId) base = base.where(serviceCol, '=', q.serviceId);
  if (q.instructor) base = base.where(instructorCol, '=', q.instructor);
  // Counted up to the cap, or to the end of this page and one more: « more » stays true while
  // there is a next page.
  const upTo = Math.max(WORKLIST_COUNT_CAP, q.page * q.pageSize);
  const count = await ctx.db
    .selectFrom(
      base
        .select(sql<number>`1`.as('one'))
        .limit(upTo + 1)
        .as('w'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const today = businessDate(ctx.now());
  const rows = await selectRows(base)
    .select(['i.supplier_structure_id', 'i.recipient_structure_id', `${instructorCol} as instructor`])
    .orderBy(worklistOrder, 'desc')
    .orderBy('i.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    total: Math.min(Number(count.n), upTo),
    totalCapped: Number(count.n) > upTo,
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
  const side = await requireEitherSide(ctx, userId, inv);
  if (side === 'supplier') await requireSupplier(ctx, userId, inv, 'modification');
  else await requireRecipient(ctx, userId, inv, 'modification');
  const column = side === 'supplier' ? 'supplier_instructor' : 'recipient_instructor';
  const done = await ctx.db
    .updateTable('invoices')
    .set({ [column]: instructor || null })
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new AppError('NOT_FOUND', 'Facture introuvable.');
  return { instructor };
}
