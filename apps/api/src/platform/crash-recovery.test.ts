// Issue 15: crash safety, in CI on both databases. A started server takes concurrent typed
// invoices (draft + line + submit), is killed with SIGKILL in the middle, and restarted: every
// submission it acknowledged exists once with its number, no number is given twice, and every
// routing job runs once (each acknowledged invoice reaches « Mise à disposition » with one
// history row per step).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openDatabase, type ChoraleDb } from '@chorale/db';
import { lecointre } from '../testing/fixtures.ts';
import { createActiveAccount, signInWithMailCode, startTestApp } from '../testing/test-app.ts';

const root = new URL('../../../../', import.meta.url).pathname;
const RECIPIENT = '13001727000013'; // CCI REGION PARIS ILE FRANCE in the demo directory: no service code required

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

interface Target {
  name: 'sqlite' | 'postgres';
  url: string;
  cleanup(): Promise<void>;
}

async function targets(dataDir: string): Promise<Target[]> {
  const list: Target[] = [
    { name: 'sqlite', url: `sqlite:${join(dataDir, 'chorale.sqlite')}`, cleanup: async () => {} },
  ];
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const schema = `crash_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(pgUrl);
    url.searchParams.set('schema', schema);
    list.push({
      name: 'postgres',
      url: url.toString(),
      async cleanup() {
        const c = new pg.Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    });
  }
  return list;
}

function startServer(port: number, dataDir: string, databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      DEMO_DATA: 'true',
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'silent',
      SMTP_URL: '',
      OUTBOX_POLL_MS: '100',
    },
    stdio: 'ignore',
  });
}

async function waitReady(base: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/api/session`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server not ready');
}

const today = () => new Date().toISOString().slice(0, 10);

describe('issue 15: crash test (SIGKILL during concurrent submissions)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'chorale-crash-'));
  const all = await targets(dataDir);
  after(async () => {
    for (const t of all) await t.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const target of all) {
    describe(target.name, () => {
      let cookies = '';
      let csrf = '';
      let supplierId = 0;
      let database: ChoraleDb;
      const files = join(dataDir, target.name);

      before(async () => {
        // The account, its structure and a signed-in session are made in process on the same
        // database; sessions live in the database, so the spawned server accepts the cookie.
        const t = await startTestApp(
          { name: target.name, create: async () => ({ ...openDatabase(target.url), url: target.url }) },
          { DATA_DIR: files, DATABASE_URL: target.url },
        );
        await createActiveAccount(t, 'crash@lecointre.fr');
        const client = await signInWithMailCode(t, 'crash@lecointre.fr');
        supplierId = (await client.post('/api/structures', lecointre)).body.id;
        cookies = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        csrf = client.cookies.get('chorale_csrf') ?? '';
        await t.close();
        database = openDatabase(target.url);
      });
      after(() => database.destroy());

      test('every acknowledged invoice exists once after a SIGKILL, and is routed once', async () => {
        const port = await freePort();
        const base = `http://127.0.0.1:${port}`;
        const call = async (method: string, path: string, body?: unknown) => {
          const r = await fetch(base + path, {
            method,
            headers: { cookie: cookies, 'x-csrf-token': csrf, 'content-type': 'application/json' },
            body: body === undefined ? null : JSON.stringify(body),
          });
          return { status: r.status, body: (await r.json().catch(() => null)) as Record<string, unknown> | null };
        };

        let server = startServer(port, files, target.url);
        await waitReady(base);
        const acknowledged = new Map<number, string>();
        let stop = false;
        const worker = async () => {
          while (!stop) {
            try {
              const draft = await call('POST', '/api/invoices', {
                supplierStructureId: supplierId,
                recipientIdentifier: RECIPIENT,
                invoiceDate: today(),
                paymentMode: 'CHEQUE',
              });
              if (draft.status !== 201) continue;
              const id = draft.body!.id as number;
              await call('POST', `/api/invoices/${id}/lines`, {
                name: 'Chaises A Tolux',
                quantity: '20',
                unit: 'pièce',
                unitPrice: '320,00',
                vatRate: '10',
              });
              const sent = await call('POST', `/api/invoices/${id}/submit`, {});
              if (sent.status === 200) acknowledged.set(id, sent.body!.number as string);
            } catch {
              // the server was killed: requests in flight fail, their invoices were not acknowledged
            }
          }
        };
        const workers = Array.from({ length: 12 }, worker);
        const deadline = Date.now() + 20_000;
        while (acknowledged.size < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        server.kill('SIGKILL');
        await new Promise((r) => server.once('exit', r));
        stop = true;
        await Promise.all(workers);
        assert.ok(acknowledged.size >= 10, `only ${acknowledged.size} invoices acknowledged before the kill`);

        server = startServer(port, files, target.url);
        try {
          await waitReady(base);
          const rows = await database.db
            .selectFrom('invoices')
            .select(['id', 'number', 'status'])
            .where('supplier_structure_id', '=', supplierId)
            .where('number', 'is not', null)
            .execute();
          const numbers = rows.map((r) => r.number);
          assert.equal(new Set(numbers).size, numbers.length, 'a number was given twice');
          for (const [id, number] of acknowledged) {
            const row = rows.find((r) => r.id === id);
            assert.equal(row?.number, number, `acknowledged invoice ${id} (${number}) lost`);
          }

          // Every routing job runs once after the restart: each invoice reaches MISE_A_DISPOSITION.
          const ids = rows.map((r) => r.id);
          const until = Date.now() + 30_000;
          let pending = ids.length;
          while (pending > 0 && Date.now() < until) {
            await new Promise((r) => setTimeout(r, 200));
            const done = await database.db
              .selectFrom('invoices')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('id', 'in', ids)
              .where('status', '=', 'MISE_A_DISPOSITION')
              .executeTakeFirstOrThrow();
            pending = ids.length - Number(done.n);
          }
          assert.equal(pending, 0, `${pending} invoices not routed after the restart`);
          const history = await database.db
            .selectFrom('invoice_history')
            .select(['invoice_id', 'status'])
            .where('invoice_id', 'in', ids)
            .execute();
          for (const id of ids)
            for (const status of ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'])
              assert.equal(
                history.filter((h) => h.invoice_id === id && h.status === status).length,
                1,
                `invoice ${id}: ${status} recorded other than once`,
              );
        } finally {
          server.kill('SIGKILL');
          await new Promise((r) => server.once('exit', r));
        }
      });
    });
  }
});
