// Issue 12, 1 million invoices: the worklists (« Synthèse », « Factures à traiter ») count up to
// 1 000 (or the end of the page asked) and say « more » past it; every page is still reachable and
// in order; a filtered list under the cap is counted exactly; both lists read the partial indexes
// of migration 20261202T0100 (their predicates and the queries' must say the same). Both databases.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '@chorale/db';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { lecointre } from '../../testing/fixtures.ts';
import type { AppContext } from '../../platform/context.ts';
import { WORKLIST_COUNT_CAP, worklist } from './worklist.ts';
import { EXPORT_BATCH, invoicesCsv } from './export-invoices.ts';

const CCI = '13001727000013';
/** Invoices on the CCI's worklist: the cap, two pages more, and 11 lines of a last page. */
const ON_RECIPIENT_LIST = WORKLIST_COUNT_CAP + 61;

interface Page {
  items: { id: number; number: string; status: string; statusAt: string; instructor: string }[];
  total: number;
  totalCapped: boolean;
  page: number;
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] worklists: capped count, every page, partial indexes`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let entity: TestClient;
    let supplierId = 0;
    let db: Kysely<Database>;

    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-worklist-${kind.name}-${process.pid}` });
      db = t.app.ctx.db;
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      // One invoice sent through the app; its row is the model of the many written below.
      const draft = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        recipientIdentifier: CCI,
        paymentMode: 'CHEQUE',
        invoiceDate: '2026-02-10',
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      await supplier.post(`/api/invoices/${draft.body.id}/lines`, {
        name: 'Tables',
        quantity: '2',
        unitPrice: '100',
        vatRate: '20',
      });
      assert.equal((await supplier.post(`/api/invoices/${draft.body.id}/submit`)).status, 200);
      await t.deliverMails(); // routed: « Mise à disposition » of the CCI
      const model = await db
        .selectFrom('invoices')
        .selectAll()
        .where('id', '=', draft.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(model.status, 'MISE_A_DISPOSITION');
      const { id: _id, ...columns } = model;
      // The CCI's list: ON_RECIPIENT_LIST - 1 more invoices « Mise à disposition » or « Service
      // fait », each its own instant; paid ones that are not on it; 10 noted for instructeur « JD ».
      // The supplier's Synthèse: 3 drafts, 2 rejections not handled, 4 handled (off the list).
      const rows: (typeof columns)[] = [];
      const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
      for (let n = 1; n < ON_RECIPIENT_LIST; n++)
        rows.push({
          ...columns,
          draft_number: `WL-${n}`,
          number: `WL${n}`,
          status: n % 3 === 0 ? 'SERVICE_FAIT' : 'MISE_A_DISPOSITION',
          status_at: at(n),
          recipient_instructor: n % 100 === 0 ? 'JD' : null,
        });
      for (let n = 1; n <= 40; n++)
        rows.push({
          ...columns,
          draft_number: `WP-${n}`,
          number: `WP${n}`,
          status: 'MISE_EN_PAIEMENT',
          status_at: at(5000 + n),
        });
      for (let n = 1; n <= 3; n++)
        rows.push({ ...columns, draft_number: `WB-${n}`, number: null, status: 'BROUILLON', status_at: at(6000 + n) });
      for (let n = 1; n <= 6; n++)
        rows.push({
          ...columns,
          draft_number: `WR-${n}`,
          number: `WR${n}`,
          status: 'REJETEE',
          status_at: at(7000 + n),
          rejection_handled_at: n <= 4 ? at(8000) : null,
        });
      for (let i = 0; i < rows.length; i += 100)
        await db
          .insertInto('invoices')
          .values(rows.slice(i, i + 100))
          .execute();
    });
    after(() => t.close());

    const page = async (client: TestClient, side: 'issued' | 'received', query = '') => {
      const res = await client.get(`/api/invoices/${side}/worklist?${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as Page;
    };
    /** The whole list in SQL, newest state first: what the pages must show, in order. */
    const expected = async () =>
      (
        await db
          .selectFrom('invoices')
          .select('number')
          .where('recipient_structure_id', 'in', db.selectFrom('structures').select('id').where('identifier', '=', CCI))
          .where('status', 'in', ['MISE_A_DISPOSITION', 'SERVICE_FAIT'])
          .orderBy('status_at', 'desc')
          .orderBy('id', 'desc')
          .execute()
      ).map((r) => r.number);

    test('past 1 000 invoices the count says « more », and the pages still reach the last one', async () => {
      const all = await expected();
      assert.equal(all.length, ON_RECIPIENT_LIST);
      const first = await page(entity, 'received');
      assert.deepEqual([first.total, first.totalCapped, first.items.length], [WORKLIST_COUNT_CAP, true, 50]);
      assert.deepEqual(
        first.items.map((i) => i.number),
        all.slice(0, 50),
      );
      // Page 21 (lines 1 001 to 1 050): counted to its end and one more, so « more » again.
      const p21 = await page(entity, 'received', 'page=21');
      assert.deepEqual([p21.total, p21.totalCapped], [1050, true]);
      assert.deepEqual(
        p21.items.map((i) => i.number),
        all.slice(1000, 1050),
      );
      // The last page: the count is exact again and ends the list.
      const p22 = await page(entity, 'received', 'page=22');
      assert.deepEqual([p22.total, p22.totalCapped, p22.items.length], [ON_RECIPIENT_LIST, false, 11]);
      assert.deepEqual(
        p22.items.map((i) => i.number),
        all.slice(1050),
      );
      // A page size of 100: page 10 ends at the cap; page 11 counts to 1 100 and finds 1 061.
      const p10 = await page(entity, 'received', 'page=10&pageSize=100');
      assert.deepEqual([p10.total, p10.totalCapped], [WORKLIST_COUNT_CAP, true]);
      const p11 = await page(entity, 'received', 'page=11&pageSize=100');
      assert.deepEqual([p11.total, p11.totalCapped, p11.items.length], [ON_RECIPIENT_LIST, false, 61]);
    });

    test('under the cap the count is exact: a filter, and the supplier’s Synthèse', async () => {
      const jd = await page(entity, 'received', 'instructor=JD');
      assert.deepEqual([jd.total, jd.totalCapped, jd.items.length], [10, false, 10]);
      assert.ok(jd.items.every((i) => i.instructor === 'JD'));
      const synthese = await page(supplier, 'issued');
      // 3 drafts and the 2 rejections not handled; the handled ones and the sent invoices are not on it.
      assert.deepEqual([synthese.total, synthese.totalCapped], [5, false]);
      assert.deepEqual(synthese.items.map((i) => i.status).sort(), [
        'BROUILLON',
        'BROUILLON',
        'BROUILLON',
        'REJETEE',
        'REJETEE',
      ]);
    });

    test('both worklists read their partial index (page and count)', async () => {
      // The statements the use case runs, recorded, then explained by the engine with the same values.
      const captured: CompiledQuery[] = [];
      const recording = db.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => a.result });
      const executor = recording.getExecutor();
      const run = executor.executeQuery.bind(executor);
      (executor as { executeQuery: typeof run }).executeQuery = async <R>(query: CompiledQuery<R>) => {
        captured.push(query);
        return run(query);
      };
      const ctx = { ...t.app.ctx, db: recording } as AppContext;
      const users = await db
        .selectFrom('users')
        .select(['id', 'contact_email'])
        .where('contact_email', 'in', ['daniel@lecointre.fr', 'achats@cci.fr'])
        .execute();
      const userId = (email: string) => users.find((u) => u.contact_email === email)!.id;
      if (kind.name === 'postgres') await db.executeQuery(CompiledQuery.raw('analyze invoices'));
      for (const [side, email, index] of [
        ['issued', 'daniel@lecointre.fr', 'invoices_supplier_worklist'],
        ['received', 'achats@cci.fr', 'invoices_recipient_worklist'],
      ] as const) {
        captured.length = 0;
        await worklist(ctx, userId(email), side, { hideOldRejected: false, instructor: '', page: 1, pageSize: 50 });
        const statements = captured.filter((q) => /from "invoices" as "i"/.test(q.sql));
        assert.equal(statements.length, 2, `${side}: the count and the page`);
        const [count, rows] = statements as [CompiledQuery, CompiledQuery];
        // The page: its 50 rows in the index's order. The count: up to 1 001 entries of the
        // worklist's index, or of the (structure, state) index, one seek per state.
        const pagePlan = await explain(db, kind.name, rows);
        assert.match(pagePlan, new RegExp(index), `${side}: ${rows.sql}\n${pagePlan}`);
        const countPlan = await explain(db, kind.name, count);
        const structureStates = side === 'issued' ? 'invoices_supplier(?!_)' : 'invoices_recipient(?!_)';
        assert.match(countPlan, new RegExp(`${index}|${structureStates}`), `${side}: ${count.sql}\n${countPlan}`);
      }
    });
    test('an export of several pages lets the process answer other requests between its pages', async () => {
      // SQLite answers synchronously: without a turn of the event loop between pages, an export
      // of 100 000 lines held the process (and its garbage collector's tasks) to its last line.
      const user = await db
        .selectFrom('users')
        .select('id')
        .where('contact_email', '=', 'achats@cci.fr')
        .executeTakeFirstOrThrow();
      let lines = 0;
      let linesWhenOtherRan = -1;
      setImmediate(() => (linesWhenOtherRan = lines));
      const csv = invoicesCsv(t.app.ctx, user.id, { side: 'received', page: 1, pageSize: 50 });
      for await (const chunk of csv) for (const c of String(chunk)) if (c === '\n') lines++;
      assert.ok(lines > EXPORT_BATCH + 1, `${lines} lines`);
      assert.ok(linesWhenOtherRan >= 0 && linesWhenOtherRan < lines, `other work ran after line ${linesWhenOtherRan}`);
    });
  });
}

/**
 * The engine's plan for a statement with its values. On PostgreSQL, as the server runs it: a
 * prepared statement, explained after enough runs for PostgreSQL to have chosen its generic plan
 * when it prefers it; sequential scans are set aside (a table of a thousand rows is read whole
 * faster than through an index: the question is which index a large one would be read through).
 */
async function explain(db: Kysely<Database>, engine: string, q: CompiledQuery): Promise<string> {
  if (engine !== 'postgres') {
    const rows = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
    );
    return rows.rows.map((r) => r.detail).join('\n');
  }
  return db.connection().execute(async (c) => {
    const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
    const args = q.parameters.length ? `(${q.parameters.map(literal).join(', ')})` : '';
    await c.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
    await c.executeQuery(CompiledQuery.raw(`prepare worklist_plan as ${q.sql}`));
    for (let i = 0; i < 6; i++) await c.executeQuery(CompiledQuery.raw(`execute worklist_plan${args}`));
    const rows = await c.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain execute worklist_plan${args}`),
    );
    await c.executeQuery(CompiledQuery.raw('deallocate worklist_plan'));
    await c.executeQuery(CompiledQuery.raw('reset enable_seqscan'));
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
