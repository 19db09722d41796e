import { preparedQuery } from '@chorale/db';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext, Db } from './context.ts';
import { isoNow } from './context.ts';
import { compilable } from './json-rows.ts';

// The retention of the job queue (issue 13): done jobs older than OUTBOX_RETENTION_DAYS are deleted,
// so that outbox_jobs, its indexes and the backups stop growing with every invoice ever sent.
// Failed jobs are kept whatever their age (the evidence an operator needs), and pending ones of
// course. Nothing in the app reads a done job: the worker only claims pending ones, webhook
// deliveries and EDI returns keep their own rows.

/** Rows of the table one batch looks at (in id order), so also the most it deletes. */
export const PURGE_WINDOW = 2_000;
/** How long after a process starts its first purge runs (start-up and first requests go first). */
export const FIRST_PURGE_MS = 60_000;
/** Then one purge per process this often, after the end of the previous one. */
export const PURGE_EVERY_MS = 60 * 60_000;
/**
 * Between batches: at least MIN_PAUSE_MS, and PAUSE_FACTOR times what the batch took, so that a
 * long purge (the first one after an upgrade: months of done jobs) takes at most a quarter of the
 * database's writer (SQLite: and of the event loop) from the requests.
 */
const MIN_PAUSE_MS = 10;
const PAUSE_FACTOR = 3;

/**
 * The last row (highest id) of the next `window` rows after `after`, whatever their status: a
 * batch's upper bound. Walks the primary key only.
 */
const windowEnd = preparedQuery((db, p: { after: number; window: number }) =>
  compilable(
    db,
    sql<{ id: number; created_at: string }>`
      select id, created_at from (
        select id, created_at from outbox_jobs where id > ${p.after} order by id limit ${p.window}) w
      order by id desc limit 1`,
  ),
);

/**
 * The done jobs of one window older than the cutoff: a range of the primary key (no other index
 * needed, none written more on the hot insert path), at most `window` rows looked at and deleted.
 */
const deleteDone = preparedQuery((db, p: { after: number; upTo: number; cutoff: string }) =>
  db
    .deleteFrom('outbox_jobs')
    .where('id', '>', p.after)
    .where('id', '<=', p.upTo)
    .where('status', '=', 'done')
    .where('done_at', '<', p.cutoff),
);

/**
 * PostgreSQL: one purging process at a time over a database shared by several (a cluster, several
 * machines), for the length of one batch's transaction. Per schema, as another Chorale (or a test)
 * may share the database. A process that does not get it leaves the purge to the one that has it.
 */
const tryLock = preparedQuery((db) =>
  compilable(
    db,
    sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox_purge')) as locked`,
  ),
);

export interface PurgeOptions {
  /** Rows looked at per batch (default PURGE_WINDOW). */
  window?: number;
  /** The wait between batches, given the last batch's duration (default: max(10 ms, 3 × duration)). */
  pause?: (batchMs: number) => Promise<void>;
  /** Asked between batches: true ends the purge (the server is stopping). */
  stopping?: () => boolean;
}

export interface PurgeResult {
  deleted: number;
  batches: number;
  /** The most rows one batch deleted. */
  largestBatch: number;
  /** PostgreSQL: another process held the purge's lock; this one stopped. */
  busy: boolean;
}

type Batch = { deleted: number; last: { id: number; created_at: string } | undefined } | 'busy';

async function purgeBatch(db: Db, after: number, cutoff: string, window: number): Promise<Batch> {
  const last = await windowEnd.first(db, { after, window });
  if (!last) return { deleted: 0, last };
  const result = await deleteDone.execute(db, { after, upTo: last.id, cutoff });
  return { deleted: Number(result.numAffectedRows ?? 0), last };
}

/**
 * Deletes the done jobs whose done_at is more than `retentionDays` ago, in batches of short
 * transactions walking the table in id order, with a pause between batches (SQLite has one writer
 * and runs synchronously: a batch holds the server's event loop and the writer for its duration).
 * Stops at the first window whose last job was queued after the cutoff: a job is done after it is
 * queued, so none after it can qualify (ids follow queuing order; a job queued by a process whose
 * clock is a little behind waits for the next purge). Safe to run from several processes at once:
 * each batch's delete is a statement on its own rows' conditions, which two purgers running
 * together may both run (the second deletes nothing); on PostgreSQL a lock keeps them apart.
 */
export async function purgeDoneJobs(
  ctx: Pick<AppContext, 'db' | 'dialect' | 'now'>,
  retentionDays: number,
  options: PurgeOptions = {},
): Promise<PurgeResult> {
  const window = options.window ?? PURGE_WINDOW;
  const pause = options.pause ?? ((ms: number) => sleep(Math.max(MIN_PAUSE_MS, PAUSE_FACTOR * ms)));
  const cutoff = isoNow(ctx, -retentionDays * 86_400_000);
  const result: PurgeResult = { deleted: 0, batches: 0, largestBatch: 0, busy: false };
  let after = 0;
  for (;;) {
    const started = performance.now();
    const batch =
      ctx.dialect === 'postgres'
        ? await ctx.db.transaction().execute(async (trx): Promise<Batch> => {
            const lock = await tryLock.first(trx, {});
            return lock?.locked ? purgeBatch(trx, after, cutoff, window) : 'busy';
          })
        : await purgeBatch(ctx.db, after, cutoff, window);
    if (batch === 'busy') {
      result.busy = true;
      return result;
    }
    if (!batch.last) return result;
    result.batches++;
    result.deleted += batch.deleted;
    result.largestBatch = Math.max(result.largestBatch, batch.deleted);
    if (batch.last.created_at >= cutoff || options.stopping?.()) return result;
    after = batch.last.id;
    await pause(performance.now() - started);
    if (options.stopping?.()) return result;
  }
}

/** Runs purgeDoneJobs in each server process: a first time after FIRST_PURGE_MS, then every PURGE_EVERY_MS. */
export class OutboxPurger {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    if (this.ctx.config.outboxRetentionDays === 0) return; // kept forever, as configured
    this.stopped = false;
    this.schedule(FIRST_PURGE_MS);
  }

  /** Ends the purge under way after its current batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.run().finally(() => {
        this.running = null;
        this.schedule(PURGE_EVERY_MS);
      });
    }, delay);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    const started = performance.now();
    try {
      const result = await purgeDoneJobs(this.ctx, this.ctx.config.outboxRetentionDays, {
        stopping: () => this.stopped,
      });
      if (result.deleted > 0)
        this.log.info(
          {
            ...result,
            ms: Math.round(performance.now() - started),
            retentionDays: this.ctx.config.outboxRetentionDays,
          },
          'outbox: done jobs past retention deleted',
        );
    } catch (err) {
      // The next run starts over; nothing is lost by waiting for it.
      this.log.error({ err }, 'outbox purge failed');
    }
  }
}
