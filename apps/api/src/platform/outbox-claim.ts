import { preparedQuery } from '@chorale/db';
import { sql } from 'kysely';
import type { AppContext } from './context.ts';
import { isoNow } from './context.ts';
import { compilable } from './json-rows.ts';
import type { OutboxJobKind } from './outbox.ts';

// Which due jobs a worker takes (outbox-worker.ts runs them).

/**
 * A claim is a short lease, renewed by a heartbeat while its worker lives: a job claimed by a
 * process that crashes is taken up by another one within seconds, not after a long fixed lock
 * (issue 15, « Also »), and a long job (OCR, a slow SMTP server) is never taken twice.
 */
export const LEASE_MS = 10_000;
/** Jobs taken by one claim. */
export const CLAIM = 400;
/**
 * Claimed first, whatever is queued before them: a deposited flow starts being read at the next
 * claim instead of waiting behind the routing, mails and status returns of the flows before it.
 */
const FIRST_KIND: OutboxJobKind = 'intake.read';

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: string;
  attempts: number;
}

/**
 * Claims due jobs. A claim is a lease (locked_until); on PostgreSQL `FOR UPDATE SKIP LOCKED`
 * lets several app processes share the table without taking the same job twice.
 */
export async function claim(ctx: AppContext): Promise<ClaimedJob[]> {
  const params = { now: isoNow(ctx), lockedUntil: isoNow(ctx, LEASE_MS) };
  const claimed = await (ctx.dialect === 'postgres' ? claimPostgres : claimSqlite).rows(ctx.db, params);
  // RETURNING gives no order; jobs run in the order they were queued.
  return claimed.sort((a, b) => a.id - b.id);
}

/**
 * The due jobs a claim takes, `kind` first (`intake.read`) or the others, each in the order they
 * were queued: walked through a partial index of the pending jobs (migration 20261202T0700, whose
 * predicates these repeat word for word) until CLAIM are found, instead of sorting every due job
 * (issue 13). SQLite, without statistics, may prefer the primary key: the index is named.
 */
const dueJobs = (first: boolean, now: string) => sql`
  select id from outbox_jobs indexed by ${sql.raw(`outbox_jobs_pending${first ? '_intake' : ''}`)}
  where status = 'pending' and kind ${sql.raw(first ? '=' : '<>')} ${sql.lit(FIRST_KIND)}
    and run_after <= ${now} and (locked_until is null or locked_until < ${now})
  order by id limit ${sql.lit(CLAIM)}`;

/**
 * PostgreSQL: the same walk with `for update skip locked`, in the function `outbox_claim`
 * (migration 20261202T0850), planned without sorts so that it walks the partial indexes whatever
 * the statistics (a queue that grew since the last ANALYZE was otherwise read whole and sorted at
 * every claim); its locking selects in CTEs, run once.
 */
const claimPostgres = preparedQuery((db, p: { now: string; lockedUntil: string }) =>
  compilable(
    db,
    sql<ClaimedJob>`select id, kind, payload, attempts from outbox_claim(${p.now}, ${p.lockedUntil}, ${sql.lit(CLAIM)})`,
  ),
);

/** SQLite has one writer at a time: the update-returning is atomic on its own. */
const claimSqlite = preparedQuery((db, p: { now: string; lockedUntil: string }) =>
  compilable(
    db,
    sql<ClaimedJob>`
      update outbox_jobs set locked_until = ${p.lockedUntil}, attempts = attempts + 1
      where id in (
        select id from (
          select id, 0 as rank from (${dueJobs(true, p.now)})
          union all select id, 1 from (${dueJobs(false, p.now)}))
        order by rank, id limit ${sql.lit(CLAIM)})
      returning id, kind, payload, attempts`,
  ),
);
