import { luhnSum, siretProblem } from '@chorale/domain';
import { assignMainManager } from '../modules/organisation/assign-main-manager.ts';
import { lecointre } from './fixtures.ts';
import {
  createActiveAccount,
  signInWithMailCode,
  STRONG_PASSWORD,
  type TestApp,
  type TestClient,
  type TestResponse,
} from './test-app.ts';

/**
 * The portal's typed invoice (« Saisir facture »: draft, one line, send), as the statement-budget
 * test and `npm run bench` run it: a supplier signed in with the portal's session, sending the
 * webinar's line to the CCI (13001727000013).
 */
export interface TypedFlow {
  supplier: TestClient;
  structureId: number;
}

export async function setUpTypedFlow(t: TestApp, prefix = 'flow'): Promise<TypedFlow> {
  await createActiveAccount(t, `${prefix}@lecointre.fr`);
  await createActiveAccount(t, `${prefix}@cci.fr`);
  const supplier = await signInWithMailCode(t, `${prefix}@lecointre.fr`);
  const created = await supplier.post('/api/structures', lecointre);
  if (created.status !== 201) throw new Error(`structure: ${JSON.stringify(created.body)}`);
  await assignMainManager(t.app.ctx, { identifier: '13001727000013', email: `${prefix}@cci.fr` });
  return { supplier, structureId: created.body.id };
}

export const typedHeader = (structureId: number, invoiceDate = new Date().toISOString().slice(0, 10)) => ({
  supplierStructureId: structureId,
  recipientIdentifier: '13001727000013',
  invoiceDate,
  paymentMode: 'CHEQUE',
});

export const typedLine = { name: 'Chaises A Tolux', quantity: '20', unitPrice: '320.00', vatRate: '10' };

export interface RequestCost {
  request: string;
  status: number;
  statements: number;
  transactions: number;
  /** PostgreSQL: round trips to the database (StatementStats.roundTrips); 0 on SQLite. */
  roundTrips: number;
  /** The statements themselves, in order (a budget overrun says which ran). */
  sql: string[];
}

/**
 * Runs the typed flow once, one request after the other, and returns what each request asked of
 * the database (the app must be otherwise idle for the counts to be this request's).
 */
export async function typedFlowCosts(t: TestApp, flow: TypedFlow): Promise<RequestCost[]> {
  const stats = t.database.stats;
  const costs: RequestCost[] = [];
  const measure = async (request: string, run: () => Promise<TestResponse>) => {
    const before = { ...stats };
    const sql: string[] = [];
    stats.trace = sql;
    const res = await run().finally(() => (stats.trace = undefined));
    costs.push({
      request,
      status: res.status,
      statements: stats.statements - before.statements,
      transactions: stats.transactions - before.transactions,
      roundTrips: stats.roundTrips - before.roundTrips,
      sql,
    });
    return res;
  };
  const draft = await measure('POST /api/invoices', () =>
    flow.supplier.post('/api/invoices', typedHeader(flow.structureId)),
  );
  await measure('POST /api/invoices/:id/lines', () =>
    flow.supplier.post(`/api/invoices/${draft.body.id}/lines`, typedLine),
  );
  await measure('POST /api/invoices/:id/submit', () => flow.supplier.post(`/api/invoices/${draft.body.id}/submit`));
  return costs;
}

/** A personal API token of the flow's supplier (« Mon compte », « Jetons d’API »). */
export async function supplierToken(flow: TypedFlow, name = 'Logiciel de facturation'): Promise<string> {
  const created = await flow.supplier.post('/api/me/api-tokens', { name });
  if (created.status !== 201) throw new Error(`token: ${JSON.stringify(created.body)}`);
  return created.body.secret as string;
}

/** The body of `POST /api/invoices/send`: the typed invoice, header and lines, in one call. */
export const typedInvoice = (structureId: number, lines = [typedLine]) => ({ ...typedHeader(structureId), lines });

/** One call of `POST /api/invoices/send` with a bearer token: its status and answer. */
export async function sendInOneCall(t: TestApp, secret: string, body: unknown) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/invoices/send',
    headers: { authorization: `Bearer ${secret}` },
    payload: body as object,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

