import { PostgresAdapter, sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '@chorale/db';

/**
 * Many rows in one parameter (issue 13: batches of jobs): a JSON array bound once, read as a table
 * by the database (SQLite `json_each`, PostgreSQL `json_to_recordset`). The statement's text is
 * the same whatever the number of rows, so it is prepared once, and no batch reaches the engines'
 * limits on parameters.
 */
export type JsonColumns = Record<string, 'int' | 'text'>;

export const isPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * `(select … from <json>) as alias`: the rows of `param` (a JSON array of objects) with the given
 * columns, for a FROM or a JOIN.
 */
export function jsonRecords(
  db: Kysely<Database>,
  param: unknown,
  columns: JsonColumns,
  alias: string,
): RawBuilder<unknown> {
  const names = Object.keys(columns);
  if (isPostgres(db)) {
    const types = sql.join(names.map((n) => sql`${sql.id(n)} ${sql.raw(columns[n] === 'int' ? 'bigint' : 'text')}`));
    return sql`(select * from json_to_recordset(${param}::json) as r(${types})) as ${sql.id(alias)}`;
  }
  const fields = sql.join(names.map((n) => sql`json_extract(value, ${sql.lit(`$.${n}`)}) as ${sql.id(n)}`));
  return sql`(select ${fields} from json_each(${param})) as ${sql.id(alias)}`;
}

/** `(select …)`: the numbers of `param` (a JSON array of integers), for `in`. */
export function jsonIds(db: Kysely<Database>, param: unknown): RawBuilder<number> {
  return isPostgres(db)
    ? sql<number>`(select value::bigint from json_array_elements_text(${param}::json))`
    : sql<number>`(select value from json_each(${param}))`;
}

/** A raw statement as a prepared query's build result (compiled against `db`'s engine). */
export const compilable = <O>(db: Kysely<Database>, query: RawBuilder<O>) => ({
  compile: (): CompiledQuery<O> => query.compile(db),
});
