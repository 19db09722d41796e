import { preparedQuery } from '@chorale/db';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext, Db } from './context.ts';
import { isoNow } from './context.ts';
import { jsonIds } from './json-rows.ts';
import { claim, CLAIM, LEASE_MS, type ClaimedJob } from './outbox-claim.ts';
import type { OutboxJobKind, OutboxJobKinds } from './outbox.ts';

/**
 * The outbox's worker (issue 13 for the batches): claims the due jobs queued by enqueue
 * (outbox.ts), runs them by kind, marks them done, retries a failure after a back-off.
 */
/** Does one job's work; the worker marks it done after. */
export type JobHandler<K extends OutboxJobKind> = (payload: OutboxJobKinds[K]) => Promise<void>;
/**
 * Does the work of several jobs of one kind inside the worker's transaction, in which the worker
 * then marks them done (issue 13): their work and their being done commit together, so a crash
 * before the commit leaves them all pending and none runs again after it. Given one job at a time
 * when a batch failed, so that one bad job never fails its neighbours.
 */
export interface BatchHandler<K extends OutboxJobKind> {
  batch: (trx: Db, payloads: OutboxJobKinds[K][]) => Promise<void>;
}
export type OutboxHandlers = { [K in OutboxJobKind]: JobHandler<K> | BatchHandler<K> };

const MAX_ATTEMPTS = 8;
/**
 * A webhook's receiver may be down for maintenance: its deliveries are tried longer (15 attempts,
 * the last about an hour and a half after the first, with the back-off below).
 */
const MAX_ATTEMPTS_BY_KIND: Partial<Record<OutboxJobKind, number>> = { 'webhook.deliver': 15 };
/** How many times a job of this kind runs before it is left « failed ». */
export const maxAttemptsOf = (kind: string): number => MAX_ATTEMPTS_BY_KIND[kind as OutboxJobKind] ?? MAX_ATTEMPTS;
export { LEASE_MS } from './outbox-claim.ts';
export const HEARTBEAT_MS = 3_000;
/** At most this many jobs of a batch handler in one transaction. */
const IN_TRANSACTION = 200;
/**
 * While HTTP requests are being answered, a transaction of batch handlers is sized to take about
 * this long (ms), from what the jobs of its kinds took before (issue 13, latency tails). On SQLite
 * a transaction runs without giving the event loop a turn (the driver is synchronous, its promises
 * resolve at once): 200 routing jobs held it for 40 to 100 ms, during which no request was read
 * nor answered. An idle server (a queue being drained) keeps transactions of IN_TRANSACTION jobs.
 */
const TRANSACTION_MS_UNDER_LOAD = 10;
/** A kind's cost per job before one of its transactions was timed (ms; a routing step is ~0.2). */
const FIRST_MS_PER_JOB = 0.5;
/** The jobs done by plain handlers are marked done together, at least this often (ms). */
const DONE_FLUSH_MS = 500;
/** Kinds whose jobs run side by side instead of one after the other. */
const PARALLEL_KINDS: ReadonlySet<string> = new Set<OutboxJobKind>(['intake.read', 'webhook.deliver']);

/** Back-off after the n-th failure: 2 s, 4 s, 8 s … capped at 15 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2_000 * 2 ** (attempts - 1), 15 * 60_000);
}

/** Jobs marked done by one statement (`ids`: a JSON array). */
const markDone = preparedQuery((db, p: { ids: string; doneAt: string }) =>
  db
    .updateTable('outbox_jobs')
    .set({ status: 'done', done_at: p.doneAt, locked_until: null, last_error: null })
    .where('id', 'in', jsonIds(db, p.ids)),
);

