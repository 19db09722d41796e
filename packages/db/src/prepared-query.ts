import { CompiledQuery, type Compilable, type DialectAdapter, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './schema.ts';

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

  /** The compiled statement with the values of this run in place of the placeholders. */
  const bind = (db: Kysely<Database>, values: P, variant: V): CompiledQuery<O> => {
    const query = compile(db, variant);
    return CompiledQuery.raw(
      query.sql,
      query.parameters.map((p) => {
        if (!(p instanceof Placeholder)) return p;
        const value = (values as Record<string, unknown>)[p.name];
        if (value === undefined) throw new Error(`preparedQuery: no value for ${p.name}`);
        return value;
      }),
    ) as CompiledQuery<O>;
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
  };
}
