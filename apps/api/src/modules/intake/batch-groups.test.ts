import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { lecointre } from '../../testing/fixtures.ts';
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { GROUP_SIZE } from './deposit-files.ts';
import { CCI, fiveLineUbl, zip } from './intake-test-support.ts';

/**
 * Issue 9 bench: a batch's invoices are written GROUP_SIZE to a transaction. A failure inside a
 * group must undo the whole group (as a crash would), the flow must resume where the committed
 * entries stop, and no invoice may be created twice.
 */
for (const kind of databaseKinds) {
  describe(`[${kind.name}] batches written by groups of invoices (issue 9)`, () => {
    let t: TestApp;
    let supplier: TestClient;
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-groups-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      await supplier.post('/api/structures', lecointre);
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
    });
    after(() => t.close());

    const batch = (prefix: string, count: number, numberOf = (i: number) => `${prefix}-${i + 1}`) =>
      zip(Array.from({ length: count }, (_, i) => ({ name: `f-${i + 1}.xml`, bytes: fiveLineUbl(numberOf(i)) })));
    const invoicesOf = () =>
      t.database.db
        .selectFrom('invoices as i')
        .leftJoin('deposit_entries as e', 'e.invoice_id', 'i.id')
        .select(['i.id', 'i.number', 'i.draft_number', 'i.status', 'e.deposit_id', 'e.position', 'e.result'])
        .where('i.number', 'like', 'GRP-%')
        .orderBy('i.id')
        .execute();

    /** The database refuses the invoice numbered `number` (a fault injected below the app). */
    async function failInvoice(number: string) {
      const db = t.database.db;
      if (kind.name === 'sqlite')
        await sql
          .raw(
            `create trigger fail_invoice before insert on invoices when new.number = '${number}' begin select raise(abort, 'panne simulée'); end`,
          )
          .execute(db);
      else {
        await sql
          .raw(
            `create function fail_invoice() returns trigger language plpgsql as $$ begin if new.number = '${number}' then raise exception 'panne simulée'; end if; return new; end $$`,
          )
          .execute(db);
        await sql
          .raw('create trigger fail_invoice before insert on invoices for each row execute function fail_invoice()')
          .execute(db);
      }
    }
    async function repair() {
      await sql
        .raw('drop trigger fail_invoice' + (kind.name === 'postgres' ? ' on invoices' : ''))
        .execute(t.database.db);
    }

    test('a failure inside a group undoes the group; the flow resumes there and no invoice is created twice', async () => {
      const count = 2 * GROUP_SIZE + 10;
      const failing = GROUP_SIZE + 11; // the 12th file of the second group
      await failInvoice(`GRP-${failing + 1}`);
      const res = await supplier.upload(
        '/api/invoices/deposits',
        { name: 'lot.zip', bytes: batch('GRP', count) },
        {
          submit: 'true',
        },
      );
      const id = res.body.depositId as number;
      await t.app.outbox.runDueJobs();

      // The reader stopped at the failing file: the first group was committed whole; the second,
      // undone as a whole, was written again one invoice at a time up to the failing one.
      const midway = (await supplier.get(`/api/invoices/deposits/${id}`)).body;
      assert.equal(midway.state, 'EN_COURS');
      assert.equal(midway.items.length, failing);
      let rows = await invoicesOf();
      assert.deepEqual(
        rows.map((r) => r.number),
        Array.from({ length: failing }, (_, i) => `GRP-${i + 1}`),
      );
      // Every invoice has its flow entry with its result and was sent; nothing of the failed
      // attempt remains. SQLite gave its draft numbers back (they follow each other without a gap);
      // PostgreSQL draws them from a sequence, which never gives back (gaps, harmless for a
      // temporary number): they only go up.
      assert.ok(rows.every((r) => r.deposit_id === id && r.result !== null && r.status !== 'BROUILLON'));
      const seqs = rows.map((r) => Number(r.draft_number.slice(-12)));
      if (kind.name === 'sqlite')
        assert.deepEqual(
          seqs,
          seqs.map((_, i) => seqs[0]! + i),
        );
      else assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!));
      const before = rows.map((r) => [r.id, r.number]);

      // The fault is gone; the job runs again after its delay and resumes the flow.
      await repair();
      t.advance(60_000);
      await t.app.outbox.runDueJobs();
      const done = (await supplier.get(`/api/invoices/deposits/${id}`)).body;
      assert.equal(done.flowState, 'IN_INTEGRE');
      assert.equal(done.summary.sent, count);
      rows = await invoicesOf();
      assert.equal(rows.length, count, 'no invoice created twice');
      assert.equal(new Set(rows.map((r) => r.number)).size, count);
      assert.deepEqual(
        rows.slice(0, failing).map((r) => [r.id, r.number]),
        before,
      );
      assert.deepEqual(
        rows.map((r) => r.position),
        Array.from({ length: count }, (_, i) => i),
      );
    });

    test('the same number twice in one group: the second is refused naming the first, the group goes on', async () => {
      const res = await supplier.upload(
        '/api/invoices/deposit',
        { name: 'lot.zip', bytes: batch('DBL', 6, (i) => (i === 4 ? 'DBL-2' : `DBL-${i + 1}`)) },
        { submit: 'true' },
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.items.map((i: { outcome: string }) => i.outcome),
        ['ENVOYEE', 'ENVOYEE', 'ENVOYEE', 'ENVOYEE', 'REFUSEE', 'ENVOYEE'],
      );
      assert.match(res.body.items[4].message, /DBL-2.*déjà été envoyée/);
    });

    test('the statement budget of a batch: one transaction per group, at most 9 statements per invoice', async () => {
      const count = 2 * GROUP_SIZE;
      const stats = t.database.stats;
      const before = { ...stats };
      const res = await supplier.upload(
        '/api/invoices/deposit',
        { name: 'lot.zip', bytes: batch('BUD', count) },
        {
          submit: 'true',
        },
      );
      assert.equal(res.body.summary.sent, count);
      const statements = stats.statements - before.statements;
      const transactions = stats.transactions - before.transactions;
      // Besides the groups: the deposit opened, taken by its reader (its flow state, with the
      // webhooks it announces), its first stage and its final state written.
      assert.equal(transactions, 4 + count / GROUP_SIZE);
      // Before the groups: 17 per invoice (issue 9 bench). The rest is the deposit's own (~25).
      assert.ok(statements <= 9 * count + 25, `${statements} statements for ${count} invoices`);
    });
  });
}
