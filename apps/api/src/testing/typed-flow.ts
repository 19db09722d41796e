import { assignMainManager } from '../modules/organisation/assign-main-manager.ts';
import { lecointre } from './fixtures.ts';
import {
  createActiveAccount,
  signInWithMailCode,
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

/** One call of `POST /api/invoices/send` with a bearer token, and what it asked of the database. */
export async function oneCallCost(t: TestApp, secret: string, body: unknown) {
  const stats = t.database.stats;
  const before = { ...stats };
  const sql: string[] = [];
  stats.trace = sql;
  const res = await t.app
    .inject({
      method: 'POST',
      url: '/api/invoices/send',
      headers: { authorization: `Bearer ${secret}` },
      payload: body as object,
    })
    .finally(() => (stats.trace = undefined));
  return {
    request: 'POST /api/invoices/send',
    status: res.statusCode,
    body: JSON.parse(res.body),
    statements: stats.statements - before.statements,
    transactions: stats.transactions - before.transactions,
    sql,
  };
}
