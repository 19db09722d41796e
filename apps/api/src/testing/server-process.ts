// Servers started as real processes (`apps/api/src/server.ts`) for the tests that kill, stop or
// multiply them: crash recovery, several processes on one database, graceful shutdown.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { RawBuilder } from 'kysely';
import pg from 'pg';
import { openDatabase, type ChoraleDb } from '@chorale/db';
import { lecointre } from './fixtures.ts';
import { createActiveAccount, signInWithMailCode, startTestApp } from './test-app.ts';

const root = new URL('../../../../', import.meta.url).pathname;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerTarget {
  name: 'sqlite' | 'postgres';
  url: string;
  cleanup(): Promise<void>;
}

/** SQLite in `dataDir`, and PostgreSQL in a schema of its own when TEST_DATABASE_URL is set. */
export async function serverTargets(dataDir: string, prefix: string): Promise<ServerTarget[]> {
  const list: ServerTarget[] = [
    { name: 'sqlite', url: `sqlite:${join(dataDir, 'chorale.sqlite')}`, cleanup: async () => {} },
  ];
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
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

/** A started server; `stderr()` gives the end of what it wrote there (for failure messages). */
export type ServerProcess = ChildProcess & { stderr(): string };

export function startServer(
  port: number,
  dataDir: string,
  databaseUrl: string,
  env: Record<string, string> = {},
): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
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
      WORKERS: '1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr!.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
  return Object.assign(child, { stderr: () => tail }) as ServerProcess;
}

/** Waits until the server says it can take traffic (`/api/ready`). */
export async function waitReady(base: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/api/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready at ${base}`);
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** A supplier signed in on the target's database, whose cookies any started server accepts. */
export interface SupplierSession {
  cookies: string;
  csrf: string;
  supplierId: number;
}

/**
 * Makes the account, its structure and a signed-in session in process on the target's database
 * (sessions live in the database, so every spawned server accepts the cookie); migrates it too.
 */
export async function supplierSession(target: ServerTarget, dataDir: string, email: string): Promise<SupplierSession> {
  const t = await startTestApp(
    { name: target.name, create: async () => ({ ...openDatabase(target.url), url: target.url }) },
    { DATA_DIR: dataDir, DATABASE_URL: target.url },
  );
  try {
    await createActiveAccount(t, email);
    const client = await signInWithMailCode(t, email);
    const supplierId = (await client.post('/api/structures', lecointre)).body.id as number;
    return {
      supplierId,
      cookies: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      csrf: client.cookies.get('chorale_csrf') ?? '',
    };
  } finally {
    await t.close();
  }
}

export type Call = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> | null }>;

/** JSON calls with the session to the address `base()` gives at each call. */
export function caller(base: () => string, session: SupplierSession): Call {
  return async (method, path, body) => {
    const r = await fetch(base() + path, {
      method,
      headers: { cookie: session.cookies, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as Record<string, unknown> | null };
  };
}

const RECIPIENT = '13001727000013'; // CCI REGION PARIS ILE FRANCE in the demo directory: no service code required

/** The portal's typed flow (draft, a line, send); the number when the send was acknowledged. */
export async function submitTypedInvoice(
  call: Call,
  supplierId: number,
): Promise<{ id: number; number: string } | null> {
  const draft = await call('POST', '/api/invoices', {
    supplierStructureId: supplierId,
    recipientIdentifier: RECIPIENT,
    invoiceDate: new Date().toISOString().slice(0, 10),
    paymentMode: 'CHEQUE',
  });
  if (draft.status !== 201) return null;
  const id = draft.body!.id as number;
  await call('POST', `/api/invoices/${id}/lines`, {
    name: 'Chaises A Tolux',
    quantity: '20',
    unit: 'pièce',
    unitPrice: '320,00',
    vatRate: '10',
  });
  const sent = await call('POST', `/api/invoices/${id}/submit`, {});
  return sent.status === 200 ? { id, number: sent.body!.number as string } : null;
}

/**
 * After a crash: every acknowledged invoice exists with its number, no number was given twice,
 * and every routing job ran once (each invoice reaches « Mise à disposition » with one history
 * row per step) within `timeoutMs`.
 */
export async function assertAcknowledgedOnceAndRouted(
  database: ChoraleDb,
  supplierId: number,
  acknowledged: Map<number, string>,
  timeoutMs = 30_000,
): Promise<void> {
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
  const ids = rows.map((r) => r.id);
  const until = Date.now() + timeoutMs;
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
  assert.equal(pending, 0, `${pending} invoices not routed`);
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
}

/** What each database target's tests get: a signed-in supplier and an open database, made in `before`. */
export interface ServerFixture {
  target: ServerTarget;
  /** The run's temporary folder (removed at the end). */
  dataDir: string;
  /** This target's DATA_DIR. */
  files: string;
  session: SupplierSession;
  database: ChoraleDb;
}

/**
 * A `describe` per database target (SQLite; PostgreSQL in a schema of its own when configured), in
 * a temporary data folder, each with a signed-in supplier `<prefix>@lecointre.fr`.
 */
export function describeOnServerTargets(
  title: string,
  prefix: string,
  body: (fixture: ServerFixture) => void,
  options: { skip?: string | false } = {},
) {
  describe(title, { skip: options.skip ?? false }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), `chorale-${prefix}-`));
    const all = options.skip ? [] : await serverTargets(dataDir, prefix);
    after(async () => {
      for (const t of all) await t.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    });
    for (const target of all)
      describe(target.name, () => {
        const fixture = { target, dataDir, files: join(dataDir, target.name) } as ServerFixture;
        before(async () => {
          fixture.session = await supplierSession(target, fixture.files, `${prefix}@lecointre.fr`);
          fixture.database = openDatabase(target.url);
        });
        after(() => fixture.database?.destroy());
        body(fixture);
      });
  });
}

/**
 * Holds the database from this process, as another writer would (an import, a backup): `lock`
 * runs in a transaction kept open until `release()`. Resolves once the hold is taken.
 */
export async function holdDatabase(
  db: ChoraleDb['db'],
  lock: RawBuilder<unknown>,
): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const holds = new Promise<void>((resolve) => (holding = resolve));
  const holder = db.transaction().execute(async (trx) => {
    await lock.execute(trx);
    holding();
    await held;
  });
  await Promise.race([holds, holder]);
  return {
    release: async () => {
      release();
      await holder;
    },
  };
}
