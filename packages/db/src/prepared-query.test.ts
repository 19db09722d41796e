import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { insertPrepared, PREPARED_ROWS, preparedQuery } from './prepared-query.ts';
import { testDatabaseKinds } from './testing.ts';

/** A counter bump and a read, the shapes the hot paths prepare (issue 13). */
const bump = preparedQuery((db, p: { name: string; by: number }) =>
  db
    .insertInto('counters')
    .values({ name: p.name, value: p.by })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', p.by) })))
    .returning('value'),
);
const read = preparedQuery((db, p: { name: string }, order: 'asc' | 'desc') =>
  db.selectFrom('counters').select(['name', 'value']).where('name', '>=', p.name).orderBy('name', order),
);

for (const kind of testDatabaseKinds()) {
  test(`[${kind.name}] a prepared query runs with each run's values, in and out of transactions`, async () => {
    const handle = await kind.create();
    try {
      const before = handle.stats.statements;
      assert.equal(Number((await bump.first(handle.db, { name: 'prep-a', by: 5 }))?.value), 5);
      assert.equal(Number((await bump.first(handle.db, { name: 'prep-a', by: 2 }))?.value), 7, 'new values, same SQL');
      await handle.db.transaction().execute(async (trx) => {
        assert.equal(Number((await bump.first(trx, { name: 'prep-b', by: 1 }))?.value), 1);
      });
      assert.equal(handle.stats.statements - before, 3);
      // Variants compile apart: the order differs, the values still come from the run.
      assert.deepEqual(
        (await read.rows(handle.db, { name: 'prep-' }, 'asc')).map((r) => [r.name, Number(r.value)]),
        [
          ['prep-a', 7],
          ['prep-b', 1],
        ],
      );
      assert.deepEqual(
        (await read.rows(handle.db, { name: 'prep-b' }, 'desc')).map((r) => r.name),
        ['prep-b'],
      );
      // A rolled-back transaction leaves nothing: the prepared write ran in it, not beside it.
      await assert.rejects(
        handle.db.transaction().execute(async (trx) => {
          await bump.execute(trx, { name: 'prep-c', by: 1 });
          throw new Error('rollback');
        }),
        /rollback/,
      );
      assert.equal(await read.first(handle.db, { name: 'prep-c' }, 'asc'), undefined);
      // A value the caller forgot is refused, never sent as a placeholder.
      await assert.rejects(bump.execute(handle.db, { name: 'prep-d' } as never), /no value for by/);
    } finally {
      await handle.destroy();
    }
  });
}

for (const kind of testDatabaseKinds()) {
  test(`[${kind.name}] insertPrepared writes each row's values, prepared or past PREPARED_ROWS`, async () => {
    const handle = await kind.create();
    try {
      const rows = (prefix: string, n: number) =>
        Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, value: i }));
      const stored = async (prefix: string) =>
        (await handle.db.selectFrom('counters').select(['name', 'value']).where('name', 'like', `${prefix}%`).execute())
          .map((r) => [r.name, Number(r.value)])
          .sort();
      for (const [prefix, n] of [
        ['ins-a', 2],
        ['ins-b', 2],
        ['ins-c', PREPARED_ROWS + 1],
      ] as const) {
        const before = handle.stats.statements;
        const inserted = await insertPrepared(handle.db, 'counters', rows(prefix, n));
        assert.equal(handle.stats.statements - before, 1, 'one statement');
        assert.deepEqual(
          inserted.map((r) => [r.name, Number(r.value)]).sort(),
          rows(prefix, n)
            .map((r) => [r.name, r.value])
            .sort(),
        );
        assert.deepEqual(
          await stored(prefix),
          rows(prefix, n)
            .map((r) => [r.name, r.value])
            .sort(),
        );
      }
      assert.deepEqual(await insertPrepared(handle.db, 'counters', []), []);
      // Every row gives the first row's columns: none is written with a placeholder or a default.
      await assert.rejects(
        insertPrepared(handle.db, 'counters', [{ name: 'ins-d0', value: 1 }, { name: 'ins-d1' } as never]),
        /counters: value missing on a row/,
      );
    } finally {
      await handle.destroy();
    }
  });
}

for (const kind of testDatabaseKinds()) {
  test(`[${kind.name}] a statement read again and again gives the same rows, each statement its own columns`, async () => {
    const handle = await kind.create();
    try {
      // On PostgreSQL these run as named statements, whose row reading is built at the first
      // answer and reused after (statements.ts); several connections of the pool answer.
      const typed = (n: number) =>
        sql<{
          n: number;
          label: string;
          missing: string | null;
          yes: boolean;
        }>`select ${n} + 1 as n, ${`l${n}`} as label, null as missing, ${n} > 0 as yes`.execute(handle.db);
      const other = (n: number) =>
        sql<{ a: string; b: number }>`select ${`a${n}`} as a, ${n} * 2 as b, 3 as c, 4 as d`.execute(handle.db);
      const first = (await typed(1)).rows;
      for (let round = 0; round < 3; round++) {
        const runs = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => Promise.all([typed(n), other(n)])));
        runs.forEach(([t, o], i) => {
          const n = i + 1;
          assert.equal(t.rows.length, 1, 'the rows are kept at every run');
          assert.equal(Number(t.rows[0]!.n), n + 1);
          assert.equal(t.rows[0]!.label, `l${n}`);
          assert.equal(t.rows[0]!.missing, null);
          assert.ok(t.rows[0]!.yes);
          assert.deepEqual(Object.keys(t.rows[0]!), ['n', 'label', 'missing', 'yes']);
          assert.deepEqual(Object.keys(o.rows[0]!), ['a', 'b', 'c', 'd']);
          assert.equal(o.rows[0]!.a, `a${n}`);
          assert.equal(Number(o.rows[0]!.b), n * 2);
        });
      }
      assert.deepEqual((await typed(1)).rows, first, 'read alike at the first run and after');
      // A statement with no rows, then rows: the rows are kept.
      const some = (min: number) =>
        sql<{ name: string }>`select name from counters where value >= ${min} order by name`.execute(handle.db);
      await bump.execute(handle.db, { name: 'prep-rows', by: 3 });
      assert.deepEqual((await some(100)).rows, []);
      assert.deepEqual((await some(1)).rows, [{ name: 'prep-rows' }]);
      assert.deepEqual((await some(1)).rows, [{ name: 'prep-rows' }]);
    } finally {
      await handle.destroy();
    }
  });
}
