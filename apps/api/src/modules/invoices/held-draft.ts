import { PostgresAdapter, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom as pgJsonArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArray } from 'kysely/helpers/sqlite';
import { preparedQuery } from '@chorale/db';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { draftOnly, loadInvoiceRow, requireSupplier, type HeldDraftRows } from './invoice-access.ts';
import type { InvoiceAttachmentRow, InvoiceHistoryRow, InvoiceLineRow } from './invoice-view.ts';

const LINE_COLUMNS = [
  'id',
  'invoice_id',
  'position',
  'reference',
  'name',
  'quantity',
  'unit',
  'unit_price',
  'discount',
  'vat_rate',
  'net_cents',
  'gross_cents',
] as const;
const ATTACHMENT_COLUMNS = [
  'id',
  'invoice_id',
  'file_sha256',
  'file_name',
  'designation',
  'kind',
  'size',
  'added_by',
  'added_at',
] as const;
const HISTORY_COLUMNS = [
  'id',
  'invoice_id',
  'status',
  'user_id',
  'actor_label',
  'structure_label',
  'comment',
  'created_at',
  'prev_hash',
  'hash',
] as const;

/**
 * The guarded touch of a draft (`… where status = 'BROUILLON'`, see lockDraft) that returns, in
 * the same statement, the row and its lines, attachments and history (JSON arrays built by the
 * engine): the draft is held and read once (issue 13, four statements in one).
 */
const holdDraft = preparedQuery((db, p: { id: number; now: string }) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the helper of each engine takes any subquery
  const json = (q: SelectQueryBuilder<any, any, any>): RawBuilder<unknown> =>
    db.getExecutor().adapter instanceof PostgresAdapter ? pgJsonArray(q) : sqliteJsonArray(q);
  return db
    .updateTable('invoices')
    .set({ updated_at: p.now })
    .where('id', '=', p.id)
    .where('status', '=', 'BROUILLON')
    .returningAll()
    .returning((eb) => [
      json(
        eb
          .selectFrom('invoice_lines')
          .select([...LINE_COLUMNS])
          .whereRef('invoice_lines.invoice_id', '=', 'invoices.id'),
      ).as('held_lines'),
      json(
        eb
          .selectFrom('invoice_attachments')
          .select([...ATTACHMENT_COLUMNS])
          .whereRef('invoice_attachments.invoice_id', '=', 'invoices.id'),
      ).as('held_attachments'),
      json(
        eb
          .selectFrom('invoice_history')
          .select([...HISTORY_COLUMNS])
          .whereRef('invoice_history.invoice_id', '=', 'invoices.id'),
      ).as('held_history'),
    ]);
});

/** SQLite gives the JSON text, PostgreSQL the parsed value. */
const parsed = <T>(value: unknown): T[] => (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as T[];

/**
 * lockDraftFor, and the draft's lines (by position), attachments (by id) and history (newest
 * first) read by the same statement: what « Ajouter une ligne » and « Confirmer et envoyer » need
 * of the draft they hold. The same answers as lockDraftFor when there is no draft to hold.
 */
export async function holdDraftFor(
  trx: Db,
  ctx: AppContext,
  userId: number,
  invoiceId: number,
  message = draftOnly,
): Promise<HeldDraftRows> {
  const row = await holdDraft.first(trx, { id: invoiceId, now: isoNow(ctx) });
  if (!row) {
    await requireSupplier(trx, userId, await loadInvoiceRow(trx, invoiceId), 'modification');
    throw new AppError('CONFLICT', message);
  }
  const { held_lines: lines, held_attachments: attachments, held_history: history, ...inv } = row;
  await requireSupplier(trx, userId, inv, 'modification');
  return {
    inv,
    lines: parsed<InvoiceLineRow>(lines).sort((a, b) => a.position - b.position),
    attachments: parsed<InvoiceAttachmentRow>(attachments).sort((a, b) => a.id - b.id),
    history: parsed<InvoiceHistoryRow>(history).sort((a, b) => b.id - a.id),
  };
}
