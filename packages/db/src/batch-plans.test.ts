import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { preparedQuery } from './prepared-query.ts';
import { planEachRun } from './statements.ts';
import { testDatabaseKinds } from './testing.ts';

/** A point read, as the hot paths run it: named, planned once per connection. */
const one = preparedQuery((db, p: { name: string }) =>
  db.selectFrom('counters').select(['name', 'value']).where('name', '=', p.name),
);
/** A batch read, as the routing's (a JSON array of keys read as a table): planned at each run. */
const batch = preparedQuery((db, p: { names: string }) =>
  db
    .selectFrom('counters')
    .select(['name', 'value'])
    .where('name', 'in', sql<string>`(select value from json_array_elements_text(${p.names}::json))`)
    .orderBy('name'),
);

for (const kind of testDatabaseKinds().filter((k) => k.name === 'postgres')) {
  test(`[${kind.name}] a batch's or a search's statement stays unnamed, planned at each run (issue 13)`, async () => {
    const handle = await kind.create();
    try {
      await handle.db
        .insertInto('counters')
        .values(Array.from({ length: 5 }, (_, i) => ({ name: `plan-${i}`, value: i })))
        .execute();
      await handle.db.connection().execute(async (conn) => {
        // More than the five runs after which PostgreSQL may keep a generic plan.
        for (let i = 0; i < 8; i++) {
          assert.equal(Number((await one.first(conn, { name: 'plan-2' }))?.value), 2);
          const rows = await batch.rows(conn, { names: JSON.stringify(['plan-1', 'plan-3', 'absent']) });
          assert.deepEqual(
            rows.map((r) => [r.name, Number(r.value)]),
            [
              ['plan-1', 1],
              ['plan-3', 3],
            ],
          );
        }
        // The table grows by thousands of rows, without an ANALYZE: the batch still finds its rows.
        await sql`insert into counters (name, value) select 'grown-' || g, g from generate_series(1, 20000) g`.execute(
          conn,
        );
        const grown = await batch.rows(conn, { names: JSON.stringify(['grown-7', 'plan-4']) });
        assert.deepEqual(
          grown.map((r) => r.name),
          ['grown-7', 'plan-4'],
        );
        // A search, marked to be planned for its values.
        const search = await conn
          .selectFrom('counters')
          .select('name')
          .where('name', 'like', 'grown-1999%')
          .orderBy('name')
          .modifyEnd(planEachRun)
          .execute();
        assert.deepEqual(
          search.map((r) => r.name),
          [
            'grown-1999',
            'grown-19990',
            'grown-19991',
            'grown-19992',
            'grown-19993',
            'grown-19994',
            'grown-19995',
            'grown-19996',
            'grown-19997',
            'grown-19998',
            'grown-19999',
          ],
        );
        const prepared = (
          await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(conn)
        ).rows.map((r) => r.statement);
        assert.ok(
          prepared.some((s) => s.includes('from "counters" where "name" = $1')),
          'the point read is a named statement of the connection',
        );
        assert.ok(
          !prepared.some((s) => s.includes('json_array_elements_text')),
          'the batch is not: no generic plan made while the table was small is kept',
        );
        assert.ok(!prepared.some((s) => s.includes('"name" like $1')), 'nor the marked search');
      });
    } finally {
      await handle.destroy();
    }
  });
}
