// Issue 13, SQLite: a started server while another process holds the file's write lock (`npm run
// directory:import` writes in one transaction): its job queue, and a write it is asked for. Real
// processes, real HTTP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import {
  caller,
  describeOnServerTargets,
  exited,
  freePort,
  holdDatabase,
  startServer,
  waitReady,
  type ServerFixture,
} from '../testing/server-process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Hold = Awaited<ReturnType<typeof holdDatabase>>;

/**
 * A server started on the fixture's database (its job queue polls every 100 ms), given to `run`
 * with a way to hold the database as another process would; afterwards the hold is released and
 * the server killed.
 */
async function beside(f: ServerFixture, run: (base: string, hold: () => Promise<Hold>) => Promise<void>) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(port, f.files, f.target.url);
  let held: Hold | undefined;
  try {
    await waitReady(base);
    await run(base, async () => (held = await holdDatabase(f.database.db, sql`update counters set value = value`)));
  } finally {
    await held?.release();
    server.kill('SIGKILL');
    await exited(server);
  }
}

/** The slowest of the health checks made every 100 ms for `ms` (each used to freeze behind the lock). */
async function slowestHealthCheck(base: string, ms: number): Promise<number> {
  let slowest = 0;
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    const start = Date.now();
    assert.equal((await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(4000) })).status, 200);
    slowest = Math.max(slowest, Date.now() - start);
  }
  return slowest;
}

describeOnServerTargets('issue 13: a server beside another SQLite writer', 'held', (f) => {
  test(
    'SQLite: an idle server keeps answering while another process holds the write lock (a directory import)',
    { skip: f.target.name === 'postgres' ? 'PostgreSQL never makes the server wait in its event loop' : false },
    () =>
      beside(f, async (base, hold) => {
        const held = await hold();
        // 2 s of hold, 20 polls: each claim, a write, used to freeze the server up to SQLite's 5-s
        // busy timeout (packages/db/src/write-lock.ts).
        const slowest = await slowestHealthCheck(base, 2000);
        await held.release();
        assert.ok(slowest < 1000, `the health check waited ${slowest} ms behind the lock`);
      }),
  );

  test(
    'SQLite: a write asked during the hold waits for the lock without holding the other requests, then is stored',
    { skip: f.target.name === 'postgres' ? 'PostgreSQL locks only the rows written' : false },
    () =>
      beside(f, async (base, hold) => {
        const held = await hold();
        const draft = caller(() => base, f.session)('POST', '/api/invoices', {
          supplierStructureId: f.session.supplierId,
          recipientIdentifier: '13001727000013',
          invoiceDate: new Date().toISOString().slice(0, 10),
          paymentMode: 'CHEQUE',
          commitmentNumber: 'PENDANT-L-IMPORT',
        });
        let answered = false;
        void draft.then(() => (answered = true));
        // 2 s of hold: the draft waits, and every other request is answered meanwhile (SQLite's
        // busy timeout used to wait in the event loop: the server froze for the whole hold).
        const slowest = await slowestHealthCheck(base, 2000);
        assert.equal(answered, false, 'the draft was answered while the lock was held');
        await held.release();
        const { status, body } = await draft;
        assert.equal(status, 201, JSON.stringify(body));
        assert.ok(slowest < 1000, `a health check waited ${slowest} ms behind the waiting write`);
        const kept = await f.database.db
          .selectFrom('invoices')
          .select('commitment_number')
          .where('id', '=', body!.id as number)
          .executeTakeFirst();
        assert.equal(kept?.commitment_number, 'PENDANT-L-IMPORT');
      }),
  );
});
