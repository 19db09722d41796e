import { PostgresAdapter, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom as pgJsonArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArray } from 'kysely/helpers/sqlite';
import { preparedQuery } from '@chorale/db';
import type { AppContext, Db } from '../../platform/context.ts';
import { draftOnly, lockDraftFor, type HeldDraftRows } from './invoice-access.ts';
import { keepStructure, type StructureRow } from './invoice-rows.ts';
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

const STRUCTURE_COLUMNS = [
  'id',
  'identifier_type',
  'identifier',
  'kind',
  'company_name',
  'label',
  'email',
  'phone',
  'address',
  'address_complement1',
  'address_complement2',
  'postal_code',
  'city',
  'country_code',
  'non_diffusible',
  'active',
  'service_code_required',
  'commitment_required',
  'service_or_commitment_required',
  'payment_status_managed',
  'payment_period_days',
  'public_hospital',
  'directory_absent_since',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof StructureRow)[];
// Every column of a structure row, or this fails to compile: the row kept for the request is whole.
const allStructureColumns: Exclude<keyof StructureRow, (typeof STRUCTURE_COLUMNS)[number]> extends never
  ? true
  : never = true;
void allStructureColumns;

/**
 * The lines, attachments and history of an invoice, and its supplier's and recipient's structures
 * (which the request's answer and the send rules name), in one statement (JSON arrays built by the
 * engine), sent with the update that holds the draft and run just after it (issue 13: three reads
 * in one, and no round trip of its own). Not in the holding update itself: on PostgreSQL an update
 * that waited for another transaction's lock sees the newer row but its subqueries see the older
 * snapshot, so an added line could be missed; a statement of its own takes its snapshot once the
 * update is done, the lock held. The structures are found through the invoice row for the same
 * reason: it names them before its own answer is known.
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
    json(
      eb
        .selectFrom('structures')
        .select([...STRUCTURE_COLUMNS])
        .where((w) =>
          w.or([
            w('structures.id', '=', w.selectFrom('invoices').select('supplier_structure_id').where('id', '=', p.id)),
            w('structures.id', '=', w.selectFrom('invoices').select('recipient_structure_id').where('id', '=', p.id)),
          ]),
        ),
    ).as('held_structures'),
  ]);
});

/** SQLite gives the JSON text, PostgreSQL the parsed value. */
const parsed = <T>(value: unknown): T[] => (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as T[];

/**
 * lockDraftFor, and with it the draft's lines (by position), attachments (by id), history (newest
 * first) and structures in one read: what « Ajouter une ligne » and « Confirmer et envoyer » need of the
 * draft they hold, in two statements instead of five.
 */
export async function holdDraftFor(
  trx: Db,
  ctx: AppContext,
  userId: number,
  invoiceId: number,
  message = draftOnly,
): Promise<HeldDraftRows> {
  // Both sent at once (on PostgreSQL in one write): the read runs once the draft is held.
  const holding = lockDraftFor(trx, ctx, userId, invoiceId, message);
  const reading = rowsOfDraft.first(trx, { id: invoiceId });
  // Refused (not a draft, not the caller's), the draft's rows are not wanted.
  reading.catch(() => undefined);
  const inv = await holding;
  const rows = await reading;
  // Structures are never changed by an invoice use case: kept for the rest of the request.
  for (const structure of parsed<StructureRow>(rows?.held_structures)) keepStructure(ctx.scope, structure);
  return {
    inv,
    lines: parsed<InvoiceLineRow>(rows?.held_lines).sort((a, b) => a.position - b.position),
    attachments: parsed<InvoiceAttachmentRow>(rows?.held_attachments).sort((a, b) => a.id - b.id),
    history: parsed<InvoiceHistoryRow>(rows?.held_history).sort((a, b) => b.id - a.id),
  };
}
