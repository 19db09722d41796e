import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery, type QueryResult } from 'kysely';
import { groupCommitDialect } from './group-commit.ts';
import { waitingForWriteLock } from './write-lock.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';
import { concurrentStatements, transactionDialect } from './pipelined-transactions.ts';
import { shareReads } from './shared-reads.ts';
import type { Database } from './schema.ts';
import { searchPathIntrospection } from './search-path-introspector.ts';
import {
  cachedStatements,
  countingDialect,
  countStatement,
  namePreparedStatements,
  newStatementStats,
  sendTogether,
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
  /** SQLite: how long a write waits for the file's lock held by another process (write-lock.ts). */
  writeLockPatienceMs?: number;
  /** SQLite: concurrent transactions committed together (default); false runs each alone. */
  groupCommit?: boolean;
  /**
   * SQLite on a file: who copies the WAL back into the database. 'thread' (default): a thread of
   * its own (wal-checkpointer.ts); 'commit': SQLite's own, inside the COMMIT that passes 1,000 pages.
   */
  walCheckpoints?: 'thread' | 'commit';
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
    // Pipelined (issue 13): each statement is written at once, without waiting for the answers of
    // those before it on the connection (each keeps its own Sync, so one that fails fails alone;
    // in a transaction, those after it fail as the transaction is aborted). What Chorale runs on
    // this pool allows it: no cursor, streaming, COPY or LISTEN (pg refuses cursors and `rows` in
    // this mode); backups run pg_dump, tests and benches their own clients.
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      pipeline: true,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    const stats = newStatementStats();
    namePreparedStatements(pool);
    sendTogether(pool, stats);
    const db = new Kysely<Database>({
      dialect: transactionDialect(countingDialect(searchPathIntrospection(new PostgresDialect({ pool })), stats), {
        pipelined: true,
      }),
    });
    concurrentStatements(db);
    const releaseSharedReads = shareReads(db as Kysely<never>, pool, stats);
    return {
      db,
      dialect: 'postgres',
      stats,
      ...(options.searchPath ? { schema: options.searchPath } : {}),
      destroy: async () => {
        await releaseSharedReads();
        await db.destroy();
      },
    };
  }
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // The write lock is asked for without waiting in the event loop: waitingForWriteLock.
  sqlite.pragma('busy_timeout = 0');
  sqlite.pragma('synchronous = NORMAL');
  // Rollback data of savepoints and statements (the sub-journal) in memory. On file, SQLite spills
  // it to a temporary file past 64 KiB, and every unit of a group (a savepoint) and every insert of
  // an invoice (a statement with a trigger) touches more than that: ~2 writes per page saved,
  // ~60 µs of an invoice's 95 µs insert (docs/performance.md, 03/12/2026). The memory it takes is
  // the original of each page a transaction's savepoint modifies (a table of 300,000 structures
  // rewritten in one: +37 MB of RSS). The read-only connection below keeps its temporary files
  // on disk.
  sqlite.pragma('temp_store = MEMORY');
  const onFile = path !== ':memory:' && path !== '';
  // Should the thread stop, the writer copies again at its COMMITs (nothing waits for the thread).
  const checkpointer =
    onFile && options.walCheckpoints !== 'commit'
      ? startWalCheckpointer(path, () => {
          if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
        })
      : undefined;
  if (checkpointer) sqlite.pragma('wal_autocheckpoint = 0');
  const closeDb = async (db: Kysely<Database>) => {
    await checkpointer?.close();
    await db.destroy();
  };
  const stats = newStatementStats();
  const statements = cachedStatements(sqlite);
  const counting = countingDialect(
    waitingForWriteLock(new SqliteDialect({ database: statements }), {
      inTransaction: () => sqlite.inTransaction,
      patienceMs: options.writeLockPatienceMs,
    }),
    stats,
  );
  if (options.groupCommit === false) {
    const db = new Kysely<Database>({ dialect: transactionDialect(counting, { pipelined: false }) });
    concurrentStatements(db);
    return { db, dialect: 'sqlite', stats, destroy: () => closeDb(db) };
  }
  // Plain reads on a second connection (a file only): they see what is committed and never wait
  // for a group of transactions being written (group-commit.ts). When no transaction is open on the
  // writing connection, they run there instead: after each commit of the writer, the reader's page
  // cache is void and SQLite rereads every page a read touches, where the writer's cache holds what
  // it wrote. (No gain measured yet: docs/performance.md, 02/12/2026.)
  const reader = onFile ? new SQLite(path) : undefined;
  reader?.pragma('busy_timeout = 5000');
  reader?.pragma('query_only = ON');
  const readerStatements = reader && cachedStatements(reader);
  const readPlain = readerStatements
    ? (query: CompiledQuery, writerFree: boolean): QueryResult<unknown> | undefined => {
        let statement;
        try {
          const onWriter = statements.prepare(query.sql);
          if (!onWriter.readonly) return undefined;
          statement = writerFree ? onWriter : readerStatements.prepare(query.sql);
        } catch {
          return undefined; // refused where it would have run: it says why there
        }
        if (!statement.reader) return undefined;
        countStatement(stats, query.sql);
        return { rows: statement.all(query.parameters as unknown[]) };
      }
    : undefined;
  const db = new Kysely<Database>({
    dialect: transactionDialect(
      groupCommitDialect(counting, {
        inTransaction: () => sqlite.inTransaction,
        ...(readPlain ? { readPlain } : {}),
      }),
      { pipelined: false },
    ),
  });
  concurrentStatements(db);
  return {
    db,
    dialect: 'sqlite',
    stats,
    destroy: async () => {
      await closeDb(db);
      readerStatements?.close();
    },
  };
}

/**
 * A write refused by a unique index, on either engine: the caller turns it into a conflict the
 * user can act on (it must never surface as a 500).
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
