import {
  type CompiledQuery,
  type Compilable,
  type DialectAdapter,
  type Insertable,
  type Kysely,
  type QueryResult,
  type Selectable,
} from 'kysely';
import type { Database } from './schema.ts';
import { sharedRead } from './shared-reads.ts';

/** A parameter of a prepared query: stands for its value while the query is built, once. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** What the builder of a prepared query receives for each parameter (typed as its value). */
export type Params<P> = { readonly [K in keyof P]: P[K] };

type Build<P, O, V extends string> = (db: Kysely<Database>, params: Params<P>, variant: V) => Compilable<O>;

/**
 * A hot query built and compiled once per database engine (and per variant), then run with new
 * values (issue 13: building and compiling Kysely queries took about a quarter of the server's CPU
 * per invoice). The builder is an ordinary Kysely query in which every value that changes from one
 * run to the next is read from `params`: it is a placeholder while the query is built, and the
 * compiled statement's parameters are filled from the values at each run. Anything else the
 * builder reads is fixed forever; a value whose SQL shape changes (a list for `in`) cannot be a
 * parameter: give it a variant, or leave that query unprepared. Works inside transactions (a
 * transaction runs the same compiled text) and on both engines, each compiling its own SQL.
 */
export function preparedQuery<P extends object, O, V extends string = ''>(build: Build<P, O, V>) {
  const compiled = new WeakMap<DialectAdapter, Map<V, CompiledQuery<O>>>();
  const params = new Proxy({} as Params<P>, { get: (_target, name) => new Placeholder(String(name)) });

  const compile = (db: Kysely<Database>, variant: V): CompiledQuery<O> => {
    const adapter = db.getExecutor().adapter;
    let variants = compiled.get(adapter);
    if (!variants) compiled.set(adapter, (variants = new Map()));
    let query = variants.get(variant);
    if (!query) {
      query = build(db, params, variant).compile();
      variants.set(variant, query);
    }
    return query;
  };

  /**
   * The compiled statement with the values of this run in place of the placeholders. Its query
   * node and id are the compiled statement's: nothing reads them when a compiled query runs (no
   * plugin here), and `CompiledQuery.raw` made and froze a new node for each run (issue 13).
   */
  const bind = (db: Kysely<Database>, values: P, variant: V): CompiledQuery<O> => {
    const query = compile(db, variant);
    return {
      sql: query.sql,
      query: query.query,
      queryId: query.queryId,
      parameters: query.parameters.map((p) => {
        if (!(p instanceof Placeholder)) return p;
        const value = (values as Record<string, unknown>)[p.name];
        if (value === undefined) throw new Error(`preparedQuery: no value for ${p.name}`);
        return value;
      }),
    };
  };

  return {
    /** Runs the query; rows, and for writes the number of rows changed. */
    execute: async (db: Kysely<Database>, values: P, variant = '' as V): Promise<QueryResult<O>> =>
      db.executeQuery(bind(db, values, variant)),
    /** Runs the query and returns its rows. */
    rows: async (db: Kysely<Database>, values: P, variant = '' as V): Promise<O[]> =>
      (await db.executeQuery(bind(db, values, variant))).rows,
    /** Runs the query and returns its first row, if any. */
    first: async (db: Kysely<Database>, values: P, variant = '' as V): Promise<O | undefined> =>
      (await db.executeQuery(bind(db, values, variant))).rows[0],
    /** A short read by a unique key: its rows, on PostgreSQL on the shared connection (sharedRead). */
    sharedRows: (db: Kysely<Database>, values: P, variant = '' as V): Promise<O[]> =>
      sharedRead(db as Kysely<never>, bind(db, values, variant)),
  };
}

type Table = keyof Database;

/**
 * Above this many rows an insert is built for its call: each count of rows is a statement of its
 * own, and a few rows are the common case (a history's one or two, an invoice's first lines).
 */
export const PREPARED_ROWS = 16;

/** `count` rows of `columns`, each value taken from `value`. */
const insertQuery = (
  db: Kysely<Database>,
  table: Table,
  columns: string[],
  count: number,
  value: (row: number, column: string) => unknown,
) =>
  db
    .insertInto(table)
    .values(Array.from({ length: count }, (_, i) => Object.fromEntries(columns.map((c) => [c, value(i, c)]))) as never)
    .returningAll();

/** The variant names the table, the columns and the count of rows (`table:col,col:n`); values are `<row>.<column>`. */
const insertRows = preparedQuery((db, p: Record<string, unknown>, variant: string) => {
  const [table, columns, count] = variant.split(':') as [Table, string, string];
  return insertQuery(db, table, columns.split(','), Number(count), (i, c) => p[`${i}.${c}`]);
});

/**
 * Rows inserted by one statement prepared per table, columns and count of rows (issue 13: the
 * insert of a typed invoice's lines was built and compiled at each call), returned as stored, in
 * no promised order. The columns are those the first row gives a value (not undefined); every row
 * must give them all. Past PREPARED_ROWS rows the same insert is built for the call.
 */
export async function insertPrepared<T extends Table>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<Selectable<Database[T]>[]> {
  const records = rows as readonly Record<string, unknown>[];
  const first = records[0];
  if (!first) return [];
  const columns = Object.keys(first).filter((c) => first[c] !== undefined);
  const value = (i: number, c: string) => {
    const v = records[i]![c];
    if (v === undefined) throw new Error(`${table}: ${c} missing on a row`);
    return v;
  };
  if (records.length > PREPARED_ROWS)
    return (await insertQuery(db, table, columns, records.length, value).execute()) as Selectable<Database[T]>[];
  const params: Record<string, unknown> = {};
  for (let i = 0; i < records.length; i++) for (const c of columns) params[`${i}.${c}`] = value(i, c);
  const variant = `${table}:${columns.join(',')}:${records.length}`;
  return (await insertRows.rows(db, params, variant)) as Selectable<Database[T]>[];
}
