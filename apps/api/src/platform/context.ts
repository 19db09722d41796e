import type { Kysely } from 'kysely';
import type { Database, DialectName } from '@chorale/db';
import type { Config } from '../config.ts';

/** What every use case receives: configuration, database and a clock tests can move. */
export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  dialect: DialectName;
  now(): Date;
  /** Wakes the outbox worker after a commit that queued jobs. */
  nudgeOutbox(): void;
}

export type Db = Kysely<Database>;

export function isoNow(ctx: Pick<AppContext, 'now'>, plusMs = 0): string {
  return new Date(ctx.now().getTime() + plusMs).toISOString();
}

/**
 * Runs `work` in the caller's transaction when there is one, in a new one otherwise: a use case
 * written this way serves alone or as a step of a larger one (issue 13: a complete invoice drafted
 * and sent in one call, one transaction).
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
