// Issue 13: the outbox runs jobs of one kind as a batch — routing in one transaction that also marks
// its jobs done (exactly once), with the mails claimed beside it, a failing job retried alone
// without failing its neighbours (nor the other kinds) — and
// several workers claim side by side without running a job twice.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyChain } from '@chorale/db';
import { routeInvoices } from '../modules/invoices/route-invoice.ts';
import { databaseKinds, startTestApp, type TestApp } from '../testing/test-app.ts';
import { oneCallCost, setUpTypedFlow, supplierToken, typedInvoice, type TypedFlow } from '../testing/typed-flow.ts';
import { statusMailSender } from '../modules/invoices/status-mails.ts';
import { enqueueAll } from './outbox.ts';
import { OutboxWorker, type BatchHandler, type OutboxHandlers } from './outbox-worker.ts';

/** Handlers that do nothing but route (really) and count each job they are given. */
function recordingHandlers(t: TestApp, runs: Map<string, number>, failFor = new Set<number>()): OutboxHandlers {
  const count = (key: string) => runs.set(key, (runs.get(key) ?? 0) + 1);
  const idle = async () => undefined;
  return {
    'mail.send': async (mail) => void count(`mail:${mail.subject}`),
    'mail.invoice-status': async (job) => void count(`mail:${job.invoiceId}:${job.status}`),
    'invoice.route': {
      batch: async (trx, payloads) => {
        for (const p of payloads) if (failFor.has(p.invoiceId)) throw new Error(`invoice ${p.invoiceId} refused`);
        await routeInvoices(trx, { ...t.app.ctx, db: trx }, payloads);
        for (const p of payloads) count(`route:${p.invoiceId}`);
      },
    },
    'intake.read': idle,
    'cpro.password-reminder': idle,
    'webhook.deliver': idle,
    'edi.report': idle,
    'edi.status': idle,
  };
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 13: outbox batches`, () => {
    let t: TestApp;
    let flow: TypedFlow;
    let secret: string;
    before(async () => {
      t = await startTestApp(kind);
      flow = await setUpTypedFlow(t, 'batch');
      secret = await supplierToken(flow);
    });
    after(() => t.close());

    /** `count` invoices sent (« Déposée », their routing queued); the queue emptied before. */
    const sendInvoices = async (count: number): Promise<number[]> => {
      await t.app.outbox.runDueJobs();
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        const sent = await oneCallCost(t, secret, typedInvoice(flow.structureId));
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        ids.push(sent.body.id);
      }
      return ids;
    };
    const statusesOf = async (ids: number[]) =>
      (await t.database.db.selectFrom('invoices').select(['id', 'status']).where('id', 'in', ids).execute()).map(
        (r) => r.status,
      );
    const historyOf = async (ids: number[]) =>
      t.database.db
        .selectFrom('invoice_history')
        .select(['invoice_id', 'status'])
        .where('invoice_id', 'in', ids)
        .orderBy('id')
        .execute();

    test('30 invoices are routed in two transactions: both steps with the mails queued before them, then the new mails', async () => {
      const ids = await sendInvoices(30);
      const stats = t.database.stats;
      const before = { ...stats };
      const lastMail = await t.database.db
        .selectFrom('dev_mails')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      assert.equal(await t.app.outbox.runDueJobs(), 30 * 4, 'one routing job (both steps) and three mails per invoice');
      // The test's read of the last mail: 1. Claims: 3 (the last finds nothing). The routing and
      // the « Déposée » mails claimed with it share one transaction: the mails' facts, mails, the
      // routing's facts, guarded update (once per invoice for both steps), history heads, history
      // insert, follow-up mails, done = 8 statements; the new mails: facts, mails, done = 3 (the
      // mails are composed when sent: one read per batch of mails). A lease's heartbeat on a slow
      // machine may add one or two. (One at a time, it was about 700; a transaction per step,
      // 3 transactions and up to 24 statements.)
      assert.equal(stats.transactions - before.transactions, 2);
      const statements = stats.statements - before.statements;
      assert.ok(statements <= 1 + 3 + 8 + 3 + 2, `${statements} statements`);
      assert.deepEqual(new Set(await statusesOf(ids)), new Set(['MISE_A_DISPOSITION']));
      const history = await historyOf(ids);
      for (const id of ids)
        assert.deepEqual(
          history.filter((h) => h.invoice_id === id).map((h) => h.status),
          ['BROUILLON', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'],
        );
      assert.deepEqual((await verifyChain(t.database.db, 'invoice_history')).breaks, [], 'the history chains hold');
      const due = await t.database.db.selectFrom('invoices').select('due_date').where('id', 'in', ids).execute();
      assert.ok(
        due.every((d) => d.due_date),
        'each delivered invoice has its due date',
      );
      const mails = await t.database.db
        .selectFrom('dev_mails')
        .select('subject')
        .where('id', '>', Number(lastMail?.id ?? 0))
        .execute();
      assert.equal(mails.length, 90);
      assert.equal(mails.filter((m) => m.subject.endsWith(' : Mise à disposition du destinataire')).length, 30);
      assert.equal(await t.app.outbox.runDueJobs(), 0, 'done once: nothing runs again');
    });

    test('a failing invoice in a batch is retried alone; its neighbours are routed, once', async () => {
      const ids = await sendInvoices(10);
      const bad = ids[4]!;
      const runs = new Map<string, number>();
      const worker = new OutboxWorker(t.app.ctx, recordingHandlers(t, runs, new Set([bad])), t.app.log);
      await worker.runDueJobs();
      const statuses = await statusesOf(ids);
      assert.equal(statuses.filter((s) => s === 'MISE_A_DISPOSITION').length, 9);
      const history = await historyOf(ids);
      for (const id of ids.filter((i) => i !== bad)) {
        assert.equal(runs.get(`route:${id}`), 1, `invoice ${id}: routed once, both steps`);
        assert.equal(history.filter((h) => h.invoice_id === id && h.status === 'EN_COURS_ACHEMINEMENT').length, 1);
      }
      assert.deepEqual(
        history.filter((h) => h.invoice_id === bad).map((h) => h.status),
        ['BROUILLON', 'DEPOSEE'],
        'the failed batch left nothing behind',
      );
      const job = await t.database.db
        .selectFrom('outbox_jobs')
        .selectAll()
        .where('kind', '=', 'invoice.route')
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(job.payload).invoiceId, bad);
      // Tried again after a back-off (2 s: on a slow machine the worker may already have tried twice).
      assert.ok(job.attempts >= 1 && job.attempts <= 3, `${job.attempts} attempts`);
      assert.match(job.last_error ?? '', /refused/);
      assert.ok(job.run_after > t.app.ctx.now().toISOString(), 'not due before its back-off');
      // Once it routes, it takes its steps like the others.
      t.advance(20 * 60_000);
      await t.app.outbox.runDueJobs();
      assert.deepEqual(await statusesOf([bad]), ['MISE_A_DISPOSITION']);
    });

    test('a failing mail sharing a transaction with the routing: the routing and the other mails done, once', async () => {
      const ids = await sendInvoices(10);
      const bad = ids[3]!;
      const { number } = await t.database.db
        .selectFrom('invoices')
        .select('number')
        .where('id', '=', bad)
        .executeTakeFirstOrThrow();
      const lastMail = await t.database.db
        .selectFrom('dev_mails')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      // The dev mails' batch handler, refusing every mail of one invoice.
      const refusing: BatchHandler<'mail.send'> = {
        batch: async (trx, mails) => {
          if (mails.some((m) => m.subject.includes(` ${number} `))) throw new Error(`mail of ${number} refused`);
          await trx
            .insertInto('dev_mails')
            .values(
              mails.map((m) => ({
                to_address: m.to,
                subject: m.subject,
                text_body: m.text,
                html_body: m.html,
                created_at: t.app.ctx.now().toISOString(),
              })),
            )
            .execute();
        },
      };
      const handlers: OutboxHandlers = {
        ...recordingHandlers(t, new Map()),
        'mail.send': refusing,
        'mail.invoice-status': statusMailSender(t.app.ctx, refusing, t.app.log),
      };
      await new OutboxWorker(t.app.ctx, handlers, t.app.log).runDueJobs();
      assert.deepEqual(new Set(await statusesOf(ids)), new Set(['MISE_A_DISPOSITION']), 'every invoice routed');
      const history = await historyOf(ids);
      for (const id of ids)
        assert.deepEqual(
          history.filter((h) => h.invoice_id === id).map((h) => h.status),
          ['BROUILLON', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'],
          `invoice ${id}: each step once`,
        );
      assert.deepEqual((await verifyChain(t.database.db, 'invoice_history')).breaks, []);
      const mails = await t.database.db
        .selectFrom('dev_mails')
        .select('subject')
        .where('id', '>', Number(lastMail?.id ?? 0))
        .execute();
      assert.equal(mails.length, 9 * 3, 'the other invoices’ mails, once each');
      assert.equal(new Set(mails.map((m) => m.subject)).size, 9 * 3);
      assert.ok(!mails.some((m) => m.subject.includes(` ${number} `)));
      const left = await t.database.db
        .selectFrom('outbox_jobs')
        .select(['kind', 'last_error'])
        .where('status', '=', 'pending')
        .execute();
      assert.equal(left.length, 3, 'the refused invoice’s three mails, to be tried again');
      assert.ok(left.every((j) => j.kind === 'mail.invoice-status' && /refused/.test(j.last_error ?? '')));
      t.advance(20 * 60_000);
      await t.app.outbox.runDueJobs();
    });

    test('SQLite: while requests are answered, routing runs in short transactions, each in a turn of its own; idle, in one (PostgreSQL: in one)', async () => {
      await t.app.outbox.runDueJobs();
      /** 30 routing jobs whose handler takes at least 2 ms a job and records each transaction's jobs. */
      const run = async (requestsInFlight: number) => {
        await t.database.db.transaction().execute((trx) =>
          enqueueAll(
            trx,
            t.app.ctx,
            Array.from({ length: 30 }, (_, i) => ({ kind: 'invoice.route' as const, payload: { invoiceId: -1 - i } })),
          ),
        );
        let turns = 0;
        const ticking = setInterval(() => turns++, 1);
        const transactions: { jobs: number[]; turns: number }[] = [];
        const handlers: OutboxHandlers = {
          ...recordingHandlers(t, new Map()),
          'invoice.route': {
            batch: async (_trx, payloads) => {
              transactions.push({ jobs: payloads.map((p) => p.invoiceId), turns });
              const until = performance.now() + 2 * payloads.length;
              while (performance.now() < until); // the work of a routing step, without a pause
            },
          },
        };
        const worker = new OutboxWorker(
          { ...t.app.ctx, requestsInFlight: () => requestsInFlight },
          handlers,
          t.app.log,
        );
        await worker.runDueJobs().finally(() => clearInterval(ticking));
        return transactions;
      };
      const idle = await run(0);
      assert.deepEqual(
        idle.map((tr) => tr.jobs.length),
        [30],
        'idle: one transaction',
      );
      const loaded = await run(1);
      if (kind.name === 'postgres')
        // The loop turns while PostgreSQL answers: routing keeps its transactions whole.
        assert.deepEqual(
          loaded.map((tr) => tr.jobs.length),
          [30],
          'PostgreSQL: one transaction, requests or not',
        );
      else {
        // 10 ms a transaction: 20 jobs at first (0.5 ms a job assumed), then what 2 ms a job allows.
        assert.ok(loaded.length >= 3, `${loaded.length} transactions`);
        assert.ok(loaded[0]!.jobs.length <= 20, `first: ${loaded[0]!.jobs.length} jobs`);
        assert.ok(
          loaded.slice(1).every((tr) => tr.jobs.length <= 8),
          loaded.map((tr) => tr.jobs.length).join(', '),
        );
      }
      assert.deepEqual(
        loaded.flatMap((tr) => tr.jobs).sort((a, b) => b - a),
        Array.from({ length: 30 }, (_, i) => -1 - i),
        'each job once, none lost',
      );
      for (let i = 1; i < loaded.length; i++)
        assert.ok(loaded[i]!.turns > loaded[i - 1]!.turns, `timers ran between transactions ${i} and ${i + 1}`);
      const left = await t.database.db.selectFrom('outbox_jobs').select('id').where('status', '=', 'pending').execute();
      assert.deepEqual(left, [], 'every job marked done');
    });

    test('two workers claiming at once never run a job twice', async () => {
      const ids = await sendInvoices(60);
      const runs = new Map<string, number>();
      const handled = await Promise.all(
        [1, 2, 3].map(() => new OutboxWorker(t.app.ctx, recordingHandlers(t, runs), t.app.log).runDueJobs()),
      );
      assert.equal(
        handled.reduce((a, b) => a + b, 0),
        60 * 4,
      );
      for (const id of ids) assert.equal(runs.get(`route:${id}`), 1, `invoice ${id} routed once`);
      const mails = [...runs].filter(([key]) => key.startsWith('mail:'));
      assert.equal(mails.length, 60 * 3, 'each status mail (its subject names the invoice and status)');
      assert.ok(
        mails.every(([, n]) => n === 1),
        'sent once',
      );
      const history = await historyOf(ids);
      assert.equal(history.length, ids.length * 4, 'one history row per status');
      assert.deepEqual(new Set(await statusesOf(ids)), new Set(['MISE_A_DISPOSITION']));
      const left = await t.database.db.selectFrom('outbox_jobs').select('id').where('status', '!=', 'done').execute();
      assert.deepEqual(left, []);
    });
  });
}
