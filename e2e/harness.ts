import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openDatabase, type ChoraleDb } from '@chorale/db';
import { testDatabaseKinds, type TestDatabase } from '@chorale/db/testing';

const root = new URL('..', import.meta.url).pathname;
// Shared with scripts/run-tests.mjs, which starts the browser of the whole run.
const chromiumOptions = JSON.parse(readFileSync(join(root, 'e2e/chromium-options.json'), 'utf8')) as {
  executablePath: string;
  args: string[];
};

export interface Mail {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

/** Where the server keeps its data: SQLite in its data folder, or a fresh PostgreSQL schema. */
export type E2eDatabase = 'sqlite' | 'postgres';

/**
 * The databases an end-to-end file runs its journeys on: SQLite always, and PostgreSQL too when
 * TEST_DATABASE_URL is set (as every database test).
 */
export function e2eDatabases(): E2eDatabase[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface HarnessOptions {
  database?: E2eDatabase;
  /** A browser shared by the journeys of one file (its connection to the run's Chromium); left open by close(). */
  browser?: Browser;
  /** More environment for the server (e.g. WEBHOOKS_ALLOW_PRIVATE_NETWORKS for a local receiver). */
  env?: Record<string, string>;
}

/**
 * The browser of a test file: under `npm test`, a connection to the one Chromium the run started
 * (scripts/run-tests.mjs, E2E_BROWSER_WS); a file run alone launches its own. Closing it closes
 * what the file opened (its contexts), and the browser itself only if the file launched it.
 */
export function launchBrowser(): Promise<Browser> {
  const shared = process.env.E2E_BROWSER_WS;
  if (shared) return chromium.connect(shared);
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? chromiumOptions.executablePath,
    headless: true,
    args: chromiumOptions.args,
  });
}

export interface Harness {
  baseUrl: string;
  database: E2eDatabase;
  browser: Browser;
  /** A fresh browser context (own cookies) and its first page, French locale. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  /** The newest mail to `to` matching `match`, waiting for the outbox worker to deliver it. */
  waitForMail(to: string, match: (mail: Mail) => boolean): Promise<Mail>;
  /** The id of the newest mail so far (0 when none), to wait for a mail sent after it. */
  lastMailId(): Promise<number>;
  /** The server's data folder (its SQLite database and files). */
  dataDir: string;
  /**
   * Runs an operator command (`apps/api/src/<script>`) against this server's data, with the same
   * environment as the server; resolves with its output, rejects when it fails.
   */
  runCommand(script: string, args: string[]): Promise<string>;
  /** Runs `read` on the server's own database (to check a figure against a count made in SQL). */
  withDatabase<T>(read: (db: ChoraleDb['db']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** What the server and operator commands need to reach the database beyond the data folder. */
type DatabaseEnv = Record<string, string>;

const serverEnv = (port: number, dataDir: string, database: DatabaseEnv) => ({
  ...process.env,
  PORT: String(port),
  DATA_DIR: dataDir,
  PUBLIC_URL: `http://localhost:${port}`,
  LOG_LEVEL: 'warn',
  SMTP_URL: '',
  DATABASE_URL: '',
  ...database,
});

/**
 * PostgreSQL: a schema of its own for this run, created and migrated here as the DB tests do,
 * dropped by close(). The server is given it as `DATABASE_URL=…?schema=…`; demo data (the
 * directory) is loaded as in the embedded default.
 */
async function postgresSchema(): Promise<{ env: DatabaseEnv; handle: TestDatabase }> {
  const kind = testDatabaseKinds().find((k) => k.name === 'postgres');
  if (!kind) throw new Error('TEST_DATABASE_URL is needed to run the end-to-end tests on PostgreSQL');
  const handle = await kind.create();
  const url = new URL(handle.url);
  url.searchParams.set('schema', handle.searchPath ?? '');
  return { env: { DATABASE_URL: url.toString(), DEMO_DATA: 'true' }, handle };
}

function runCommand(
  port: number,
  dataDir: string,
  database: DatabaseEnv,
  script: string,
  args: string[],
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `apps/api/src/${script}`, ...args], {
      cwd: root,
      env: serverEnv(port, dataDir, database),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${script} exited with ${code}:\n${output}`)),
    );
  });
}

function startServer(
  port: number,
  dataDir: string,
  database: DatabaseEnv,
): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: root,
    env: serverEnv(port, dataDir, database),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

/**
 * Starts the API server (which serves the built portal) on a free port, on SQLite (default) or a
 * fresh PostgreSQL schema, and one Chromium unless one is given.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = options.database ?? 'sqlite';
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'chorale-e2e-'));
  const pg = database === 'postgres' ? await postgresSchema() : null;
  const dbEnv = { ...(pg?.env ?? {}), ...options.env };
  const dropDatabase = async () => {
    await pg?.handle.destroy().catch(() => undefined);
  };
  const server = startServer(port, dataDir, dbEnv);
  let exited = false;
  server.child.once('exit', () => {
    exited = true;
  });

  try {
    await waitUntil('the API server', 60_000, async () => {
      if (exited) throw new Error(`server exited:\n${server.output()}`);
      const response = await fetch(`${baseUrl}/api/session`).catch(() => null);
      return response?.ok ? true : null;
    });
  } catch (error) {
    server.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    await dropDatabase();
    throw new Error(`${String(error)}\n${server.output()}`, { cause: error });
  }

  const browser = options.browser ?? (await launchBrowser());

  return {
    baseUrl,
    database,
    browser,
    dataDir,
    runCommand: (script, args) => runCommand(port, dataDir, dbEnv, script, args),
    async withDatabase(read) {
      if (pg) return read(pg.handle.db);
      const sqlite = openDatabase(`sqlite:${join(dataDir, 'chorale.sqlite')}`);
      try {
        return await read(sqlite.db);
      } finally {
        await sqlite.destroy();
      }
    },
    async newPage() {
      // A browser far from Paris (Nouméa, UTC+11): every date the portal shows must still be Paris time.
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'fr-FR', timezoneId: 'Pacific/Noumea' });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      return { context, page };
    },
    waitForMail(to, match) {
      return waitUntil(`a mail to ${to}`, 20_000, async () => {
        const response = await fetch(`${baseUrl}/api/dev/outbox`);
        if (!response.ok) throw new Error(`outbox answered ${response.status}`);
        const { mails } = (await response.json()) as { mails: Mail[] };
        return mails.find((m) => m.to.toLowerCase() === to.toLowerCase() && match(m)) ?? null;
      });
    },
    async lastMailId() {
      const response = await fetch(`${baseUrl}/api/dev/outbox`);
      const { mails } = (await response.json()) as { mails: Mail[] };
      return mails[0]?.id ?? 0;
    },
    async close() {
      if (!options.browser) await browser.close().catch(() => undefined);
      if (!exited) {
        const gone = new Promise((r) => server.child.once('exit', r));
        server.child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5_000))]);
        if (!exited) server.child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
      await dropDatabase();
    },
  };
}

/** The first link of a mail that starts with `prefix` (e.g. `${baseUrl}/activer-mon-compte`). */
export function linkIn(mail: Mail, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = mail.text.match(new RegExp(`${escaped}[^\\s"'<>]*`));
  if (!found) throw new Error(`No link starting with ${prefix} in mail « ${mail.subject} »:\n${mail.text}`);
  return found[0];
}

export function codeIn(mail: Mail): string {
  const found = mail.text.match(/\b(\d{6})\b/);
  if (!found?.[1]) throw new Error(`No 6-digit code in mail « ${mail.subject} »:\n${mail.text}`);
  return found[1];
}
