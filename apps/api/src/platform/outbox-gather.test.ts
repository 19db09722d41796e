// Issue 13: under a steady load the outbox's loop lets jobs gather between claims. An idle worker
// woken by a new job claims it at once; the jobs queued while it runs, or right after a claim that
// caught the queue up, wait OUTBOX_GATHER_MS and are then claimed together (one claim, one
// transaction for all of them), instead of one claim per job.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { databaseKinds, startTestApp, type TestApp } from '../testing/test-app.ts';
import { enqueue } from './outbox.ts';
import { OutboxWorker, type OutboxHandlers } from './outbox-worker.ts';

const GATHER_MS = 400;

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 13: the outbox gathers jobs under load`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
      await t.app.outbox.runDueJobs();
    });
    after(() => t.close());

    test('the first job is claimed at once, those queued one by one meanwhile in a single claim', async () => {
      const batches: number[][] = [];
      const idle = async () => undefined;
      const handlers: OutboxHandlers = {
        'mail.send': idle,
        'mail.invoice-status': idle,
        'invoice.route': { batch: async (_trx, payloads) => void batches.push(payloads.map((p) => p.invoiceId)) },
        'intake.read': idle,
        'cpro.password-reminder': idle,
        'webhook.deliver': idle,
        'edi.report': idle,
        'edi.status': idle,
      };
      const ctx = { ...t.app.ctx, config: { ...t.app.ctx.config, outboxGatherMs: GATHER_MS, outboxPollMs: 60_000 } };
      const worker = new OutboxWorker(ctx, handlers, t.app.log);
      worker.start();
      try {
        // Each job in its own transaction, then a nudge, as a sent invoice does.
        const queue = async (invoiceId: number) => {
          await enqueue(t.database.db, ctx, 'invoice.route', { invoiceId });
          worker.nudge();
        };
        const first = Date.now();
        await queue(-1);
        await until(() => batches.length === 1, 'the first claim');
        assert.ok(Date.now() - first < GATHER_MS, 'an idle worker claims a new job without waiting');
        // 20 ms apart: a worker that claimed at each nudge would take them one by one.
        for (const id of [-2, -3, -4, -5]) {
          await queue(id);
          await sleep(20);
        }
        await until(() => batches.length === 2, 'the second claim');
        assert.deepEqual(batches, [[-1], [-2, -3, -4, -5]]);
        const undone = async () =>
          (
            await t.database.db
              .selectFrom('outbox_jobs')
              .select('id')
              .where('kind', '=', 'invoice.route')
              .where('status', '!=', 'done')
              .execute()
          ).length;
        await until(async () => (await undone()) === 0, 'the jobs marked done');
        await sleep(2 * GATHER_MS);
        assert.equal(batches.length, 2, 'no job runs twice');
      } finally {
        await worker.stop();
      }
    });
  });
}
