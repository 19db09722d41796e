// Issue 13: a complete invoice (header and lines) typed and sent in one call of the native API,
// as accounting software does with a personal API token: the same rules as the portal's three
// steps, one transaction, nothing kept when a rule refuses it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import {
  sendInOneCall,
  setUpTypedFlow,
  supplierToken,
  typedInvoice,
  typedLine,
  type TypedFlow,
} from '../../testing/typed-flow.ts';

const send = sendInOneCall;

/** The automatic number after `number` (« <année><séquence> »). */
const nextNumber = (number: string) => `${number.slice(0, 4)}${String(Number(number.slice(4)) + 1).padStart(10, '0')}`;

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 13: POST /api/invoices/send`, () => {
    let t: TestApp;
    let flow: TypedFlow;
    let secret: string;
    let entity: TestClient;
    const issuedTotal = async () => (await flow.supplier.get('/api/invoices/issued')).body.total as number;
    before(async () => {
      t = await startTestApp(kind);
      flow = await setUpTypedFlow(t, 'onecall');
      secret = await supplierToken(flow);
      entity = await signInWithMailCode(t, 'onecall@cci.fr');
    });
    after(() => t.close());

    test('drafts, adds the lines and sends in one call; the recipient receives it once routed', async () => {
      const res = await send(
        t,
        secret,
        typedInvoice(flow.structureId, [typedLine, { ...typedLine, name: 'Tables', quantity: '2', unitPrice: '100' }]),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const v = res.body;
      assert.equal(v.status, 'DEPOSEE');
      assert.match(v.number, /^\d{4}\d{10}$/);
      assert.deepEqual(
        v.lines.map((l: { position: number; name: string }) => [l.position, l.name]),
        [
          [1, 'Chaises A Tolux'],
          [2, 'Tables'],
        ],
      );
      // 20 × 320,00 + 2 × 100,00 = 6 600,00 HT, TVA 10 % = 660,00.
      assert.equal(v.totals.netCents, 660000);
      assert.equal(v.totals.vatCents, 66000);
      assert.equal(v.totals.netPayableCents, 726000);
      assert.deepEqual(
        v.history.map((h: { status: string }) => h.status),
        ['DEPOSEE', 'BROUILLON'],
      );
      // The certificate sealed in the same transaction is the one anyone recomputes.
      const deposit = await flow.supplier.get(`/api/invoices/${v.id}/deposit.json`);
      assert.equal(deposit.status, 200);
      assert.equal(deposit.body.certificate, v.certificate);
      assert.equal(deposit.body.recomputed, v.certificate);
      // And the answer is what a later read shows.
      const read = await flow.supplier.get(`/api/invoices/${v.id}`);
      assert.deepEqual(read.body, v);

      await t.app.outbox.runDueJobs();
      const received = await entity.get('/api/invoices/received');
      assert.ok(received.body.items.some((i: { number: string }) => i.number === v.number));
    });

    test('a rule that refuses the sending keeps nothing, not even the draft', async () => {
      const before = await issuedTotal();
      const future = await send(t, secret, { ...typedInvoice(flow.structureId), invoiceDate: '2999-01-01' });
      assert.equal(future.status, 400);
      assert.equal(future.body.error.code, 'VALIDATION_FAILED');
      assert.ok(future.body.error.fields.invoiceDate);
      const nobody = await send(t, secret, {
        ...typedInvoice(flow.structureId),
        recipientIdentifier: '11111111111111',
      });
      assert.equal(nobody.status, 400);
      assert.ok(nobody.body.error.fields.recipientIdentifier);
      const noLine = await send(t, secret, { ...typedInvoice(flow.structureId), lines: [] });
      assert.equal(noLine.status, 400);
      assert.equal(await issuedTotal(), before);
    });

    // On PostgreSQL the supplier's number is taken with the first read, before the header is
    // judged: a refusal gives it back (the transaction rolls back), the numbers stay continuous.
    test('a refused call takes no number: the next one follows the last invoice sent', async () => {
      const first = await send(t, secret, typedInvoice(flow.structureId));
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const nobody = await send(t, secret, {
        ...typedInvoice(flow.structureId),
        recipientIdentifier: '11111111111111',
      });
      assert.equal(nobody.status, 400);
      const future = await send(t, secret, { ...typedInvoice(flow.structureId), invoiceDate: '2999-01-01' });
      assert.equal(future.status, 400);
      const next = await send(t, secret, typedInvoice(flow.structureId));
      assert.equal(next.status, 201, JSON.stringify(next.body));
      assert.equal(next.body.number, nextNumber(first.body.number));
    });

    // The lines, history and jobs are sent together, on PostgreSQL with the COMMIT behind them
    // (one round trip): one of them refused by the database fails the whole transaction, whichever
    // it is, and the call answers an error.
    for (const table of ['invoice_lines', 'invoice_history', 'outbox_jobs'] as const)
      test(`a write refused among those sent together (${table}) keeps nothing`, async () => {
        const db = t.database.db;
        const counts = async () => {
          const count = async (name: string) =>
            Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(db)).rows[0]!.n);
          return {
            invoices: await count('invoices'),
            lines: await count('invoice_lines'),
            history: await count('invoice_history'),
            jobs: await count('outbox_jobs'),
          };
        };
        const previous = await send(t, secret, typedInvoice(flow.structureId));
        assert.equal(previous.status, 201, JSON.stringify(previous.body));
        const trigger = sql.id(`refuse_${table}`);
        if (kind.name === 'sqlite')
          await sql`create trigger ${trigger} before insert on ${sql.table(table)} begin select raise(abort, 'refusé'); end`.execute(
            db,
          );
        else {
          await sql`create function ${trigger}() returns trigger language plpgsql as $$ begin raise exception 'refusé'; end $$`.execute(
            db,
          );
          await sql`create trigger ${trigger} before insert on ${sql.table(table)} for each row execute function ${trigger}()`.execute(
            db,
          );
        }
        try {
          const before = await counts();
          const res = await send(
            t,
            secret,
            typedInvoice(flow.structureId, [typedLine, { ...typedLine, name: 'Tables' }]),
          );
          assert.equal(res.status, 500, JSON.stringify(res.body));
          assert.deepEqual(await counts(), before);
        } finally {
          await sql`drop trigger ${trigger}${kind.name === 'postgres' ? sql` on ${sql.table(table)}` : sql``}`.execute(
            db,
          );
          if (kind.name === 'postgres') await sql`drop function ${trigger}()`.execute(db);
        }
        const res = await send(t, secret, typedInvoice(flow.structureId));
        assert.equal(res.status, 201, 'the next one goes through');
        assert.equal(res.body.number, nextNumber(previous.body.number), 'with the number the failed one gave back');
      });

    test('only for a structure the caller may invoice from', async () => {
      await createActiveAccount(t, 'stranger@exemple.fr');
      const stranger = await signInWithMailCode(t, 'stranger@exemple.fr');
      const created = await stranger.post('/api/me/api-tokens', { name: 'Autre logiciel' });
      const res = await send(t, created.body.secret, typedInvoice(flow.structureId));
      assert.equal(res.status, 404);
    });
  });
}
