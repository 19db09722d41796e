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
