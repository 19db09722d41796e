// Issue 13: complete invoices sent in one call at the same moment. On PostgreSQL they share a
// transaction (platform/transaction-groups.ts); on SQLite the driver commits them together. Either
// way each call gets the answer it would get alone, and nothing of a refused one is kept.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseKinds, startTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  sendInOneCall,
  setUpTokenSuppliers,
  setUpTypedFlow,
  typedInvoice,
  type TokenSupplier,
} from '../../testing/typed-flow.ts';

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 13: sends that come together`, () => {
    let t: TestApp;
    let suppliers: TokenSupplier[];
    const invoiceCount = async () =>
      Number((await sql<{ n: number }>`select count(*) as n from invoices`.execute(t.database.db)).rows[0]!.n);
    before(async () => {
      t = await startTestApp(kind);
      await setUpTypedFlow(t, 'groupes');
      suppliers = await setUpTokenSuppliers(t, 3, 'groupes');
    });
    after(() => t.close());

    test('24 sends of 3 suppliers at once: each written whole, numbers continuous per supplier', async () => {
      const stats = t.database.stats;
      const transactionsBefore = stats.transactions;
      const calls = Array.from({ length: 24 }, (_, i) => suppliers[i % 3]!);
      const answers = await Promise.all(calls.map((s) => sendInOneCall(t, s.secret, typedInvoice(s.structureId))));
      for (const a of answers) assert.equal(a.status, 201, JSON.stringify(a.body));
      if (kind.name === 'postgres')
        assert.ok(stats.transactions - transactionsBefore < 24, 'sent in fewer transactions than invoices');
      for (const s of suppliers) {
        const numbers = answers
          .filter((_, i) => calls[i] === s)
          .map((a) => Number(a.body.number.slice(4)))
          .sort((a, b) => a - b);
        assert.equal(new Set(numbers).size, 8);
        assert.equal(numbers.at(-1)! - numbers[0]!, 7, `continuous: ${numbers.join(', ')}`);
      }
      const ids = answers.map((a) => a.body.id as number);
      const rows = await t.database.db
        .selectFrom('invoices')
        .select((eb) => [
          'id',
          'status',
          'certificate',
          eb
            .selectFrom('invoice_lines')
            .whereRef('invoice_id', '=', 'invoices.id')
            .select(eb.fn.countAll().as('n'))
            .as('lines'),
          eb
            .selectFrom('invoice_history')
            .whereRef('invoice_id', '=', 'invoices.id')
            .select(eb.fn.countAll().as('n'))
            .as('history'),
        ])
        .where('id', 'in', ids)
        .execute();
      assert.equal(rows.length, 24);
      for (const r of rows) {
        assert.equal(r.status, 'DEPOSEE');
        assert.equal(Number(r.lines), 1);
        assert.equal(Number(r.history), 2);
        const answer = answers.find((a) => a.body.id === r.id)!;
        assert.equal(r.certificate, answer.body.certificate);
      }
    });

    test('a refused send among others gets its own answer; the others are written, it is not', async () => {
      const [a, b, c] = suppliers as [TokenSupplier, TokenSupplier, TokenSupplier];
      const before = await invoiceCount();
      const number = `GRP-${kind.name}-1`;
      const bodies = [
        { s: a, body: typedInvoice(a.structureId) },
        { s: b, body: { ...typedInvoice(b.structureId), number } },
        { s: a, body: { ...typedInvoice(a.structureId), invoiceDate: '2999-01-01' } },
        { s: c, body: typedInvoice(c.structureId) },
        // The same number twice for one supplier: the database refuses the second one written.
        { s: b, body: { ...typedInvoice(b.structureId), number } },
        { s: c, body: typedInvoice(c.structureId) },
        { s: b, body: typedInvoice(b.structureId) },
      ];
      const answers = await Promise.all(bodies.map(({ s, body }) => sendInOneCall(t, s.secret, body)));
      const statuses = answers.map((r) => r.status);
      assert.equal(statuses[2], 400);
      assert.ok(answers[2]!.body.error.fields.invoiceDate);
      const duplicates = [answers[1]!, answers[4]!];
      assert.deepEqual(duplicates.map((d) => d.status).sort(), [201, 409]);
      assert.match(
        duplicates.find((d) => d.status === 409)!.body.error.message,
        /Ce numéro de facture est déjà utilisé par votre structure/,
      );
      for (const i of [0, 3, 5, 6]) assert.equal(statuses[i], 201, JSON.stringify(answers[i]!.body));
      assert.equal(await invoiceCount(), before + 5);
    });
  });
}
