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

/** Digits of the sequence in an automatic invoice number (« <année><séquence> »). */
export const NUMBER_DIGITS = 10;

export const automaticNumberOf = (year: number, value: number) =>
  `${year}${String(value).padStart(NUMBER_DIGITS, '0')}`;

interface NumberParams {
  /** `invoice-<année>`. */
  name: string;
  /** `draft-<année>`, also incremented by the same statement (variant `draft`). */
  draftName: string;
  /** The year, first characters of the number. */
  year: string;
  supplierStructureId: number;
}

/**
 * Increments the invoice-number sequence (and, for a draft sent in the same call, the draft
 * sequence) and says in the same statement whether the supplier already typed that number by hand
 * on one of its invoices (issue 15, defect 1), so that the common case costs one statement
 * (issue 13). The names are written in a fixed order: two transactions never wait on each other
 * crosswise. The number is formatted by SQL as automaticNumberOf does.
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
 * The next automatic number (« <année><séquence> ») that this supplier has not already typed by
 * hand on another invoice; with `draft`, the next draft sequence too, in the same statement.
 */
export async function nextInvoiceNumber(
  trx: Db,
  year: number,
  supplierStructureId: number,
  withDraft = false,
): Promise<{ number: string; draftSeq: number | null }> {
  const params = { name: `invoice-${year}`, draftName: `draft-${year}`, year: String(year), supplierStructureId };
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
