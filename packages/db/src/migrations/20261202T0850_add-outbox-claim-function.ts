import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The job queue's claim on PostgreSQL (apps/api/src/platform/outbox-claim.ts, issue 13) as a
 * function planned without sorts (`set enable_sort = off`): the due jobs are walked through the
 * partial indexes of 20261202T0700 in id order until a claim has its jobs, whatever the table's
 * statistics say. Planned from statistics taken while the queue was short (or never taken, as
 * on a fresh database or without autovacuum), the same statement read every pending job through
 * a bitmap and sorted them: 10 to 90 ms per claim for a queue of a few thousand jobs, against
 * about 1 ms walked (EXPLAIN ANALYZE, 20 000 jobs: 83 ms before ANALYZE, 1.1 ms after), a cost
 * that grew with the queue, once per claim. The predicates repeat those of the partial indexes
 * word for word (`kind = 'intake.read'` written out, so that the index's predicate is proven).
 * `jit = off` as well: a disabled sort costs 10^10 in the planner's estimate, which would otherwise
 * make PostgreSQL compile the statement (JIT, half a second per claim, measured). The claimed rows
 * are returned whole; the worker keeps id, kind, payload and attempts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const due = (kind: string) => `
    select id from outbox_jobs
    where status = 'pending' and ${kind}
      and run_after <= p_now and (locked_until is null or locked_until < p_now)
    order by id limit p_limit for update skip locked`;
  await sql
    .raw(
      `create function outbox_claim(p_now text, p_locked_until text, p_limit integer)
       returns setof outbox_jobs language sql volatile set enable_sort = off set jit = off as $$
         with first_jobs as (${due(`kind = 'intake.read'`)}),
           other_jobs as (${due(`kind <> 'intake.read'`)}),
           claimed as (
             select id from (select id, 0 as rank from first_jobs union all select id, 1 from other_jobs) c
             order by rank, id limit p_limit)
         update outbox_jobs set locked_until = p_locked_until, attempts = attempts + 1
         from claimed where outbox_jobs.id = claimed.id
         returning outbox_jobs.*
       $$`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`drop function outbox_claim(text, text, integer)`.execute(db);
}
