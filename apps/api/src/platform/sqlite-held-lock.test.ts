// Issue 13, the job queue on SQLite: a started server while another process holds the file's write
// lock (`npm run directory:import` writes in one transaction). Real processes, real HTTP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import {
  describeOnServerTargets,
  exited,
  freePort,
  holdDatabase,
  startServer,
  waitReady,
} from '../testing/server-process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeOnServerTargets('issue 13: a server beside another SQLite writer', 'held', (f) => {
  test(
    'SQLite: an idle server keeps answering while another process holds the write lock (a directory import)',
    { skip: f.target.name === 'postgres' ? 'PostgreSQL never makes the server wait in its event loop' : false },
    async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      // Its job queue polls every 100 ms; `npm run directory:import` writes in one transaction.
      const server = startServer(port, f.files, f.target.url);
      let hold: Awaited<ReturnType<typeof holdDatabase>> | undefined;
      try {
        await waitReady(base);
        // Idle: the jobs of the tests before done, none leased by a stopped server (its lease
        // would end during the hold) nor due within the next 5 s (a failed job's next try).
        for (let pending = 1; pending > 0; await sleep(100)) {
          const row = await f.database.db
            .selectFrom('outbox_jobs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'pending')
            .where('run_after', '<=', new Date(Date.now() + 5000).toISOString())
            .executeTakeFirstOrThrow();
          pending = Number(row.n);
        }
        hold = await holdDatabase(f.database.db, sql`update counters set value = value`);
        // 2 s of hold, 20 polls: each used to freeze the server up to SQLite's 5-s busy timeout.
        let slowest = 0;
        for (const end = Date.now() + 2000; Date.now() < end; await sleep(100)) {
          const start = Date.now();
          assert.equal((await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(4000) })).status, 200);
          slowest = Math.max(slowest, Date.now() - start);
        }
        await hold.release();
        assert.ok(slowest < 1000, `the health check waited ${slowest} ms behind the lock`);
      } finally {
        await hold?.release();
        server.kill('SIGKILL');
        await exited(server);
      }
    },
  );
});
