import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, startTestApp, type TestApp } from '../testing/test-app.ts';
import { enqueue } from './outbox.ts';
import { HEARTBEAT_MS, OutboxWorker, type OutboxHandlers } from './outbox-worker.ts';

/** Handlers whose route job waits until the test lets it finish, recording who ran it. */
function handlers(name: string, runs: string[], gate: Promise<void>): OutboxHandlers {
  return {
    'mail.send': async () => undefined,
    'mail.invoice-status': async () => undefined,
    'invoice.route': async () => {
      runs.push(name);
      await gate;
    },
    'intake.read': async () => undefined,
    'cpro.password-reminder': async () => undefined,
    'webhook.deliver': async () => undefined,
    'edi.report': async () => undefined,
    'edi.status': async () => undefined,
  };
}

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never: ${what}`);
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] outbox leases (issue 15, « Also »)`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    const queueRouteJob = async () => {
      await t.database.db.transaction().execute((trx) => enqueue(trx, t.app.ctx, 'invoice.route', { invoiceId: 1 }));
      const row = await t.database.db
        .selectFrom('outbox_jobs')
        .select('id')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const lockOf = async (id: number) =>
      (
        await t.database.db
          .selectFrom('outbox_jobs')
          .select('locked_until')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).locked_until;

    test('issue 15 also: a routing job claimed at the moment of a crash resumes within seconds', async () => {
      // The heartbeat never fires: the claiming process froze or died right after its claim.
      mock.timers.enable({ apis: ['setInterval'] });
      try {
        const id = await queueRouteJob();
        const runs: string[] = [];
        const crashed = new OutboxWorker(t.app.ctx, handlers('crashed', runs, new Promise(() => undefined)), t.app.log);
        void crashed.runDueJobs();
        await until('the job is claimed', async () => runs.length === 1);
        const survivor = new OutboxWorker(t.app.ctx, handlers('survivor', runs, Promise.resolve()), t.app.log);
        assert.equal(await survivor.runDueJobs(), 0, 'a live claim is respected');
        t.advance(12_000);
        assert.equal(await survivor.runDueJobs(), 1, 'taken up 12 s after the crash');
        assert.deepEqual(runs, ['crashed', 'survivor']);
        const row = await t.database.db
          .selectFrom('outbox_jobs')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.equal(row.status, 'done');
      } finally {
        mock.timers.reset();
      }
    });

    test('issue 15 also: a job still running keeps its lease through heartbeats and runs once', async () => {
      mock.timers.enable({ apis: ['setInterval'] });
      try {
        const id = await queueRouteJob();
        const runs: string[] = [];
        let finish: () => void = () => undefined;
        const gate = new Promise<void>((r) => (finish = r));
        const slow = new OutboxWorker(t.app.ctx, handlers('slow', runs, gate), t.app.log);
        const slowRun = slow.runDueJobs();
        await until('the job is claimed', async () => runs.length === 1);
        const other = new OutboxWorker(t.app.ctx, handlers('other', runs, Promise.resolve()), t.app.log);
        for (let beat = 0; beat < 5; beat++) {
          const before = await lockOf(id);
          t.advance(HEARTBEAT_MS);
          mock.timers.tick(HEARTBEAT_MS);
          await until('the lease is renewed', async () => (await lockOf(id)) !== before);
          assert.equal(await other.runDueJobs(), 0, `still held after ${(beat + 1) * HEARTBEAT_MS} ms of work`);
        }
        finish();
        assert.equal(await slowRun, 1);
        assert.deepEqual(runs, ['slow'], 'never run twice');
      } finally {
        mock.timers.reset();
      }
    });

    test('a deposited flow is read at the next claim, not after the jobs queued before it', async () => {
      await t.database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 45; i++)
          await enqueue(trx, t.app.ctx, 'mail.send', { to: 'a@b.fr', subject: 's', text: 't', html: 'h' });
        await enqueue(trx, t.app.ctx, 'intake.read', { depositId: 1 });
      });
      const order: string[] = [];
      const worker = new OutboxWorker(
        t.app.ctx,
        {
          ...handlers('order', [], Promise.resolve()),
          'mail.send': async () => void order.push('mail'),
          'intake.read': async () => void order.push('flow'),
        },
        t.app.log,
      );
      await worker.runDueJobs();
      assert.equal(order.length, 46);
      assert.ok(order.indexOf('flow') < 20, `the flow was read in the first claim (position ${order.indexOf('flow')})`);
    });
  });
}