/** One call of `POST /api/invoices/send` with a bearer token, and what it asked of the database. */
export async function oneCallCost(t: TestApp, secret: string, body: unknown) {
  const stats = t.database.stats;
  const before = { ...stats };
  const sql: string[] = [];
  stats.trace = sql;
  const res = await sendInOneCall(t, secret, body).finally(() => (stats.trace = undefined));
  return {
    request: 'POST /api/invoices/send',
    ...res,
    statements: stats.statements - before.statements,
    transactions: stats.transactions - before.transactions,
    /** PostgreSQL: round trips to the database (StatementStats.roundTrips); 0 on SQLite. */
    roundTrips: stats.roundTrips - before.roundTrips,
    sql,
  };
}

/** `digits` followed by the Luhn key that makes the whole Luhn-valid (SIREN and SIRET use it). */
function withLuhnKey(digits: string): string {
  for (let key = 0; key < 10; key++) if (luhnSum(`${digits}${key}`) % 10 === 0) return `${digits}${key}`;
  throw new Error('unreachable: one key in ten fits');
}

/**
 * The n-th generated SIRET: a SIREN (70 000 000 + n and its key, far from the fixtures' and from
 * La Poste's 356000000) and its head office's NIC (0001 and the key of the whole 14 digits).
 */
export function generatedSiret(n: number): string {
  if (n < 0 || n >= 29_999_999) throw new Error(`generated SIRET out of range: ${n}`);
  const siret = withLuhnKey(`${withLuhnKey(String(70_000_000 + n))}0001`);
  const problem = siretProblem(siret);
  if (problem) throw new Error(`${siret}: ${problem}`);
  return siret;
}

/**
 * A supplier that sends with its API token: the structure it sends as, the token's secret, and the
 * cookies of its user's signed-in portal session (session and CSRF), for a client over real HTTP.
 */
export interface TokenSupplier {
  structureId: number;
  secret: string;
  cookies: Map<string, string>;
}

/**
 * `count` more suppliers of the typed flow's invoice (setUpTypedFlow's recipient must exist), each
 * with its own account, structure (LECOINTRE PARIS's form with a generated SIRET and its own name)
 * and API token, each token used once (its first use records it, and the supplier's first invoice
 * of the year creates its counters): what a later call costs is every later call's cost. Eight
 * set up side by side: each is some ten commits and two argon2 hashes, which overlap.
 */
export async function setUpTokenSuppliers(t: TestApp, count: number, prefix = 'fournisseur'): Promise<TokenSupplier[]> {
  const suppliers: TokenSupplier[] = [];
  const one = async (n: number) => {
    const email = `${prefix}${n}@fournisseurs.fr`;
    // Sign-up is limited per address: each account comes from its own (benchmarking range
    // 198.18.0.0/15; only ever a label given to inject, no packet leaves the process).
    const client = t.client(`198.18.${n >> 8}.${n & 255}`);
    await createActiveAccount(t, email, STRONG_PASSWORD, { client, quick: true });
    const supplier = await signInWithMailCode(t, email, STRONG_PASSWORD, client);
    const created = await supplier.post('/api/structures', {
      ...lecointre,
      identifier: generatedSiret(n),
      companyName: `FOURNISSEUR ${n + 1}`,
    });
    if (created.status !== 201) throw new Error(`structure: ${JSON.stringify(created.body)}`);
    suppliers[n] = {
      structureId: created.body.id,
      secret: await supplierToken({ supplier, structureId: created.body.id }),
      cookies: supplier.cookies,
    };
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, count) }, async () => {
      while (next < count) await one(next++);
    }),
  );
  // The first invoices once every account is made: their routing jobs, left to the next
  // delivery, would otherwise be run by each mail's wait above.
  for (const { structureId, secret } of suppliers) {
    const first = await oneCallCost(t, secret, typedInvoice(structureId));
    if (first.status !== 201) throw new Error(`first invoice: ${JSON.stringify(first.body)}`);
  }
  await t.deliverMails();
  return suppliers;
}
