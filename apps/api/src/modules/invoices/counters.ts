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
