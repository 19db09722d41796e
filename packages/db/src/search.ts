import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * The one way a user's search term reaches a LIKE (issue 15 defect 8). The term is matched
 * literally: `%`, `_` and the escape character itself are escaped, and the ESCAPE clause is
 * written out, because SQLite has no default escape character (PostgreSQL's is the backslash,
 * so escaping without the clause only worked there). Prefix searches (SIRET, postcode) are
 * escaped too: « %% » must find nothing rather than every structure.
 */
export type SearchMode = 'contains' | 'prefix';

export interface SearchOptions {
  mode?: SearchMode;
  /** Compare lower(column) with the lower-cased term (PostgreSQL's LIKE is case-sensitive). */
  ignoreCase?: boolean;
}

const ESCAPE = '\\';

export function likePattern(term: string, mode: SearchMode = 'contains'): string {
  const literal = term.replace(/[\\%_]/g, (c) => `${ESCAPE}${c}`);
  return mode === 'prefix' ? `${literal}%` : `%${literal}%`;
}

/** `column LIKE pattern ESCAPE '\'`, usable in a Kysely `where` or `eb.or([...])`. */
export function searchMatch(column: string, term: string, options: SearchOptions = {}): RawBuilder<SqlBool> {
  const target = options.ignoreCase ? sql`lower(${sql.ref(column)})` : sql.ref(column);
  const pattern = likePattern(options.ignoreCase ? term.toLowerCase() : term, options.mode);
  return sql<SqlBool>`${target} like ${pattern} escape ${sql.lit(ESCAPE)}`;
}
