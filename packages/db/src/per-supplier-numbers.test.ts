// Issue 13: migration 20261202T0500 moves automatic invoice numbers from one platform-wide counter
// per year to one counter per supplier and year, each seeded from the automatic numbers the
// supplier already has (its numbering goes on upward, chronological), and on PostgreSQL draws draft
// numbers from a sequence started above every draft number given so far; both databases.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import * as numbersMigration from './migrations/20261202T0500_per-supplier-invoice-numbers.ts';
import { insertTestUser, testDatabaseKinds, type TestDatabase } from './testing.ts';

const NOW = '2026-12-01T09:00:00.000Z';

for (const kind of testDatabaseKinds()) {
  describe(`[${kind.name}] per-supplier invoice numbers: the migration continues the numbering`, () => {
    let h: TestDatabase;
    const supplier: number[] = [];
    let user = 0;

    before(async () => {
      h = await kind.create();
      user = await insertTestUser(h.db, { created_at: NOW });
      for (const i of [0, 1, 2]) {
        const s = await h.db
          .insertInto('structures')
          .values({
            identifier_type: 'SIRET',
            identifier: `9900000000000${i}`,
            kind: 'PRIVEE',
            company_name: `S${i}`,
            country_code: 'FR',
            created_at: NOW,
            updated_at: NOW,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        supplier.push(s.id);
      }
    });
    after(() => h.destroy());

    const counters = async () =>
      Object.fromEntries(
        (await h.db.selectFrom('counters').select(['name', 'value']).orderBy('name').execute()).map((r) => [
          r.name,
          Number(r.value),
        ]),
      );

    test('each supplier’s counter starts at its highest automatic number of the year; the global rows go', async () => {
      // The database as it was before: the platform-wide counters.
      await numbersMigration.down(h.db as unknown as Kysely<unknown>);
      const [a, b, c] = supplier as [number, number, number];
      const rows: [number, string | null, string][] = [
        // A: automatic numbers 3 and 7 of 2026 (the others went to other suppliers), 2 of 2025.
        [a, '20260000000003', 'TMP2026000000000003'],
        [a, '20260000000007', 'TMP2026000000000009'],
        [a, '20250000000002', 'TMP2025000000000002'],
        // Typed by hand: above the global counter (never automatic), or not of the automatic form.
        [a, '20269999999999', 'TMP2026000000000010'],
        [a, 'FAC-2026-0042', 'TMP2026000000000011'],
        [a, '2026000000000A', 'TMP2026000000000012'],
        // B: automatic number 5, and a draft (no number yet) whose number is the highest given.
        [b, '20260000000005', 'TMP2026000000000006'],
        [b, null, 'TMP2026000000000044'],
        // C: only a typed number of the form, in a year the platform never numbered automatically.
        [c, '20240000000001', 'TMP2024000000000001'],
      ];
      await h.db
        .insertInto('invoices')
        .values(
          rows.map(([s, number, draft]) => ({
            draft_number: draft,
            number,
            supplier_structure_id: s,
            billing_framework: 'A1_FACTURE_FOURNISSEUR',
            currency: 'EUR',
            type: 'FACTURE' as const,
            vat_type: 'TVA_SUR_DEBIT',
            payment_mode: 'VIREMENT',
            invoice_date: '2026-11-30',
            status: number ? ('DEPOSEE' as const) : ('BROUILLON' as const),
            status_at: NOW,
            created_by: user,
            created_at: NOW,
            updated_at: NOW,
          })),
        )
        .execute();
      await h.db.deleteFrom('counters').execute();
      await h.db
        .insertInto('counters')
        .values([
          { name: 'invoice-2025', value: 4 },
          { name: 'invoice-2026', value: 8 },
          { name: 'draft-2025', value: 2 },
          { name: 'draft-2026', value: 40 },
          { name: 'ticket', value: 12 },
        ])
        .execute();

      await numbersMigration.up(h.db as unknown as Kysely<unknown>);

      const after = await counters();
      assert.deepEqual(after, {
        [`invoice-2025-${a}`]: 2,
        [`invoice-2026-${a}`]: 7,
        [`invoice-2026-${b}`]: 5,
        ticket: 12,
        // SQLite keeps its draft counters; PostgreSQL draws from the sequence.
        ...(kind.name === 'sqlite' ? { 'draft-2025': 2, 'draft-2026': 40 } : {}),
      });
      if (kind.name === 'postgres') {
        const next = await sql<{ v: string }>`select nextval('draft_numbers') as v`.execute(h.db);
        assert.equal(Number(next.rows[0]!.v), 45, 'above every draft number given (44) and the old counters (40)');
      }
    });

    test('down and up again give the same counters', async () => {
      const before = await counters();
      await numbersMigration.down(h.db as unknown as Kysely<unknown>);
      const down = await counters();
      assert.equal(down['invoice-2026'], 7, 'the platform-wide counter above every number the suppliers’ gave');
      assert.equal(down['invoice-2025'], 2);
      await numbersMigration.up(h.db as unknown as Kysely<unknown>);
      // SQLite: identical. PostgreSQL: the sequence went on from where it was (45 was drawn above).
      assert.deepEqual(await counters(), before);
      if (kind.name === 'postgres') {
        const next = await sql<{ v: string }>`select nextval('draft_numbers') as v`.execute(h.db);
        assert.ok(Number(next.rows[0]!.v) > 45);
      }
    });
  });
}
