import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

import { testDatabaseKinds, type TestDatabase } from '@chorale/db/testing';
import { buildApp, type ChoraleApp } from '../app.ts';
import { loadConfig } from '../config.ts';

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
}

/** Builds the real app on each test database kind (SQLite always, PostgreSQL when configured). */
export const databaseKinds = testDatabaseKinds();

export async function startTestApp(
  kind: (typeof databaseKinds)[number],
  env: Record<string, string> = {},
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
  const app = await buildApp({ config, database, startWorker: false, now: () => new Date(Date.now() + offset) });
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
      return rows.map((r) => ({ to: r.to_address, subject: r.subject, text: r.text_body }));
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
  const challenge = (await client.get('/api/captcha/challenge')).body as Challenge;
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

/** Creates and activates an account through the API, as a person would. */
export async function createActiveAccount(t: TestApp, loginEmail: string, password = STRONG_PASSWORD) {
  const c = t.client();
  const res = await c.post('/api/accounts', {
    loginEmail,
    loginEmailConfirmation: loginEmail,
    firstName: 'Daniel',
    lastName: 'Potier',
    acceptTerms: true,
    captcha: await solveCaptcha(c),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(res.body)}`);
  const mail = (await t.deliverMails()).find((m) => m.to === loginEmail);
  const token = linkToken(mail?.text ?? '');
  const act = await c.post('/api/accounts/activate', { token, password, passwordConfirmation: password });
  if (act.status !== 200) throw new Error(`activation failed: ${JSON.stringify(act.body)}`);
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
  const sel = await client.post('/api/auth/mfa/select', { factorId: emailFactor?.id });
  if (sel.status !== 200) throw new Error(`code not sent: ${JSON.stringify(sel.body)}`);
  const mail = (await t.deliverMails()).filter((m) => m.to === loginEmail).at(-1);
  const code = /code d’authentification est : (\d{6})/.exec(mail?.text ?? '')?.[1];
  const verify = await client.post('/api/auth/mfa/verify', { factorId: emailFactor?.id, code });
  if (verify.status !== 200) throw new Error(`code refused: ${JSON.stringify(verify.body)}`);
  return client;
}
