import type { Db } from '../../platform/context.ts';

/** Next value of a named sequence, atomic on both engines (one row per sequence). */
export async function nextCounter(trx: Db, name: string): Promise<number> {
  const row = await trx
    .insertInto('counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
