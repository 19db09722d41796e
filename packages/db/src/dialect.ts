import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import { searchPathIntrospection } from './search-path-introspector.ts';
import {
  cachedStatements,
  countingDialect,
  namePreparedStatements,
  newStatementStats,
  type StatementStats,
} from './statements.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface ChoraleDb {
  db: Kysely<Database>;
  dialect: DialectName;
  /** PostgreSQL schema when not the default one. */
  schema?: string;
  /** Statements and transactions run since opening (tests and the bench read differences). */
  stats: StatementStats;
  destroy(): Promise<void>;
}

export function dialectOf(url: string): DialectName {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

/** `sqlite:./data/x.sqlite`, `sqlite::memory:` or a bare path. */
export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/i, '');
}

export interface OpenOptions {
  /** PostgreSQL schema to use (tests run each in their own). */
  searchPath?: string;
  poolSize?: number;
}

/**
 * The only place that knows which database engine runs. SQLite for the embedded default,
 * PostgreSQL when the URL says so.
 */
export function openDatabase(url: string, options: OpenOptions = {}): ChoraleDb {
  if (dialectOf(url) === 'postgres') {
    // `?schema=name` in the URL: Chorale's tables live in that schema (a shared database).
    const parsed = new URL(url);
    const schemaParam = parsed.searchParams.get('schema');
    if (schemaParam && !options.searchPath) {
      if (!/^[a-z_][a-z0-9_]*$/i.test(schemaParam))
        throw new Error(`Nom de schéma PostgreSQL invalide : ${schemaParam}`);
      parsed.searchParams.delete('schema');
      return openDatabase(parsed.toString(), { ...options, searchPath: schemaParam });
    }
    // Keep int8 and numeric as strings (exact), but counts come back as numbers via casts in queries.
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    namePreparedStatements(pool);
    const stats = newStatementStats();
    const db = new Kysely<Database>({
      dialect: countingDialect(searchPathIntrospection(new PostgresDialect({ pool })), stats),
    });
    return {
      db,
      dialect: 'postgres',
      stats,
      ...(options.searchPath ? { schema: options.searchPath } : {}),
      destroy: () => db.destroy(),
    };
  }
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const stats = newStatementStats();
  const db = new Kysely<Database>({
    dialect: countingDialect(new SqliteDialect({ database: cachedStatements(sqlite) }), stats),
  });
  return { db, dialect: 'sqlite', stats, destroy: () => db.destroy() };
}

/**
 * A write refused by a unique index, on either engine: the caller turns it into a conflict the
 * user can act on (it must never surface as a 500).
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
