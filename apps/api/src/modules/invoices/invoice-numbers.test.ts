// Issue 13: automatic invoice numbers are counted per supplier (« <année><10 chiffres> », each
// supplier's own continuous sequence), and numbering takes no lock shared by all suppliers: on
// PostgreSQL a supplier's counter row is the only one a sending transaction locks, and draft
// numbers (TMP…) come from a sequence. Both databases, through the HTTP API.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
} from '../../testing/test-app.ts';
import { lecointre } from '../../testing/fixtures.ts';
import {
  sendInOneCall,
  setUpTypedFlow,
  supplierToken,
  typedHeader,
  typedInvoice,
  typedLine,
  type TypedFlow,
} from '../../testing/typed-flow.ts';

const send = (t: TestApp, secret: string, structureId: number) => sendInOneCall(t, secret, typedInvoice(structureId));

/** The sequence of an automatic number, and its year. */
const parts = (number: string) => {
  assert.match(number, /^\d{14}$/);
  return { year: number.slice(0, 4), seq: Number(number.slice(4)) };
};

/** Settles with `value`, or with 'timeout' after `ms`. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, delay(ms).then(() => 'timeout' as const)]);

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 13: automatic numbers per supplier, no numbering lock shared by suppliers`, () => {
    let t: TestApp;
    let a: TypedFlow;
    let b: TypedFlow;
    let secretA: string;
    let secretB: string;
    /** Every automatic number given, per supplier structure. */
    const given = new Map<number, string[]>();
    const sendAs = async (flow: TypedFlow, secret: string) => {
      const res = await send(t, secret, flow.structureId);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      given.set(flow.structureId, [...(given.get(flow.structureId) ?? []), res.body.number]);
      return res.body as { number: string; draftNumber: string };
    };

    before(async () => {
      t = await startTestApp(kind);
      a = await setUpTypedFlow(t, 'numbersa');
      await createActiveAccount(t, 'numbersb@autre.fr');
      const supplierB = await signInWithMailCode(t, 'numbersb@autre.fr');
      const created = await supplierB.post('/api/structures', {
        ...lecointre,
        identifier: '73282932000074',
        companyName: 'AUTRE',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      b = { supplier: supplierB, structureId: created.body.id };
      secretA = await supplierToken(a);
      secretB = await supplierToken(b);
    });
    after(() => t.close());

    test('each supplier numbers 1, 2, 3… of its own, in one call, in three steps and in parallel', async () => {
      // Interleaved: each supplier's sequence ignores the other's.
      const first = await sendAs(a, secretA);
      await sendAs(b, secretB);
      await sendAs(a, secretA);
      await sendAs(b, secretB);
      // The portal's three steps (« Enregistrer », « Ajouter une ligne », « Confirmer et envoyer »).
      const draft = await a.supplier.post('/api/invoices', typedHeader(a.structureId));
      assert.equal((await a.supplier.post(`/api/invoices/${draft.body.id}/lines`, typedLine)).status, 201);
      const submitted = await a.supplier.post(`/api/invoices/${draft.body.id}/submit`);
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
      given.get(a.structureId)!.push(submitted.body.number);
      // Many of one supplier at once, with the other's among them: no number twice, no gap.
      await Promise.all([
        ...Array.from({ length: 6 }, () => sendAs(a, secretA)),
        ...Array.from({ length: 3 }, () => sendAs(b, secretB)),
      ]);

      const { year } = parts(first.number);
      for (const [structureId, expected] of [
        [a.structureId, 9],
        [b.structureId, 5],
      ] as const) {
        const numbers = given.get(structureId)!.map(parts);
        assert.ok(numbers.every((n) => n.year === year));
        assert.deepEqual(
          numbers.map((n) => n.seq).sort((x, y) => x - y),
          Array.from({ length: expected }, (_, i) => i + 1),
          `structure ${structureId}: its own continuous sequence`,
        );
        const counter = await t.database.db
          .selectFrom('counters')
          .select('value')
          .where('name', '=', `invoice-${year}-${structureId}`)
          .executeTakeFirstOrThrow();
        assert.equal(Number(counter.value), expected);
      }
      // Sent one after the other, a supplier's numbers follow the order of sending.
      const sequential = given
        .get(a.structureId)!
        .slice(0, 3)
        .map((n) => parts(n).seq);
      assert.deepEqual(sequential, [1, 2, 3]);
      const global = await t.database.db
        .selectFrom('counters')
        .select('name')
        .where('name', '=', `invoice-${year}`)
        .executeTakeFirst();
      assert.equal(global, undefined, 'no platform-wide invoice counter');
    });

    test('draft numbers stay unique platform-wide, TMP<année><12 chiffres>', async () => {
      const drafts = await Promise.all([
        ...Array.from({ length: 4 }, () => a.supplier.post('/api/invoices', typedHeader(a.structureId))),
        ...Array.from({ length: 4 }, () => b.supplier.post('/api/invoices', typedHeader(b.structureId))),
      ]);
      const numbers = drafts.map((d) => {
        assert.equal(d.status, 201, JSON.stringify(d.body));
        assert.match(d.body.draftNumber, /^TMP\d{4}\d{12}$/);
        return d.body.draftNumber as string;
      });
      assert.equal(new Set(numbers).size, numbers.length);
      // PostgreSQL draws them from its sequence: no counter row for them to be locked.
      const rows = await t.database.db.selectFrom('counters').select('name').where('name', 'like', 'draft-%').execute();
      assert.equal(rows.length, kind.name === 'postgres' ? 0 : 1);
    });

    if (kind.name === 'postgres')
      test('a transaction holding supplier A’s counter does not hold back supplier B; A’s own send waits for it', async () => {
        const year = parts(given.get(a.structureId)![0]!).year;
        const countA = given.get(a.structureId)!.length;
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        // What A's sending transaction holds once it has its number: A's counter row (and a draft
        // number drawn from the sequence), until it commits.
        const holder = t.database.db.transaction().execute(async (trx) => {
          await sql`select nextval('draft_numbers')`.execute(trx);
          await sql`select value from counters where name = ${`invoice-${year}-${a.structureId}`} for update`.execute(
            trx,
          );
          locked();
          await released;
        });
        try {
          await isLocked;
          const sentB = await within(send(t, secretB, b.structureId), 5000);
          assert.notEqual(sentB, 'timeout', 'B’s send must not wait for A’s counter');
          if (sentB !== 'timeout') assert.equal(sentB.status, 201, JSON.stringify(sentB.body));
          const draftB = await within(b.supplier.post('/api/invoices', typedHeader(b.structureId)), 5000);
          assert.notEqual(draftB, 'timeout', 'B’s draft must not wait for A’s draft number');
          // The lock is real: A's own automatic number waits for it.
          const sentA = send(t, secretA, a.structureId);
          assert.equal(await within(sentA, 300), 'timeout', 'A’s send waits for its counter');
          release();
          const doneA = await sentA;
          assert.equal(doneA.status, 201, JSON.stringify(doneA.body));
          assert.equal(parts(doneA.body.number).seq, countA + 1);
        } finally {
          release();
          await holder;
        }
      });
  });
}
