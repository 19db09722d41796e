import type { Kysely } from 'kysely';
import { commitBehind, type Database, type DialectName } from '@chorale/db';
import type { Config } from '../config.ts';
import type { RequestScope } from './request-scope.ts';

/** What every use case receives: configuration, database and a clock tests can move. */
export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  dialect: DialectName;
  now(): Date;
  /** Wakes the outbox worker after a commit that queued jobs. */
  nudgeOutbox(): void;
  /** HTTP requests this process is answering (counted by app.ts's server; none elsewhere). */
  requestsInFlight?(): number;
  /** Serving a request: its reads kept for its length (request-scope.ts); none elsewhere. */
  scope?: RequestScope | undefined;
}

export type Db = Kysely<Database>;

export function isoNow(ctx: Pick<AppContext, 'now'>, plusMs = 0): string {
  // Called for most rows written, several times per request (issue 13): the instant of the last
  // call is written once per millisecond, and no second Date is made when nothing is added.
  const ms = ctx.now().getTime() + plusMs;
  if (ms !== lastIso.ms) {
    lastIso.ms = ms;
    lastIso.text = new Date(ms).toISOString();
  }
  return lastIso.text;
}

const lastIso = { ms: Number.NaN, text: '' };

/**
 * What a transaction's work ends with: its last statements, issued and not awaited (`answers`),
 * and what it returns, made from their answers (`result`). See lastStatements.
 */
export class LastStatements<T> {
  readonly result: Promise<T>;
  constructor(
    readonly answers: Promise<unknown>,
    result: Promise<T>,
  ) {
    // Awaited once committed; a failed commit throws the statements' error instead.
    result.catch(() => undefined);
    this.result = result;
  }
}

/**
 * Ends a transaction's work with statements it has just issued (not awaited), for inTransaction:
 * when the transaction is its own, its COMMIT goes out behind them, on PostgreSQL in the same write
 * (commitBehind: one round trip less); if one of them fails, nothing is kept and the call fails
 * with its error. Statements must all be issued when this is returned: none may wait for an answer.
 * `then` makes the result from their answers, after the commit.
 */
export function lastStatements<A, T>(answers: Promise<A>, then: (answers: A) => T): LastStatements<T> {
  return new LastStatements(answers, answers.then(then));
}

/**
 * Runs `work` in the caller's transaction when there is one, in a new one otherwise: a use case
 * written this way serves alone or as a step of a larger one (issue 13: a complete invoice drafted
 * and sent in one call, one transaction). `work` may end with lastStatements.
 */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T | LastStatements<T>>): Promise<T> {
  if (db.isTransaction) return resultOf(await work(db));
  const result = await db.transaction().execute(async (trx) => {
    const done = await work(trx);
    // Handed over, the commit waits for them (and fails with them); otherwise they are awaited here.
    if (done instanceof LastStatements && !(await commitBehind(trx, done.answers))) await done.answers;
    return done;
  });
  return resultOf(result);
}

function resultOf<T>(done: T | LastStatements<T>): T | Promise<T> {
  return done instanceof LastStatements ? done.result : done;
}