export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private gathering = false;
  private stopped = true;
  /** What one job of each batch kind took in its transactions (ms, a moving average). */
  private readonly msPerJob = new Map<string, number>();

  constructor(
    private readonly ctx: AppContext,
    private readonly handlers: OutboxHandlers,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Run soon (after a commit that queued work). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    // Waiting OUTBOX_GATHER_MS already: the jobs gather until then.
    else if (!this.gathering) this.schedule(0);
  }

  /** Runs every due job once, until none is due; used by tests. Returns the number handled. */
  async runDueJobs(): Promise<number> {
    let handled = 0;
    for (;;) {
      const claimed = await this.runClaim();
      if (claimed === 0) return handled;
      handled += claimed;
    }
  }

  /**
   * The worker loop's turn: claims and runs due jobs while claims come back full (a backlog); after
   * a claim that took fewer (the queue caught up), returns 'caught-up': the next claim waits
   * OUTBOX_GATHER_MS (25 ms by default) instead of coming at once (issue 13). Under a steady load (invoices
   * sent all the time, each queuing its routing), claiming at once took one or two jobs per claim:
   * a claim, a transaction and a commit for each invoice, where the jobs that come within a few
   * milliseconds now share them. Routing and mails are asynchronous: a few milliseconds more do not
   * show. An idle worker woken by a new job (nudge) still claims at once.
   */
  private async runWhileFull(): Promise<'idle' | 'caught-up'> {
    for (;;) {
      const claimed = await this.runClaim();
      if (claimed === 0) return 'idle';
      if (claimed < CLAIM) return 'caught-up';
    }
  }

  /**
   * Claims due jobs and runs them; returns how many were claimed. Each claim and each transaction
   * starts in a turn of its own (setImmediate): on SQLite, claims and transactions that follow
   * one another would otherwise run as one synchronous stretch while the queue is full (a claim,
   * its transactions, the next claim…), with the requests that came meanwhile left unread.
   */
  private async runClaim(): Promise<number> {
    await nextTurn();
    const jobs = await claim(this.ctx);
    if (jobs.length === 0) return 0;
    // The whole batch is ours until run: the jobs waiting behind a slow one keep their lease too.
    const held = new Set(jobs.map((j) => j.id));
    const heartbeat = setInterval(() => void this.renewLeases([...held]), HEARTBEAT_MS);
    heartbeat.unref();
    const finished = (ids: number[]) => {
      for (const id of ids) held.delete(id);
    };
    // Jobs of one kind run together, the kinds in the order they were first queued; deposit
    // flows and webhook deliveries, independent of the rest, run side by side (their handlers
    // bound and order them).
    const byKind = new Map<string, ClaimedJob[]>();
    for (const job of jobs.filter((j) => !PARALLEL_KINDS.has(j.kind))) {
      const group = byKind.get(job.kind);
      if (group) group.push(job);
      else byKind.set(job.kind, [job]);
    }
    try {
      await Promise.all([
        (async () => {
          const groups = [...byKind.values()];
          for (let i = 0; i < groups.length;) {
            // Kinds of batch handlers queued one after the other (a routing step's jobs and their
            // mails), each small enough for one transaction: their work in one transaction.
            let end = i;
            let estimate = 0;
            const budget = this.transactionMs();
            while (end < groups.length && this.fitsTogether(groups[end]!)) {
              estimate += this.estimateMs(groups[end]!);
              if (end > i && estimate > budget) break;
              end++;
            }
            if (end - i > 1) await this.runGroupsTogether(groups.slice(i, end), finished);
            else await this.runGroup(groups[i]!, finished);
            i = Math.max(end, i + 1);
          }
        })(),
        ...jobs.filter((j) => PARALLEL_KINDS.has(j.kind)).map((job) => this.runGroup([job], finished)),
      ]);
    } finally {
      clearInterval(heartbeat);
    }
    return jobs.length;
  }

  private handlerOf(kind: string): JobHandler<OutboxJobKind> | BatchHandler<OutboxJobKind> | undefined {
    return this.handlers[kind as OutboxJobKind] as JobHandler<OutboxJobKind> | BatchHandler<OutboxJobKind> | undefined;
  }

  /** Jobs of one kind that a batch handler can do in one transaction. */
  private fitsTogether(jobs: ClaimedJob[]): boolean {
    const handler = this.handlerOf(jobs[0]!.kind);
    return Boolean(handler && 'batch' in handler) && jobs.length <= this.chunkSize(jobs[0]!.kind);
  }

  /**
   * How long a transaction of batch handlers may take: bounded on SQLite while requests are
   * answered. On PostgreSQL a transaction's time is mostly waiting for the database, during which
   * the event loop turns: smaller transactions would only add round trips and commits to routing.
   */
  private transactionMs(): number {
    return this.ctx.dialect === 'sqlite' && (this.ctx.requestsInFlight?.() ?? 0) > 0
      ? TRANSACTION_MS_UNDER_LOAD
      : Infinity;
  }

  /** Jobs of `kind` in one transaction: IN_TRANSACTION, or fewer to keep within transactionMs. */
  private chunkSize(kind: string): number {
    const ms = this.transactionMs();
    if (ms === Infinity) return IN_TRANSACTION;
    return Math.max(1, Math.min(IN_TRANSACTION, Math.floor(ms / (this.msPerJob.get(kind) ?? FIRST_MS_PER_JOB))));
  }

  private estimateMs(jobs: ClaimedJob[]): number {
    return jobs.length * (this.msPerJob.get(jobs[0]!.kind) ?? FIRST_MS_PER_JOB);
  }

  /**
   * A transaction of `groups` (one kind each) took `ms`: each kind's cost per job moves halfway
   * towards what this one shows (its share of the time in proportion to the estimates).
   */
  private timed(groups: ClaimedJob[][], ms: number): void {
    const expected = groups.reduce((sum, jobs) => sum + this.estimateMs(jobs), 0);
    const ratio = ms / expected;
    if (!Number.isFinite(ratio)) return;
    for (const jobs of groups) {
      const kind = jobs[0]!.kind;
      const estimate = (this.msPerJob.get(kind) ?? FIRST_MS_PER_JOB) * (0.5 + 0.5 * ratio);
      // Never nothing: a chunk is sized by dividing by it.
      this.msPerJob.set(kind, Math.max(0.001, estimate));
    }
  }

  /**
   * Several kinds' jobs in one transaction, each kind's by its batch handler, all marked done
   * together (issue 13: one commit instead of one per kind). If it fails, each kind again in its own
   * transactions (and then one job at a time): one bad job never fails the other kinds.
   */
  private async runGroupsTogether(groups: ClaimedJob[][], finished: (ids: number[]) => void): Promise<void> {
    const ids = groups.flat().map((j) => j.id);
    try {
      await nextTurn();
      await this.ctx.db.transaction().execute(async (trx) => {
        const start = performance.now();
        for (const group of groups)
          await (this.handlerOf(group[0]!.kind) as BatchHandler<OutboxJobKind>).batch(
            trx,
            group.map((j) => JSON.parse(j.payload)),
          );
        await this.markDone(trx, ids);
        this.timed(groups, performance.now() - start);
      });
    } catch {
      for (const group of groups) await this.runGroup(group, finished);
      return;
    }
    finished(ids);
  }

  /** Jobs of one kind, in order: in transactions of a batch handler, or one by one. */
  private async runGroup(jobs: ClaimedJob[], finished: (ids: number[]) => void): Promise<void> {
    const handler = this.handlerOf(jobs[0]!.kind);
    if (handler && 'batch' in handler) {
      for (let i = 0; i < jobs.length;) {
        // Sized again before each transaction: requests may have come (or gone) meanwhile.
        const chunk = jobs.slice(i, i + this.chunkSize(jobs[0]!.kind));
        i += chunk.length;
        try {
          await this.runInTransaction(handler, chunk);
        } catch (err) {
          if (chunk.length === 1) await this.failed(chunk[0]!, err);
          // One bad job must not fail its neighbours: each again, in its own transaction.
          else
            for (const job of chunk)
              await this.runInTransaction(handler, [job]).catch((e: unknown) => this.failed(job, e));
        }
        finished(chunk.map((j) => j.id));
      }
      return;
    }
    let done: number[] = [];
    let since = performance.now();
    const flush = async () => {
      if (done.length) await this.markDone(this.ctx.db, done);
      finished(done);
      done = [];
      since = performance.now();
    };
    for (const job of jobs) {
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(JSON.parse(job.payload));
        done.push(job.id);
      } catch (err) {
        await this.failed(job, err);
        finished([job.id]);
      }
      if (performance.now() - since > DONE_FLUSH_MS) await flush();
    }
    await flush();
  }

  private async runInTransaction(handler: BatchHandler<OutboxJobKind>, jobs: ClaimedJob[]): Promise<void> {
    await nextTurn();
    await this.ctx.db.transaction().execute(async (trx) => {
      const start = performance.now();
      await handler.batch(
        trx,
        jobs.map((j) => JSON.parse(j.payload)),
      );
      await this.markDone(
        trx,
        jobs.map((j) => j.id),
      );
      this.timed([jobs], performance.now() - start);
    });
  }

  private async markDone(db: Db, ids: number[]): Promise<void> {
    await markDone.execute(db, { ids: JSON.stringify(ids), doneAt: isoNow(this.ctx) });
  }

  private async renewLeases(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.ctx.db
        .updateTable('outbox_jobs')
        .set({ locked_until: isoNow(this.ctx, LEASE_MS) })
        .where('id', 'in', ids)
        .where('status', '=', 'pending')
        .execute();
    } catch (err) {
      // A missed beat only shortens the lease; the next one, or another worker, carries on.
      this.log.warn({ err }, 'outbox lease renewal failed');
    }
  }

  /** A job that failed: tried again after a back-off, or left « failed » after its last attempt. */
  private async failed(job: ClaimedJob, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const failed = job.attempts >= maxAttemptsOf(job.kind);
    this.log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, failed }, 'outbox job failed');
    await this.ctx.db
      .updateTable('outbox_jobs')
      .set({
        status: failed ? 'failed' : 'pending',
        locked_until: null,
        last_error: message.slice(0, 2000),
        run_after: isoNow(this.ctx, retryDelayMs(job.attempts)),
      })
      .where('id', '=', job.id)
      .execute();
  }

  private schedule(delay: number, gathering = false): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.gathering = gathering;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.gathering = false;
      // Several claim loops side by side (PostgreSQL): each claims its own jobs (SKIP LOCKED), and
      // one computes while another waits on the database.
      const loops = Array.from({ length: this.ctx.config.outboxLoops ?? 1 }, () => this.runWhileFull());
      let caughtUp = false;
      this.running = Promise.all(loops)
        .then((ends) => {
          caughtUp = ends.includes('caught-up');
        })
        .catch((err: unknown) => this.log.error({ err }, 'outbox worker error'))
        .finally(() => {
          this.running = null;
          // Jobs were due (or queued meanwhile): more are likely coming, let them gather.
          const gather = caughtUp || this.again;
          this.again = false;
          this.schedule(gather ? this.ctx.config.outboxGatherMs : this.ctx.config.outboxPollMs, gather);
        });
    }, delay);
    this.timer.unref();
  }
}
