import { preparedQuery } from '@chorale/db';
import { sql } from 'kysely';
import type { AppContext } from './context.ts';
import { isoNow } from './context.ts';
import { compilable } from './json-rows.ts';
import type { OutboxJobKind } from './outbox.ts';

// Which due jobs a worker takes (outbox.ts runs them).

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
 * (issue 13). `lock`: PostgreSQL's `for update skip locked`; without it (SQLite), the index named,
 * as SQLite without statistics may prefer the primary key.
 */
const dueJobs = (first: boolean, now: string, lock: boolean) => sql`
  select id from outbox_jobs${sql.raw(lock ? '' : ` indexed by outbox_jobs_pending${first ? '_intake' : ''}`)}
  where status = 'pending' and kind ${sql.raw(first ? '=' : '<>')} ${sql.lit(FIRST_KIND)}
    and run_after <= ${now} and (locked_until is null or locked_until < ${now})
  order by id limit ${sql.lit(CLAIM)}${sql.raw(lock ? ' for update skip locked' : '')}`;

/** PostgreSQL: the locking selects in CTEs run once (an `in (subquery)` may be evaluated again by the plan). */
const claimPostgres = preparedQuery((db, p: { now: string; lockedUntil: string }) =>
  compilable(
    db,
    sql<ClaimedJob>`
      with first_jobs as (${dueJobs(true, p.now, true)}),
        other_jobs as (${dueJobs(false, p.now, true)}),
        claimed as (
          select id from (select id, 0 as rank from first_jobs union all select id, 1 from other_jobs) c
          order by rank, id limit ${sql.lit(CLAIM)})
      update outbox_jobs set locked_until = ${p.lockedUntil}, attempts = attempts + 1
      from claimed where outbox_jobs.id = claimed.id
      returning outbox_jobs.id, kind, payload, attempts`,
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
          select id, 0 as rank from (${dueJobs(true, p.now, false)})
          union all select id, 1 from (${dueJobs(false, p.now, false)}))
        order by rank, id limit ${sql.lit(CLAIM)})
      returning id, kind, payload, attempts`,
  ),
);
