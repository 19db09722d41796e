import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { createChallenge, solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

import { testDatabaseKinds, type TestDatabase } from '@chorale/db/testing';
import { buildApp, type BuildOptions, type ChoraleApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { platformSecret } from '../platform/secrets.ts';

export interface TestApp {
  app: ChoraleApp;
  database: TestDatabase;
  /** Moves the app's clock forward. */
  advance(ms: number): void;
  /** Sets the app's clock to this instant (it then runs on from there). */
  travelTo(instant: Date): void;
  /** Runs the outbox now (the background worker is off in tests) and returns new mails. */
  deliverMails(): Promise<DevMail[]>;
  client(ip?: string): TestClient;
  close(): Promise<void>;
}

export interface DevMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Builds the real app on each test database kind (SQLite always, PostgreSQL when configured). */
export const databaseKinds = testDatabaseKinds();

export async function startTestApp(
  kind: (typeof databaseKinds)[number],
  env: Record<string, string> = {},
  options: Pick<BuildOptions, 'logStream'> = {},
): Promise<TestApp> {
  const database = await kind.create();
  let offset = 0;
  const config = loadConfig({
    PORT: '3999',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: join(tmpdir(), `chorale-test-${process.pid}`),
    DEMO_DATA: 'true',
    ...env,
  });
  const app = await buildApp({
    config,
    database,
    startWorker: false,
    now: () => new Date(Date.now() + offset),
    ...options,
  });
  let lastMailId = 0;
  return {
    app,
    database,
    advance: (ms) => {
      offset += ms;
    },
    travelTo: (instant) => {
      offset = instant.getTime() - Date.now();
    },
    async deliverMails() {
      await app.outbox.runDueJobs();
      const rows = await database.db
        .selectFrom('dev_mails')
        .selectAll()
        .where('id', '>', lastMailId)
        .orderBy('id')
        .execute();
      lastMailId = rows.at(-1)?.id ?? lastMailId;
      return rows.map((r) => ({ to: r.to_address, subject: r.subject, text: r.text_body, html: r.html_body }));
    },
    client: (ip = '198.51.100.1') => new TestClient(app, ip),
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}

export interface TestResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read any answer
  headers: Record<string, unknown>;
}

/** A browser-like client: keeps cookies and sends the CSRF header like the portal does. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: ChoraleApp,
    private readonly ip: string,
  ) {}

  async request(
    method: string,
    url: string,
    payload?: unknown,
    options: { csrf?: boolean } = {},
  ): Promise<TestResponse> {
    if (!this.cookies.has('chorale_csrf')) await this.raw('GET', '/api/session');
    return this.raw(method, url, payload, options.csrf ?? true);
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, payload?: unknown) => this.request('POST', url, payload ?? {});
  put = (url: string, payload?: unknown) => this.request('PUT', url, payload ?? {});
  delete = (url: string) => this.request('DELETE', url);

  /** A multipart form as a browser sends it: text fields first, then one file. */
  async upload(
    url: string,
    file: { name: string; bytes: Buffer },
    fields: Record<string, string> = {},
  ): Promise<TestResponse> {
    if (!this.cookies.has('chorale_csrf')) await this.raw('GET', '/api/session');
    const boundary = '----chorale' + Math.random().toString(16).slice(2);
    const parts: Buffer[] = Object.entries(fields).map(([k, v]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    );
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: Buffer.concat(parts),
      remoteAddress: this.ip,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': this.cookies.get('chorale_csrf') ?? '',
      },
    });
    return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
  }

  private async raw(method: string, url: string, payload?: unknown, csrf = false): Promise<TestResponse> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (csrf && this.cookies.get('chorale_csrf')) headers['x-csrf-token'] = this.cookies.get('chorale_csrf') ?? '';
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers,
      remoteAddress: this.ip,
      ...(payload !== undefined && method !== 'GET' ? { payload: payload as object } : {}),
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const cleared = c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now());
      if (cleared) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    let body: unknown = res.body;
    try {
      body = res.body ? JSON.parse(res.body) : null;
    } catch {
      // HTML or empty answers stay text.
    }
    return { status: res.statusCode, body, headers: res.headers };
  }
}

/** Solves the ALTCHA proof of work as the widget does in the browser. */
export async function solveCaptcha(client: TestClient): Promise<string> {
  return solvedPayload((await client.get('/api/captcha/challenge')).body as Challenge);
}

