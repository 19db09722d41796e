import type { CompiledQuery, Kysely } from 'kysely';
import type pg from 'pg';
import { countStatement, type StatementStats } from './statements.ts';

/**
 * PostgreSQL: one pooled connection, pipelined, shared by the point reads every request makes
 * before anything else (its API token or session, by a unique key; well under a millisecond each).
 * Each read elsewhere took a connection of its own, so a socket write of its own and a wake-up of
 * its own PostgreSQL process; here the reads issued in the same pass of the event loop leave in one
 * write (sendTogether) and one process answers them in order (issue 13: those writes were ~20 % of
 * a server's CPU). Only short reads belong here: a slow one would hold up those behind it.
 */
class SharedReader {
  private client: Promise<pg.PoolClient> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly stats: StatementStats,
  ) {}

  /** The reads waiting for the end of this pass of the event loop. */
  private waiting: { query: CompiledQuery; resolve: (rows: unknown[]) => void; reject: (e: unknown) => void }[] = [];

  rows<R>(query: CompiledQuery<R>): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      // Each request is read in a turn of its own: its read waits for those of the other requests
      // read in this pass of the event loop (setImmediate: once they are all read, no timer).
      if (this.waiting.length === 0) setImmediate(() => void this.send());
      this.waiting.push({ query, resolve: resolve as (rows: unknown[]) => void, reject });
    });
  }

  private async send(): Promise<void> {
    const reads = this.waiting;
    this.waiting = [];
    let client: pg.PoolClient;
    try {
      client = await (this.client ??= this.connect());
    } catch (error) {
      for (const read of reads) read.reject(error);
      return;
    }
    // Issued in one turn: one socket write (sendTogether), answered in order.
    for (const { query, resolve, reject } of reads) {
      countStatement(this.stats, query.sql);
      client.query(query.sql, [...query.parameters]).then((result) => resolve(result.rows), reject);
    }
  }

  private connect(): Promise<pg.PoolClient> {
    const connecting = this.pool.connect();
    connecting.then(
      (client) =>
        client.on('error', () => {
          // A broken connection is dropped; the next read takes a new one.
          if (this.client === connecting) this.client = undefined;
          client.release(true);
        }),
      () => {
        if (this.client === connecting) this.client = undefined;
      },
    );
    return connecting;
  }

  /** Gives the connection back to the pool (before it ends). */
  async release(): Promise<void> {
    const held = this.client;
    this.client = undefined;
    (await held?.catch(() => undefined))?.release();
  }
}

const readers = new WeakMap<object, SharedReader>();

/** Makes `db`'s point reads (sharedRead) share one connection of `pool`; returns how to let it go. */
export function shareReads(db: Kysely<never>, pool: pg.Pool, stats: StatementStats): () => Promise<void> {
  const reader = new SharedReader(pool, stats);
  readers.set(db, reader);
  return () => reader.release();
}

/**
 * The rows of a short read by a unique key, on the shared connection when `db` has one (PostgreSQL,
 * outside a transaction); otherwise as any query.
 */
export async function sharedRead<R>(db: Kysely<never>, query: CompiledQuery<R>): Promise<R[]> {
  const reader = db.isTransaction ? undefined : readers.get(db);
  return reader ? reader.rows(query) : (await db.executeQuery(query)).rows;
}
