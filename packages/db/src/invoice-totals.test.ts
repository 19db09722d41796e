// Issue 12, « Tableau de bord » at 1 million invoices: `invoice_totals` (migration 20261202T0200)
// stays equal to a count made in SQL over the invoices after every kind of write — one row, many
// rows in one statement, inserts, updates of each column it depends on, deletes, a transaction
// rolled back — and its migration fills it from the invoices already there; both databases.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import * as totalsMigration from './migrations/20261202T0200_create-invoice-totals.ts';
import * as pendingMigration from './migrations/20261202T0210_add-invoice-totals-pending.ts';
import { insertTestUser, testDatabaseKinds, type TestDatabase } from './testing.ts';

const NOW = '2026-12-01T09:00:00.000Z';
const KEY = ['structure_id', 'side', 'date_kind', 'day', 'status', 'service_id', 'currency'] as const;

for (const kind of testDatabaseKinds()) {
  describe(`[${kind.name}] invoice_totals: the dashboard's counts kept exact by triggers`, () => {
    let h: TestDatabase;
    let user = 0;
    const structure: number[] = [];
    const service: number[] = [];

    before(async () => {
      h = await kind.create();
      user = await insertTestUser(h.db, { created_at: NOW });
      for (const [i, k] of (['PRIVEE', 'PRIVEE', 'PUBLIQUE', 'PUBLIQUE'] as const).entries()) {
        const s = await h.db
          .insertInto('structures')
          .values({
            identifier_type: 'SIRET',
            identifier: `9900000000000${i}`,
            kind: k,
            company_name: `S${i}`,
            country_code: 'FR',
            created_at: NOW,
            updated_at: NOW,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        structure.push(s.id);
        const v = await h.db
          .insertInto('services')
          .values({ structure_id: s.id, code: `SV${i}`, name: `Service ${i}`, created_at: NOW, updated_at: NOW })
          .returning('id')
          .executeTakeFirstOrThrow();
        service.push(v.id);
      }
    });
    after(() => h.destroy());

    /**
     * The totals as the triggers keep them, folded or still pending (keys at zero left out), and
     * as SQL counts them.
     */
    const keys = sql.raw(KEY.join(', '));
    const kept = async () =>
      (
        await sql<Record<string, string | number>>`
          select ${keys}, sum(n) as n, sum(cents) as cents from (
            select * from invoice_totals union all select * from invoice_totals_pending) as t
          group by ${keys} having sum(n) <> 0 or sum(cents) <> 0`.execute(h.db)
      ).rows;
    const pending = async () =>
      Number((await sql<{ z: number }>`select count(*) as z from invoice_totals_pending`.execute(h.db)).rows[0]!.z);
    const counted = async () => {
      const parts = (['supplier', 'recipient'] as const).flatMap((party) =>
        (['invoice_date', 'due_date'] as const).map(
          (day) => sql`
            select ${sql.raw(`${party}_structure_id`)} as structure_id,
              ${party === 'supplier' ? 'issued' : 'received'} as side,
              ${day === 'invoice_date' ? 'invoice' : 'due'} as date_kind, ${sql.raw(day)} as day, status,
              coalesce(${sql.raw(`${party}_service_id`)}, 0) as service_id, currency,
              count(*) as n, sum(net_payable_cents) as cents
            from invoices where ${sql.raw(`${party}_structure_id`)} is not null and ${sql.raw(day)} is not null
            group by 1, 2, 3, 4, 5, 6, 7`,
        ),
      );
      return (await sql<Record<string, string | number>>`${sql.join(parts, sql` union all `)}`.execute(h.db)).rows;
    };
    const normal = (rows: Record<string, string | number>[]) =>
      rows
        .map((r) => [...KEY, 'n', 'cents'].map((k) => String(r[k])).join('|'))
        .sort()
        .join('\n');
    const assertExact = async (step: string) => {
      const rows = await counted();
      assert.equal(normal(await kept()), normal(rows), step);
      return rows.length;
    };

    const invoice = (n: number, over: Record<string, unknown> = {}) => ({
      draft_number: `D${n}`,
      number: `F${n}`,
      supplier_structure_id: structure[n % 2]!,
      supplier_service_id: n % 3 === 0 ? service[n % 2]! : null,
      recipient_structure_id: n % 5 === 0 ? null : structure[2 + (n % 2)]!,
      recipient_service_id: n % 4 === 0 ? service[2 + (n % 2)]! : null,
      billing_framework: 'A1_FACTURE_FOURNISSEUR',
      currency: n % 7 === 0 ? 'USD' : 'EUR',
      type: 'FACTURE' as const,
      vat_type: 'TVA_SUR_DEBIT',
      payment_mode: 'VIREMENT',
      invoice_date: `2026-0${1 + (n % 3)}-1${n % 4}`,
      status: (n % 2 ? 'MISE_A_DISPOSITION' : 'BROUILLON') as 'MISE_A_DISPOSITION' | 'BROUILLON',
      status_at: NOW,
      due_date: n % 2 ? `2026-0${2 + (n % 3)}-0${1 + (n % 5)}` : null,
      net_payable_cents: 1000 * n + 7,
      created_by: user,
      created_at: NOW,
      updated_at: NOW,
      ...over,
    });

    test('inserts, one and many in one statement', async () => {
      await h.db.insertInto('invoices').values(invoice(1)).execute();
      await h.db
        .insertInto('invoices')
        .values(Array.from({ length: 40 }, (_, i) => invoice(i + 2)))
        .execute();
      assert.ok((await assertExact('after the inserts')) > 20);
    });

    test('updates of each column the totals depend on, one row and many', async () => {
      const first = (await h.db.selectFrom('invoices').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
      const one = (set: Record<string, unknown>) =>
        h.db.updateTable('invoices').set(set).where('id', '=', first).execute();
      await one({ status: 'SERVICE_FAIT', status_at: NOW });
      await assertExact('status');
      await one({ net_payable_cents: 123_456 });
      await assertExact('amount');
      await one({ invoice_date: '2025-12-31', due_date: '2026-01-30' });
      await assertExact('dates');
      await one({ due_date: null });
      await assertExact('due date removed');
      await one({ supplier_structure_id: structure[1]!, supplier_service_id: service[1]! });
      await assertExact('supplier and service');
      await one({ recipient_structure_id: null, recipient_service_id: null });
      await assertExact('recipient removed');
      await one({ recipient_structure_id: structure[3]! });
      await assertExact('recipient');
      await one({ currency: 'GBP' });
      await assertExact('currency');
      await one({ recipient_service_id: service[3]! });
      await assertExact('recipient service');
      await one({ comment: 'sans effet sur les totaux', updated_at: NOW });
      await assertExact('another column');
      await h.db
        .updateTable('invoices')
        .set({ status: 'MISE_EN_PAIEMENT' })
        .where('status', '=', 'MISE_A_DISPOSITION')
        .execute();
      await assertExact('many rows in one statement');
      await h.db
        .updateTable('invoices')
        .set((eb) => ({ net_payable_cents: eb('net_payable_cents', '+', 1) }))
        .execute();
      await assertExact('every row');
    });

    test('a transaction rolled back leaves the totals as they were', async () => {
      const before = normal(await kept());
      await assert.rejects(
        h.db.transaction().execute(async (trx) => {
          await trx.updateTable('invoices').set({ status: 'REJETEE' }).execute();
          await trx.insertInto('invoices').values(invoice(100)).execute();
          throw new Error('annulée');
        }),
      );
      assert.equal(normal(await kept()), before);
    });

    test('PostgreSQL: the writers append their changes, folded now and then without waiting', async () => {
      if (h.dialect !== 'postgres') {
        assert.equal(await pending(), 0, 'SQLite updates the totals in place');
        return;
      }
      const before = normal(await kept());
      await h.db.updateTable('invoices').set({ status: 'SUSPENDUE' }).where('status', '=', 'SERVICE_FAIT').execute();
      assert.notEqual(normal(await kept()), before);
      await assertExact('before folding');
      await sql`select invoice_totals_fold()`.execute(h.db);
      assert.equal(await pending(), 0, 'all folded');
      await assertExact('after folding');
      // A writer folds about one statement in 32: the pending rows stop growing (a chance of
      // 1 in 10^13 to see no fold in 1 000 statements).
      let folded = false;
      for (let i = 0, last = await pending(); i < 1000 && !folded; i++) {
        await h.db
          .updateTable('invoices')
          .set((eb) => ({ net_payable_cents: eb('net_payable_cents', '+', 1) }))
          .where('status', '=', 'SUSPENDUE')
          .execute();
        const now = await pending();
        folded = now < last;
        last = now;
      }
      assert.ok(folded, 'a writer folded what was pending');
      await assertExact('after the writers folded');
    });

    test('PostgreSQL: a writer does not wait for another one writing invoices of the same keys', async () => {
      if (h.dialect !== 'postgres') return;
      const same = { invoice_date: '2026-11-30', status: 'DEPOSEE' as const, due_date: null };
      await h.db.transaction().execute(async (first) => {
        await first.insertInto('invoices').values(invoice(300, same)).execute();
        await first
          .updateTable('invoices')
          .set({ status: 'EN_COURS_ACHEMINEMENT' })
          .where('draft_number', '=', 'D300')
          .execute();
        // The first has not committed: the second writes the same keys and commits meanwhile.
        const second = h.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('invoices')
            .values(invoice(300, { ...same, draft_number: 'D302', number: 'F302' }))
            .execute();
          await trx
            .updateTable('invoices')
            .set({ status: 'EN_COURS_ACHEMINEMENT' })
            .where('draft_number', '=', 'D302')
            .execute();
        });
        const waited = await Promise.race([
          second.then(() => false),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5000)),
        ]);
        assert.equal(waited, false, 'the second writer went through while the first was open');
      });
      await assertExact('both committed');
    });

    test('deletes; then the migration fills the totals from the invoices already there', async () => {
      await h.db.deleteFrom('invoices').where('status', '=', 'BROUILLON').execute();
      const left = await assertExact('after the deletes');
      assert.ok(left > 5);
      const db = h.db as unknown as Kysely<unknown>;
      await pendingMigration.down(db);
      await totalsMigration.down(db);
      await totalsMigration.up(db);
      await pendingMigration.up(db);
      assert.equal(
        (await sql<{ z: number }>`select count(*) as z from invoice_totals where n = 0`.execute(h.db)).rows[0]!.z,
        h.dialect === 'postgres' ? '0' : 0,
        'a fresh fill has no key at zero',
      );
      await assertExact('filled by the migration');
      await h.db.insertInto('invoices').values(invoice(200)).execute();
      await assertExact('and kept by its triggers');
    });
  });
}
