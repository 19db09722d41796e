// Issue 13: what one request of the portal's typed invoice asks of the database. Each request is
// held to the budget measured when it was cut from 75 statements for the whole flow to 30 (15 in
// one call), then to 19 (8 in one call), and 7 in one call once the invoice was inserted already deposited, then
// to 17 once holding a draft also reads its structures; a change that reads a row again, or writes outside the
// one transaction, fails here and names the statements that ran. (Speed itself is measured by
// `npm run bench`, never by a test.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds, startTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  oneCallCost,
  setUpTypedFlow,
  supplierToken,
  typedFlowCosts,
  typedInvoice,
  typedLine,
  type TypedFlow,
} from '../../testing/typed-flow.ts';

/** Statements (transaction control apart) per request, both engines; each write is one transaction. */
export const STATEMENT_BUDGET = {
  'POST /api/invoices': 5,
  'POST /api/invoices/:id/lines': 5,
  'POST /api/invoices/:id/submit': 7,
  'POST /api/invoices/send': 7,
} as const;

/**
 * PostgreSQL: round trips of the one-call send (StatementStats.roundTrips): the token; BEGIN, the
 * header's structures and the supplier's number sent together; the invoice; its lines, history and
 * jobs with the COMMIT behind them. It was 9 (BEGIN alone, then each write waiting for the one
 * before), then 6 (the number and the COMMIT each alone).
 */
export const SEND_ROUND_TRIPS = 4;

/**
 * PostgreSQL: round trips of each request of the portal's typed flow, the session's read (shared
 * with the other requests of its turn) included. « Enregistrer »: the session; the structures; BEGIN
 * and the invoice; its history with the COMMIT. « Ajouter une ligne »: the session; BEGIN, the
 * draft held and its rows read (one write); the line and the totals with the COMMIT. « Confirmer et
 * envoyer »: the session; BEGIN, the draft held and read; the number; the status; history and jobs
 * with the COMMIT. They were 5, 6 and 7 (each statement waiting for the one before, the COMMIT alone).
 */
export const PORTAL_ROUND_TRIPS = {
  'POST /api/invoices': 4,
  'POST /api/invoices/:id/lines': 3,
  'POST /api/invoices/:id/submit': 5,
} as const;

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 13: statement budget of a typed invoice`, () => {
    let t: TestApp;
    let flow: TypedFlow;
    before(async () => {
      t = await startTestApp(kind);
      flow = await setUpTypedFlow(t, 'budget');
      // The first invoice of a year creates its counters: the budget is that of every later one.
      await typedFlowCosts(t, flow);
    });
    after(() => t.close());

    test('draft, line and submit each stay within their budget, one transaction per write', async () => {
      const costs = await typedFlowCosts(t, flow);
      for (const cost of costs) {
        assert.ok(cost.status < 300, `${cost.request} answered ${cost.status}`);
        const budget = STATEMENT_BUDGET[cost.request as keyof typeof STATEMENT_BUDGET];
        assert.ok(
          cost.statements <= budget,
          `${cost.request}: ${cost.statements} statements, budget ${budget}:\n${cost.sql.join('\n')}`,
        );
        assert.equal(cost.transactions, 1, `${cost.request}: one transaction`);
        const trips = PORTAL_ROUND_TRIPS[cost.request as keyof typeof PORTAL_ROUND_TRIPS];
        if (kind.name === 'postgres')
          assert.ok(
            cost.roundTrips <= trips,
            `${cost.request}: ${cost.roundTrips} round trips, budget ${trips}:\n${cost.sql.join('\n')}`,
          );
        else assert.equal(cost.roundTrips, 0);
      }
    });

    test('a complete invoice sent in one call with an API token: one transaction, within budget', async () => {
      const secret = await supplierToken(flow);
      const twoLines = typedInvoice(flow.structureId, [typedLine, { ...typedLine, name: 'Tables', quantity: '2' }]);
      // The token's first use records it; the budget is that of the calls after.
      await oneCallCost(t, secret, twoLines);
      const cost = await oneCallCost(t, secret, twoLines);
      assert.equal(cost.status, 201, JSON.stringify(cost.body));
      assert.equal(cost.body.status, 'DEPOSEE');
      assert.equal(cost.transactions, 1);
      const budget = STATEMENT_BUDGET['POST /api/invoices/send'];
      assert.ok(
        cost.statements <= budget,
        `one call: ${cost.statements} statements, budget ${budget}:\n${cost.sql.join('\n')}`,
      );
      if (kind.name === 'postgres')
        assert.ok(
          cost.roundTrips <= SEND_ROUND_TRIPS,
          `one call: ${cost.roundTrips} round trips, budget ${SEND_ROUND_TRIPS}:\n${cost.sql.join('\n')}`,
        );
      else assert.equal(cost.roundTrips, 0);
    });
  });
}
