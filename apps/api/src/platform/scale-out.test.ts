// Issue 13, scale-out: several server processes on one database, the WORKERS cluster, graceful
// shutdown. Real processes (apps/api/src/server.ts), real HTTP.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { sql } from 'kysely';
import {
  assertAcknowledgedOnceAndRouted,
  caller,
  describeOnServerTargets,
  exited,
  freePort,
  startServer,
  submitTypedInvoice,
  waitReady,
} from '../testing/server-process.ts';
import { WORKER_SEMI_SPACE_MB } from '../cluster-size.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process ids of a cluster primary's workers (node processes: not tsx's esbuild service). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-x', 'node', '-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  ok: (v: T) => boolean,
  ms = 60_000,
  context: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}\n${context()}`);
    await sleep(100);
  }
}

describeOnServerTargets('issue 13: scale-out', 'scale', (f) => {
  test(
    'three processes share one database; one killed with SIGKILL under load loses nothing and no job runs twice',
    {
      skip: f.target.name === 'sqlite' ? 'several machines share PostgreSQL; SQLite is the one-machine default' : false,
    },
    async () => {
      const ports = await Promise.all([1, 2, 3].map(() => freePort()));
      const servers = ports.map((port) => startServer(port, f.files, f.target.url));
      const alive = ports.map(() => true);
      try {
        await Promise.all(ports.map((p) => waitReady(`http://127.0.0.1:${p}`)));
        const acknowledged = new Map<number, string>();
        const served = ports.map(() => 0);
        let turn = 0;
        let stop = false;
        const worker = async () => {
          while (!stop) {
            // Round robin over the processes still up, as a load balancer does.
            const live = ports.map((_, i) => i).filter((i) => alive[i]);
            const i = live[turn++ % live.length]!;
            try {
              const sent = await submitTypedInvoice(
                caller(() => `http://127.0.0.1:${ports[i]}`, f.session),
                f.session.supplierId,
              );
              if (sent) {
                acknowledged.set(sent.id, sent.number);
                served[i]!++;
              }
            } catch {
              // the killed process's requests in flight fail: those invoices were not acknowledged
            }
          }
        };
        const workers = Array.from({ length: 12 }, worker);
        await until(
          'acknowledged before the kill',
          () => acknowledged.size,
          (n) => n >= 45,
          40_000,
        );
        alive[1] = false;
        servers[1]!.kill('SIGKILL');
        await exited(servers[1]!);
        const atKill = acknowledged.size;
        await until(
          'acknowledged after the kill',
          () => acknowledged.size,
          (n) => n >= atKill + 30,
          40_000,
        );
        stop = true;
        await Promise.all(workers);
        assert.ok(
          served.every((n) => n > 0),
          `each process served invoices: ${served.join(', ')}`,
        );
        // The jobs the killed process held come back when their lease ends (10 s).
        await assertAcknowledgedOnceAndRouted(f.database, f.session.supplierId, acknowledged, 40_000);
        const left = await f.database.db
          .selectFrom('outbox_jobs')
          .select(['kind', 'status'])
          .where('status', '!=', 'done')
          .where('kind', '=', 'invoice.route')
          .execute();
        assert.deepEqual(left, [], 'every routing job done');
      } finally {
        for (const s of servers) s.kill('SIGKILL');
        await Promise.all(servers.map(exited));
      }
    },
  );

  test('WORKERS=2: the processes share the port, a dead one is replaced, SIGTERM stops them all', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const primary = startServer(port, f.files, f.target.url, { WORKERS: '2' });
    try {
      await waitReady(base);
      const first = await until(
        'two workers',
        () => childrenOf(primary.pid!),
        (c) => c.length === 2,
        60_000,
        () => primary.stderr(),
      );
      // Issue 13: the workers run with a smaller young generation (the primary's flags plus this one).
      for (const pid of first)
        assert.ok(
          readFileSync(`/proc/${pid}/cmdline`, 'utf8')
            .split('\0')
            .includes(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`),
        );
      process.kill(first[0]!, 'SIGKILL');
      const next = await until(
        'a replacement worker',
        () => childrenOf(primary.pid!),
        (c) => c.length === 2 && !c.includes(first[0]!),
      );
      assert.ok(next.includes(first[1]!), 'the other worker kept running');
      await waitReady(base);
      const call = caller(() => base, f.session);
      const sent = await Promise.all([1, 2, 3, 4].map(() => submitTypedInvoice(call, f.session.supplierId)));
      assert.ok(sent.every(Boolean), 'invoices are sent through the cluster');
      primary.kill('SIGTERM');
      assert.deepEqual(await exited(primary), { code: 0, signal: null });
      assert.deepEqual(childrenOf(primary.pid!), [], 'no worker left behind');
    } finally {
      primary.kill('SIGKILL');
      await exited(primary);
    }
  });

  test('WORKERS=2 on a port already taken: the primary stops with the reason instead of replacing workers in a loop', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as AddressInfo).port;
    const primary = startServer(port, f.files, f.target.url, { WORKERS: '2' });
    try {
      // Generous: the preparing process and two workers each load the server first, slow on a busy
      // machine (30 s was exceeded under a load of 15); a primary in a loop never exits at all.
      const end = await Promise.race([exited(primary), sleep(90_000).then(() => 'still running' as const)]);
      assert.deepEqual(end, { code: 1, signal: null }, primary.stderr());
      assert.match(primary.stderr(), /EADDRINUSE/);
      assert.match(primary.stderr(), new RegExp(`avant d’écouter sur le port ${port} : Chorale s’arrête`));
      assert.doesNotMatch(primary.stderr(), /il est remplacé/);
      assert.deepEqual(childrenOf(primary.pid!), [], 'no worker left behind');
    } finally {
      primary.kill('SIGKILL');
      await exited(primary);
      await new Promise((done) => taken.close(done));
    }
  });

  test('WORKERS=2 with a wrong setting: the configuration refuses it (read by the preparing process, not the primary) and the primary stops', async () => {
    const port = await freePort();
    const primary = startServer(port, f.files, f.target.url, { WORKERS: '2', SESSION_IDLE_MINUTES: '1' });
    try {
      const end = await Promise.race([exited(primary), sleep(30_000).then(() => 'still running' as const)]);
      assert.deepEqual(end, { code: 1, signal: null }, primary.stderr());
      assert.match(primary.stderr(), /Configuration invalide :\n {2}- SESSION_IDLE_MINUTES/);
      assert.match(primary.stderr(), /La préparation de la base s’est arrêtée \(1\)/);
      assert.deepEqual(childrenOf(primary.pid!), [], 'no worker left behind');
    } finally {
      primary.kill('SIGKILL');
      await exited(primary);
    }
  });

  /** « Saisir facture »'s draft as the signed-in supplier, its body written by the caller. */
  const postDraft = (base: string, body: string, onResponse?: (res: IncomingMessage) => void) =>
    request(
      `${base}/api/invoices`,
      {
        method: 'POST',
        headers: {
          cookie: f.session.cookies,
          'x-csrf-token': f.session.csrf,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      onResponse,
    );

  test('SIGTERM: a request in flight finishes and is kept; the process then exits cleanly', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = startServer(port, f.files, f.target.url);
    try {
      await waitReady(base);
      assert.deepEqual(await (await fetch(`${base}/api/health`)).json(), { status: 'ok' });
      const body = JSON.stringify({
        supplierStructureId: f.session.supplierId,
        recipientIdentifier: '13001727000013',
        invoiceDate: new Date().toISOString().slice(0, 10),
        paymentMode: 'CHEQUE',
        commitmentNumber: 'ARRET-EN-COURS',
      });
      // The body arrives in two halves; the stop signal falls between them.
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = postDraft(base, body, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 40));
        setTimeout(() => {
          server.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(40)), 500);
        }, 300);
      });
      const { status, text } = await answer;
      assert.equal(status, 201, text);
      const id = (JSON.parse(text) as { id: number }).id;
      assert.deepEqual(await exited(server), { code: 0, signal: null });
      const kept = await f.database.db.selectFrom('invoices').select('id').where('id', '=', id).executeTakeFirst();
      assert.equal(kept?.id, id, 'the draft made during the shutdown is stored');
      await assert.rejects(fetch(`${base}/api/ready`), 'the stopped server takes no more requests');
    } finally {
      server.kill('SIGKILL');
      await exited(server);
    }
  });

  /**
   * A draft asked for while `lock` holds the database, whose client leaves before the answer; then
   * SIGTERM, and the hold released. What the process exits with, how long it took to, and the
   * drafts stored.
   */
  async function clientLeavesThenStop(lock: ReturnType<typeof sql>, commitmentNumber: string) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // No job queue poll during the hold: on SQLite its claim would be a second writer waiting
    // (the driver waits in the event loop), and the request could arrive behind it, its client
    // gone before its body is read (2 runs in 8 failed so).
    const server = startServer(port, f.files, f.target.url, { OUTBOX_POLL_MS: '60000' });
    let release = () => {};
    try {
      await waitReady(base);
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const holds = new Promise<void>((resolve) => (holding = resolve));
      const holder = f.database.db.transaction().execute(async (trx) => {
        await lock.execute(trx);
        holding();
        await held;
      });
      await holds;
      const body = JSON.stringify({
        supplierStructureId: f.session.supplierId,
        recipientIdentifier: '13001727000013',
        invoiceDate: new Date().toISOString().slice(0, 10),
        paymentMode: 'CHEQUE',
        commitmentNumber,
      });
      const req = postDraft(base, body);
      req.on('error', () => undefined);
      req.end(body);
      await sleep(300);
      req.destroy();
      await sleep(100);
      const stopped = Date.now();
      server.kill('SIGTERM');
      await sleep(400);
      release();
      await holder;
      const exit = await exited(server);
      const seconds = (Date.now() - stopped) / 1000;
      const kept = await f.database.db
        .selectFrom('invoices')
        .select('id')
        .where('commitment_number', '=', commitmentNumber)
        .execute();
      return { exit, seconds, kept: kept.length, stderr: server.stderr() };
    } finally {
      release();
      server.kill('SIGKILL');
      await exited(server);
    }
  }

  test('SIGTERM: a request whose client has left finishes too before the database closes', async () => {
    // The draft's handler waits, its body read: on PostgreSQL for the structures (the recipient's
    // read), on SQLite for its transaction (another writer holds the file).
    const lock =
      f.target.name === 'postgres'
        ? sql`lock table structures in access exclusive mode`
        : sql`update counters set value = value`;
    const { exit, kept, stderr } = await clientLeavesThenStop(lock, 'CLIENT-PARTI');
    assert.deepEqual(exit, { code: 0, signal: null }, stderr);
    assert.equal(kept, 1, `the draft whose client left is stored\n${stderr}`);
  });

  test(
    'SIGTERM: a request whose client left before its body was read does not hold the stop',
    { skip: f.target.name === 'sqlite' ? 'SQLite never makes a read wait' : false },
    async () => {
      // The caller's session read waits: the client leaves before the body is taken, the request
      // never reaches its handler (Fastify waits for a body that will not come).
      const { exit, seconds, kept, stderr } = await clientLeavesThenStop(
        sql`lock table sessions in access exclusive mode`,
        'CLIENT-PARTI-AVANT',
      );
      assert.deepEqual(exit, { code: 0, signal: null }, stderr);
      assert.ok(seconds < 10, `stopped in ${seconds} s, not after the 30-s grace period`);
      assert.equal(kept, 0);
    },
  );

  test(
    'SIGTERM: an upload whose client leaves halfway does not hold the stop',
    { skip: f.target.name === 'postgres' ? 'the same on both databases: the database plays no part' : false },
    async () => {
      const port = await freePort();
      const server = startServer(port, f.files, f.target.url);
      try {
        await waitReady(`http://127.0.0.1:${port}`);
        // « Déposer facture »: a 1-MB PDF announced, 1 KB of it sent, then the client goes.
        const boundary = 'chorale-arret';
        const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="facture.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.7\n`;
        const req = request(`http://127.0.0.1:${port}/api/invoices/deposit`, {
          method: 'POST',
          headers: {
            cookie: f.session.cookies,
            'x-csrf-token': f.session.csrf,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': 1024 * 1024,
          },
        });
        req.on('error', () => undefined);
        req.write(head + 'x'.repeat(1024));
        await sleep(300);
        req.destroy();
        await sleep(100);
        const stopped = Date.now();
        server.kill('SIGTERM');
        const exit = await exited(server);
        const seconds = (Date.now() - stopped) / 1000;
        assert.deepEqual(exit, { code: 0, signal: null }, server.stderr());
        assert.ok(seconds < 10, `stopped in ${seconds} s, not after the 30-s grace period`);
      } finally {
        server.kill('SIGKILL');
        await exited(server);
      }
    },
  );

  test(
    'SQLite: an idle server keeps answering while another process holds the write lock (a directory import)',
    { skip: f.target.name === 'postgres' ? 'PostgreSQL never makes the server wait in its event loop' : false },
    async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      // Its job queue polls every 100 ms; `npm run directory:import` writes in one transaction.
      const server = startServer(port, f.files, f.target.url);
      let release = () => {};
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
        let holding!: () => void;
        const holds = new Promise<void>((resolve) => (holding = resolve));
        const held = new Promise<void>((resolve) => (release = resolve));
        const holder = f.database.db.transaction().execute(async (trx) => {
          await sql`update counters set value = value`.execute(trx);
          holding();
          await held;
        });
        await holds;
        // 2 s of hold, 20 polls: each used to freeze the server up to SQLite's 5-s busy timeout.
        const slowest = { ms: 0 };
        for (const end = Date.now() + 2000; Date.now() < end; await sleep(100)) {
          const start = Date.now();
          assert.equal((await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(4000) })).status, 200);
          slowest.ms = Math.max(slowest.ms, Date.now() - start);
        }
        release();
        await holder;
        assert.ok(slowest.ms < 1000, `the health check waited ${slowest.ms} ms behind the lock`);
      } finally {
        release();
        server.kill('SIGKILL');
        await exited(server);
      }
    },
  );
});
