import { sql, PostgresAdapter, type Expression } from 'kysely';
import { preparedQuery } from '@chorale/db';
import type { Db } from '../../platform/context.ts';

const increment = preparedQuery((db, p: { name: string }) =>
  db
    .insertInto('counters')
    .values({ name: p.name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
    .returning('value'),
);

/** Next value of a named sequence, atomic on both engines (one row per sequence). */
export async function nextCounter(trx: Db, name: string): Promise<number> {
  const row = await increment.first(trx, { name });
  if (!row) throw new Error(`counter ${name} not written`);
  return Number(row.value);
}

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Digits of the sequence in an automatic invoice number (« <année><séquence> »). */
export const NUMBER_DIGITS = 10;

export const automaticNumberOf = (year: number, value: number) =>
  `${year}${String(value).padStart(NUMBER_DIGITS, '0')}`;

/**
 * The counter of a supplier's automatic numbers for a year: one row per supplier, so that the
 * numbers of each supplier follow each other without gaps (a continuous chronological sequence per
 * seller), and that two suppliers sending at once never wait on the same row (issue 13: one
 * platform-wide row serialised every sender on PostgreSQL, its lock being held until commit).
 */
export const invoiceCounterName = (year: number, supplierStructureId: number) =>
  `invoice-${year}-${supplierStructureId}`;

/** SQLite's counter of draft numbers (PostgreSQL draws them from the sequence `draft_numbers`). */
export const draftCounterName = (year: number) => `draft-${year}`;

/** Digits of the sequence in a draft number (« TMP<année><séquence> »). */
const DRAFT_DIGITS = 12;

const draftNumberOf = (year: number, value: number) => `TMP${year}${String(value).padStart(DRAFT_DIGITS, '0')}`;

/**
 * A new draft's number, for its insert. PostgreSQL: `nextval` of the sequence `draft_numbers`
 * inside the insert itself — no statement of its own, and no lock shared by all suppliers (a
 * sequence is not transactional: a rolled-back draft leaves a gap, harmless for a temporary
 * number). The sequence runs on across years. SQLite (one writer, nothing to wait on): its counter
 * row `draft-<année>`.
 */
export async function newDraftNumber(trx: Db, year: number): Promise<string | Expression<string>> {
  if (isPostgres(trx)) return drawnDraftNumber(year);
  return draftNumberOf(year, await nextCounter(trx, draftCounterName(year)));
}

/**
 * PostgreSQL: the draft number drawn from the sequence by the insert that writes it (newDraftNumber);
 * `year` is a value, or the parameter of a prepared insert.
 */
export const drawnDraftNumber = (year: unknown) =>
  sql<string>`'TMP' || cast(${year} as text) || lpad(cast(nextval('draft_numbers') as text), ${DRAFT_DIGITS}, '0')`;

/**
 * A new draft's number and, for a draft sent in the same call with no typed number, its final
 * number. Only SQLite takes the final number here, in the same statement as the draft number (one
 * statement less, and it has no row lock to keep short). On PostgreSQL the draft number comes from
 * the sequence, and submitInvoice takes the final number last, just before the write that carries
 * it, so that the supplier's counter row stays locked as briefly as possible (sendTypedInvoice
 * takes it with its first read: numberWithFirstRead).
 */
export async function draftNumbers(
  trx: Db,
  year: number,
  numberFor: number | null,
): Promise<{ draftNumber: string | Expression<string>; number?: string }> {
  if (numberFor === null || isPostgres(trx)) return { draftNumber: await newDraftNumber(trx, year) };
  const next = await nextInvoiceNumber(trx, year, numberFor, true);
  const draftSeq = next.draftSeq ?? (await nextCounter(trx, draftCounterName(year)));
  return { draftNumber: draftNumberOf(year, draftSeq), number: next.number };
}

interface NumberParams {
  /** `invoice-<année>-<structure émettrice>`. */
  name: string;
  /** `draft-<année>` (SQLite), also incremented by the same statement (variant `draft`). */
  draftName: string;
  /** The year, first characters of the number. */
  year: string;
  supplierStructureId: number;
}

/**
 * Increments the supplier's invoice-number sequence (and, for a draft sent in the same call on
 * SQLite, the draft sequence) and says in the same statement whether the supplier already typed
 * that number by hand on one of its invoices (issue 15, defect 1), so that the common case costs
 * one statement (issue 13). The names are written in a fixed order: two transactions never wait
 * on each other crosswise. The number is formatted by SQL as automaticNumberOf does.
 */
const incrementNumber = preparedQuery((db, p: NumberParams, variant: '' | 'draft') => {
  const padded: Expression<string> =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql<string>`lpad(cast(${sql.ref('counters.value')} as text), ${NUMBER_DIGITS}, '0')`
      : sql<string>`printf('%0${sql.raw(String(NUMBER_DIGITS))}d', ${sql.ref('counters.value')})`;
  const names = variant === 'draft' ? [p.draftName, p.name] : [p.name];
  return db
    .insertInto('counters')
    .values(names.map((name) => ({ name, value: 1 })))
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
    .returning((eb) => [
      'counters.name',
      'counters.value',
      eb
        .exists(
          eb
            .selectFrom('invoices')
            .select('invoices.id')
            .where('invoices.supplier_structure_id', '=', p.supplierStructureId)
            .where('invoices.number', '=', sql<string>`cast(${p.year} as text) || ${padded}`),
        )
        .as('taken'),
    ]);
});

/**
 * A complete invoice sent in one call with no typed number (sendTypedInvoice), on PostgreSQL: its
 * number taken with the transaction's first read, in the same round trip, rather than alone
 * before the insert (issue 13). The supplier's counter row then stays locked from the first round
 * trip to the COMMIT, which goes out with the last statements: three round trips, one less than
 * when it was taken last and COMMIT sent alone. SQLite takes it with the draft number
 * (draftNumbers): undefined there.
 */
export function numberWithFirstRead(
  trx: Db,
  year: number,
  supplierStructureId: number,
): (() => Promise<{ number: string }>) | undefined {
  return isPostgres(trx) ? () => nextInvoiceNumber(trx, year, supplierStructureId) : undefined;
}

/**
 * The supplier's next automatic number (« <année><séquence> ») that it has not already typed by
 * hand on another invoice; with `withDraft` (SQLite only), the next draft sequence too, in the
 * same statement. On PostgreSQL this locks the supplier's counter row until commit: call it as
 * late as the transaction allows.
 */
export async function nextInvoiceNumber(
  trx: Db,
  year: number,
  supplierStructureId: number,
  withDraft = false,
): Promise<{ number: string; draftSeq: number | null }> {
  const params = {
    name: invoiceCounterName(year, supplierStructureId),
    draftName: draftCounterName(year),
    year: String(year),
    supplierStructureId,
  };
  let rows = await incrementNumber.rows(trx, params, withDraft ? 'draft' : '');
  const draft = rows.find((r) => r.name === params.draftName);
  for (;;) {
    const row = rows.find((r) => r.name === params.name);
    if (!row) throw new Error(`counter ${params.name} not written`);
    // SQLite answers 0/1, PostgreSQL true/false.
    if (!row.taken) {
      return { number: automaticNumberOf(year, Number(row.value)), draftSeq: draft ? Number(draft.value) : null };
    }
    rows = await incrementNumber.rows(trx, params, '');
  }
}