/**
 * A captcha for a challenge made here with the platform's own keys, its key at counter 0: the
 * server checks its signature, expiry and single use as ever; only the proof of work (about
 * 0.7 s, the captcha's very purpose) is skipped. For setting up many accounts quickly.
 */
export async function quickCaptcha(t: TestApp): Promise<string> {
  const challenge = await createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost: 1,
    counter: 0,
    deriveKey,
    expiresAt: new Date(t.app.ctx.now().getTime() + 60_000),
    hmacSignatureSecret: await platformSecret(t.app.ctx.db, 'altcha.signature'),
    hmacKeySignatureSecret: await platformSecret(t.app.ctx.db, 'altcha.key-signature'),
  });
  return solvedPayload(challenge);
}

/** The widget's base64 payload for a challenge, once solved. */
async function solvedPayload(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('captcha not solved');
  return Buffer.from(
    JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution }),
  ).toString('base64');
}

export function linkToken(mailText: string): string {
  const match = /jeton=([A-Za-z0-9_-]+)/.exec(mailText);
  if (!match?.[1]) throw new Error(`no link in mail: ${mailText}`);
  return match[1];
}

export const STRONG_PASSWORD = 'Chorale-2026-sûr';

/**
 * Creates and activates an account through the API, as a person would. For a caller creating
 * many accounts: `client`, each its own (sign-up is limited per address), and `quick`, the
 * captcha without its proof of work (quickCaptcha).
 */
export async function createActiveAccount(
  t: TestApp,
  loginEmail: string,
  password = STRONG_PASSWORD,
  { client: c = t.client(), quick = false }: { client?: TestClient; quick?: boolean } = {},
) {
  const before = await newestMailId(t, loginEmail);
  const res = await c.post('/api/accounts', {
    loginEmail,
    loginEmailConfirmation: loginEmail,
    firstName: 'Daniel',
    lastName: 'Potier',
    acceptTerms: true,
    captcha: quick ? await quickCaptcha(t) : await solveCaptcha(c),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(res.body)}`);
  const token = linkToken(await latestMailTo(t, loginEmail, before, /jeton=/));
  const act = await c.post('/api/accounts/activate', { token, password, passwordConfirmation: password });
  if (act.status !== 200) throw new Error(`activation failed: ${JSON.stringify(act.body)}`);
}

/** The id of the latest mail to an address (0 for none): what latestMailTo waits to be newer than. */
async function newestMailId(t: TestApp, to: string): Promise<number> {
  const mail = await t.database.db
    .selectFrom('dev_mails')
    .select('id')
    .where('to_address', '=', to)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return mail?.id ?? 0;
}

/**
 * The text of the latest mail to an address newer than mail `after` and matching `pattern`, the
 * due mails delivered first. Read from the mails themselves rather than from what this call
 * delivered: when accounts are set up side by side, another's delivery may have sent this one.
 */
async function latestMailTo(t: TestApp, to: string, after: number, pattern: RegExp): Promise<string> {
  // Another's delivery may still be sending it (its job is taken): wait for it, a little.
  for (let attempt = 0; ; attempt++) {
    await t.deliverMails();
    const mails = await t.database.db
      .selectFrom('dev_mails')
      .select('text_body')
      .where('to_address', '=', to)
      .where('id', '>', after)
      .orderBy('id', 'desc')
      .execute();
    const mail = mails.find((m) => pattern.test(m.text_body));
    if (mail || attempt === 50) return mail?.text_body ?? '';
    await sleep(20);
  }
}

/** Signs in with password and mail code; returns the signed-in client. */
export async function signInWithMailCode(
  t: TestApp,
  loginEmail: string,
  password = STRONG_PASSWORD,
  client = t.client(),
) {
  const res = await client.post('/api/auth/sign-in', { loginEmail, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
  const emailFactor = (res.body.factors as { id: number; kind: string }[]).find((f) => f.kind === 'email');
  const before = await newestMailId(t, loginEmail);
  const sel = await client.post('/api/auth/mfa/select', { factorId: emailFactor?.id });
  if (sel.status !== 200) throw new Error(`code not sent: ${JSON.stringify(sel.body)}`);
  const codePattern = /code d’authentification est : (\d{6})/;
  const code = codePattern.exec(await latestMailTo(t, loginEmail, before, codePattern))?.[1];
  const verify = await client.post('/api/auth/mfa/verify', { factorId: emailFactor?.id, code });
  if (verify.status !== 200) throw new Error(`code refused: ${JSON.stringify(verify.body)}`);
  return client;
}
