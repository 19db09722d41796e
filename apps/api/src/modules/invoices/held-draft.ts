import { PostgresAdapter, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom as pgJsonArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArray } from 'kysely/helpers/sqlite';
import { preparedQuery } from '@chorale/db';
import type { AppContext, Db } from '../../platform/context.ts';
import { draftOnly, lockDraftFor, type HeldDraftRows } from './invoice-access.ts';
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
 * The lines, attachments and history of an invoice in one statement (JSON arrays built by the
 * engine), read just after the draft is held (issue 13: three reads in one). Not in the holding
 * update itself: on PostgreSQL an update that waited for another transaction's lock sees the
 * newer row but its subqueries see the older snapshot, so an added line could be missed.
 */
const rowsOfDraft = preparedQuery((db, p: { id: number }) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the helper of each engine takes any subquery
  const json = (q: SelectQueryBuilder<any, any, any>): RawBuilder<unknown> =>
    db.getExecutor().adapter instanceof PostgresAdapter ? pgJsonArray(q) : sqliteJsonArray(q);
  return db.selectNoFrom((eb) => [
    json(
      eb
        .selectFrom('invoice_lines')
        .select([...LINE_COLUMNS])
        .where('invoice_lines.invoice_id', '=', p.id),
    ).as('held_lines'),
    json(
      eb
        .selectFrom('invoice_attachments')
        .select([...ATTACHMENT_COLUMNS])
        .where('invoice_attachments.invoice_id', '=', p.id),
    ).as('held_attachments'),
    json(
      eb
        .selectFrom('invoice_history')
        .select([...HISTORY_COLUMNS])
        .where('invoice_history.invoice_id', '=', p.id),
    ).as('held_history'),
  ]);
});

/** SQLite gives the JSON text, PostgreSQL the parsed value. */
const parsed = <T>(value: unknown): T[] => (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as T[];

/**
 * lockDraftFor, then the draft's lines (by position), attachments (by id) and history (newest
 * first) in one read: what « Ajouter une ligne » and « Confirmer et envoyer » need of the draft
 * they hold, in two statements instead of four.
 */
export async function holdDraftFor(
  trx: Db,
  ctx: AppContext,
  userId: number,
  invoiceId: number,
  message = draftOnly,
): Promise<HeldDraftRows> {
  const inv = await lockDraftFor(trx, ctx, userId, invoiceId, message);
  const rows = await rowsOfDraft.first(trx, { id: invoiceId });
  return {
    inv,
    lines: parsed<InvoiceLineRow>(rows?.held_lines).sort((a, b) => a.position - b.position),
    attachments: parsed<InvoiceAttachmentRow>(rows?.held_attachments).sort((a, b) => a.id - b.id),
    history: parsed<InvoiceHistoryRow>(rows?.held_history).sort((a, b) => b.id - a.id),
  };
}
