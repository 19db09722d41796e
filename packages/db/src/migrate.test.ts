import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { migrateToLatest } from './migrate.ts';
import { insertTestUser, testDatabaseKinds } from './testing.ts';

for (const kind of testDatabaseKinds()) {
  test(`[${kind.name}] migrations create the schema once and are idempotent`, async () => {
    const handle = await kind.create();
    try {
      assert.deepEqual(await migrateToLatest(handle.db), [], 'a second run applies nothing');
      const user = await insertTestUser(handle.db, { status: 'pending' });
      assert.equal(typeof user, 'number');
      await assert.rejects(insertTestUser(handle.db, { status: 'pending' }), 'login addresses are unique');
      const r = await sql<{ n: number }>`select count(*) as n from users`.execute(handle.db);
      assert.equal(Number(r.rows[0]?.n), 1);
    } finally {
      await handle.destroy();
    }
  });
}

for (const kind of testDatabaseKinds().filter((k) => k.name === 'postgres')) {
  test('[postgres] migrations and introspection ignore other schemas, even ones dropped meanwhile (CI failure of session 3)', async () => {
    const mine = await kind.create();
    try {
      const others = await Promise.all([1, 2, 3].map(() => kind.create()));
      // While other test schemas are dropped, a fresh one migrates and sees only its own tables.
      const [fresh] = await Promise.all([kind.create(), ...others.map((o) => o.destroy())]);
      try {
        const tables = await fresh!.db.introspection.getTables({ withInternalKyselyTables: true });
        assert.ok(tables.length > 10);
        assert.deepEqual([...new Set(tables.map((t) => t.schema))], [fresh!.schema]);
        assert.ok(tables.some((t) => t.name === 'kysely_migration'));
        const id = tables.find((t) => t.name === 'users')?.columns.find((c) => c.name === 'id');
        assert.equal(id?.isAutoIncrementing, true);
        assert.deepEqual(await migrateToLatest(mine.db, { schema: mine.schema }), []);
      } finally {
        await fresh!.destroy();
      }
    } finally {
      await mine.destroy();
    }
  });
}

/**
 * Every index is written on each insert and on each update of its columns: two identical ones
 * double that cost for nothing (issue 13: `invoice_history` had two on (invoice_id, id)).
 */
for (const kind of testDatabaseKinds()) {
  test(`[${kind.name}] no table has two identical indexes`, async () => {
    const handle = await kind.create();
    try {
      // One line per index: its table, its columns or expressions in order, its predicate.
      const definitions =
        kind.name === 'sqlite'
          ? (
              await sql<{ tbl_name: string; name: string; sql: string | null }>`
                select tbl_name, name, sql from sqlite_master where type = 'index'`.execute(handle.db)
            ).rows.map((r) => ({
              name: r.name,
              // An automatic index (primary key, unique column) has no SQL: its columns say what it holds.
              shape: `${r.tbl_name} ${r.sql ? r.sql.replace(/^.*? on\s+"?\w+"?\s*/is, '').replace(/\s+/g, ' ') : r.name}`,
            }))
          : (
              await sql<{ indexname: string; indexdef: string }>`
                select indexname, indexdef from pg_indexes where schemaname = ${handle.schema}`.execute(handle.db)
            ).rows.map((r) => ({ name: r.indexname, shape: r.indexdef.replace(/^.*? ON /, '') }));
      const byShape = new Map<string, string[]>();
      for (const d of definitions) byShape.set(d.shape, [...(byShape.get(d.shape) ?? []), d.name]);
      const duplicates = [...byShape.values()].filter((names) => names.length > 1);
      assert.ok(definitions.length > 20, 'the indexes were read');
      assert.deepEqual(duplicates, []);
    } finally {
      await handle.destroy();
    }
  });
}
