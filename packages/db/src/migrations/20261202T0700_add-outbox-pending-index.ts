import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The job queue's claim (apps/api/src/platform/outbox.ts, issue 13): the pending jobs in the order
 * they were queued, the deposit flows (`intake.read`) first. Before, every claim read all due
 * pending jobs through outbox_jobs_due and sorted them to take 200 (14 ms on PostgreSQL for a
 * queue of 8 000, once per 200 jobs); these partial indexes hold the pending jobs only, in id
 * order, and a claim walks them until it has its 200 (0.6 ms). The predicates must stay word for
 * word those of the claim queries. outbox_jobs_due served the claim only: it goes, one index less
 * to write for every job queued and done.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index outbox_jobs_pending on outbox_jobs (id) where status = 'pending'`.execute(db);
  await sql`create index outbox_jobs_pending_intake on outbox_jobs (id) where status = 'pending' and kind = 'intake.read'`.execute(
    db,
  );
  await db.schema.dropIndex('outbox_jobs_due').execute();
  // PostgreSQL: room left in each page, so that a claim's lease (locked_until, attempts: no index
  // holds them) is written beside the row (a HOT update) instead of as a new entry in every index.
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`alter table outbox_jobs set (fillfactor = 60)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`alter table outbox_jobs reset (fillfactor)`.execute(db);
  await db.schema.createIndex('outbox_jobs_due').on('outbox_jobs').columns(['status', 'run_after']).execute();
  await db.schema.dropIndex('outbox_jobs_pending_intake').execute();
  await db.schema.dropIndex('outbox_jobs_pending').execute();
}
