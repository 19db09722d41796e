import { setTimeout as sleep } from 'node:timers/promises';
import type { CompiledQuery, DatabaseConnection, Dialect, QueryResult } from 'kysely';
import { wrappingConnections } from './statements.ts';

/** How long a write waits for SQLite's write lock held by another process before it fails. */
export const WRITE_LOCK_PATIENCE_MS = 30_000;
/** The longest pause between two tries. */
const MAX_PAUSE_MS = 25;

export interface WriteLockOptions {
  /** Whether the connection has a transaction open (better-sqlite3's `inTransaction`). */
  inTransaction: () => boolean;
  /** Default WRITE_LOCK_PATIENCE_MS. */
  patienceMs?: number | undefined;
}

/** SQLite refused the lock at once (busy_timeout 0): another connection to the file writes. */
export function isDatabaseBusy(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
}

/**
 * SQLite's writing connection when another process writes the same file (`npm run
 * directory:import` holds it for its whole transaction, seconds): SQLite's own busy timeout waits
 * inside the synchronous driver, i.e. in the event loop, and froze every request of the server
 * for as long (issue 13, docs/performance.md). Here the connection asks for the lock without
 * waiting (busy_timeout 0), and a statement refused with SQLITE_BUSY outside a transaction (a BEGIN
 * IMMEDIATE, a write on its own: nothing of it was done) is tried again after a pause (1 ms,
 * doubling up to 25 ms) while the server answers other requests, for `patienceMs` at most; then it
 * fails with that error (a 503 for the user, plugins/error-handler.ts). Inside a transaction the
 * lock is already held (Chorale's transactions begin immediate): an error there is not retried.
 */
export function waitingForWriteLock(inner: Dialect, options: WriteLockOptions): Dialect {
  const patience = options.patienceMs ?? WRITE_LOCK_PATIENCE_MS;
  const wrapped = new WeakSet<DatabaseConnection>();
  return wrappingConnections(inner, (connection) => {
    if (wrapped.has(connection)) return connection;
    wrapped.add(connection);
    const execute = connection.executeQuery.bind(connection);
    connection.executeQuery = async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
      let deadline: number | undefined;
      for (let pause = 1; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
        try {
          return await execute<R>(query);
        } catch (error) {
          if (!isDatabaseBusy(error) || options.inTransaction()) throw error;
          deadline ??= Date.now() + patience;
          const left = deadline - Date.now();
          if (left <= 0) throw error;
          await sleep(Math.min(pause, left));
        }
      }
    };
    return connection;
  });
}
