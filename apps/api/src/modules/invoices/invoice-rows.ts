import { preparedQuery } from '@chorale/db';
import type { Db } from '../../platform/context.ts';
import { oncePerRequest, type Reading, type RequestScope } from '../../platform/request-scope.ts';

/**
 * The rows an invoice names (its structures, services, the people who act on it), read once per
 * request whichever use case asks first (issue 13). None of them is changed by an invoice use case.
 */
const structureQuery = (db: Db) => db.selectFrom('structures').selectAll();
// Read by every invoice request: prepared once (issue 13).
const structureById = preparedQuery((db, p: { id: number }) => structureQuery(db).where('id', '=', p.id));
const serviceById = preparedQuery((db, p: { id: number }) =>
  db.selectFrom('services').selectAll().where('id', '=', p.id),
);
const userById = preparedQuery((db, p: { id: number }) =>
  db.selectFrom('users').select(['id', 'first_name', 'last_name', 'contact_email']).where('id', '=', p.id),
);
// What the request scope keeps them under.
const structureKey = (id: number) => `structure:${id}`;
const userKey = (id: number) => `user:${id}`;
export type StructureRow = NonNullable<Awaited<ReturnType<ReturnType<typeof structureQuery>['executeTakeFirst']>>>;

export function structureRow(r: Reading, id: number): Promise<StructureRow | undefined> {
  return oncePerRequest(r, structureKey(id), () => structureById.first(r.db, { id }));
}

/** Several structures in one query (those this request has not read yet). */
export async function structureRows(r: Reading, ids: number[]): Promise<Map<number, StructureRow>> {
  const missing: number[] = [];
  const known = new Map<number, StructureRow>();
  for (const id of new Set(ids)) {
    const held = r.scope?.held<StructureRow | undefined>(structureKey(id));
    if (!held) missing.push(id);
    else {
      const row = await held;
      if (row) known.set(id, row);
    }
  }
  if (missing.length) {
    const rows = await structureQuery(r.db).where('id', 'in', missing).execute();
    for (const row of rows) {
      r.scope?.keep(structureKey(row.id), row);
      known.set(row.id, row);
    }
  }
  return known;
}

/** Primes the request with a structure row read by another query. */
export const keepStructure = (scope: RequestScope | undefined, row: StructureRow) =>
  scope?.keep(structureKey(row.id), row);

export function serviceRow(r: Reading, id: number) {
  return oncePerRequest(r, `service:${id}`, () => serviceById.first(r.db, { id }));
}

/** Primes the request with the caller's row, read with his session or API token. */
export const keepUser = (
  scope: RequestScope | undefined,
  row: { id: number; first_name: string; last_name: string; contact_email: string },
) => scope?.keep(userKey(row.id), row);

export function userRow(r: Reading, id: number) {
  return oncePerRequest(r, userKey(id), () =>
    userById.first(r.db, { id }).then((row) => {
      if (!row) throw new Error(`user ${id} missing`);
      return row;
    }),
  );
}
