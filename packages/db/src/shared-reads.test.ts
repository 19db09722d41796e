import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { preparedQuery } from './prepared-query.ts';
import { testDatabaseKinds } from './testing.ts';

const counter = preparedQuery((db, p: { name: string }) =>
  db.selectFrom('counters').select(['name', 'value']).where('name', '=', p.name),
);

const backend = preparedQuery((db) => db.selectNoFrom(sql<number>`pg_backend_pid()`.as('pid')));

for (const kind of testDatabaseKinds()) {
  test(`[${kind.name}] point reads issued together share one connection and one write (issue 13)`, async () => {
    const handle = await kind.create();
    try {
      const names = Array.from({ length: 12 }, (_, i) => `shared-${i}`);
      await handle.db
        .insertInto('counters')
        .values(names.map((name, i) => ({ name, value: i })))
        .execute();
      const before = { ...handle.stats };
      const rows = await Promise.all(names.map((name) => counter.sharedRows(handle.db, { name })));
      assert.deepEqual(
        rows.map((r) => [r[0]?.name, Number(r[0]?.value)]),
        names.map((name, i) => [name, i]),
        'each read gets its own answer',
      );
      assert.equal(handle.stats.statements - before.statements, 12, 'each counted');
      if (kind.name === 'postgres') assert.equal(handle.stats.roundTrips - before.roundTrips, 1, 'one write for all');

      // What is committed is what the next read sees (no cache), inside a transaction its own view.
      await handle.db.updateTable('counters').set({ value: 100 }).where('name', '=', 'shared-3').execute();
      assert.equal(Number((await counter.sharedRows(handle.db, { name: 'shared-3' }))[0]?.value), 100);
      await handle.db.transaction().execute(async (trx) => {
        await trx.updateTable('counters').set({ value: 200 }).where('name', '=', 'shared-3').execute();
        assert.equal(Number((await counter.sharedRows(trx, { name: 'shared-3' }))[0]?.value), 200);
      });

      if (kind.name === 'postgres') {
        // A lost connection fails the reads in flight on it; a later read takes a new one.
        const [{ pid }] = (await backend.sharedRows(handle.db, {})) as [{ pid: number }];
        await sql`select pg_terminate_backend(${pid})`.execute(handle.db);
        let answered: number | undefined;
        for (let i = 0; i < 50 && answered === undefined; i++) {
          answered = await backend.sharedRows(handle.db, {}).then(
            (r) => r[0]?.pid,
            () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20)),
          );
        }
        assert.ok(answered && answered !== pid, 'a new connection answers');
      }
    } finally {
      await handle.destroy();
    }
  });
}
