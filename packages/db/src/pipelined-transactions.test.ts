import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { testDatabaseKinds } from './testing.ts';

/** Tables of these tests alone. */
async function createTables(db: Kysely<Database>) {
  await sql`create table pl_rows (name varchar(40) primary key, n integer not null)`.execute(db);
}

const insertRow = (db: Kysely<Database>, name: string, n: number | null = 1) =>
  sql`insert into pl_rows (name, n) values (${name}, ${n})`.execute(db);
const rowNames = async (db: Kysely<Database>) =>
  (await sql<{ name: string }>`select name from pl_rows order by name`.execute(db)).rows.map((r) => r.name);

for (const kind of testDatabaseKinds()) {
  test(`[${kind.name}] writes issued together in a transaction all land, sent together on PostgreSQL`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      await insertRow(handle.db, 'warm-up'); // the connection and its statement names exist
      const before = handle.stats.roundTrips;
      const [, , , rows] = await handle.db.transaction().execute(async (trx) => {
        const written = await Promise.all([insertRow(trx, 'a'), insertRow(trx, 'b'), insertRow(trx, 'c')]);
        return [...written, await rowNames(trx)];
      });
      const roundTrips = handle.stats.roundTrips - before;
      assert.deepEqual(rows, ['a', 'b', 'c', 'warm-up'], 'each write sees the ones before it');
      assert.deepEqual(await rowNames(handle.db), ['a', 'b', 'c', 'warm-up']);
      // PostgreSQL: BEGIN and the three inserts in one write, the select, the COMMIT: 3 round
      // trips instead of 6. SQLite has none.
      assert.equal(roundTrips, kind.name === 'postgres' ? 3 : 0);
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] a statement that fails among concurrent writes fails the transaction: nothing is kept`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      const failure = await handle.db
        .transaction()
        .execute(async (trx) => {
          await insertRow(trx, 'first');
          // The second breaks `not null`; the third is sent with it (and on SQLite, runs).
          await Promise.all([insertRow(trx, 'a'), insertRow(trx, 'b', null), insertRow(trx, 'c')]);
        })
        .then(
          () => undefined,
          (e: Error) => e,
        );
      assert.ok(failure, 'the transaction failed');
      assert.match(failure.message, /null/i, 'with the error of the statement that failed first');
      assert.deepEqual(await rowNames(handle.db), [], 'nothing of it was kept');
      // The connection is clean for the next transaction.
      await handle.db.transaction().execute((trx) => insertRow(trx, 'after'));
      assert.deepEqual(await rowNames(handle.db), ['after']);
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] a statement issued after another failed is refused, never written outside the transaction`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      let late: Promise<unknown> | undefined;
      const failure = await handle.db
        .transaction()
        .execute(async (trx) => {
          await Promise.all([
            insertRow(trx, 'a', null),
            // A branch whose next write comes once the failure is known, while the rollback runs.
            (async () => {
              await sql`select 1`.execute(trx);
              await new Promise((resolve) => setImmediate(resolve));
              late = insertRow(trx, 'late');
              await late;
            })(),
          ]);
        })
        .then(
          () => undefined,
          (e: Error) => e,
        );
      assert.ok(failure);
      if (late) await assert.rejects(late);
      assert.deepEqual(await rowNames(handle.db), [], 'the late write landed nowhere');
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] the same new statement twice at once in a transaction (one prepared name)`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      const text = (n: number) =>
        sql<{ v: number }>`select cast(${n} as integer) + cast(${n} as integer) as v /* pl-twice */`;
      const results = await handle.db
        .transaction()
        .execute((trx) => Promise.all([text(1).execute(trx), text(2).execute(trx), text(3).execute(trx)]));
      assert.deepEqual(
        results.map((r) => Number(r.rows[0]!.v)),
        [2, 4, 6],
      );
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] a connection taken outside a transaction still runs its statements one by one`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      await handle.db.connection().execute(async (c) => {
        await Promise.all([insertRow(c, 'a'), insertRow(c, 'b')]);
      });
      assert.deepEqual(await rowNames(handle.db), ['a', 'b']);
    } finally {
      await handle.destroy();
    }
  });

  if (kind.name === 'postgres')
    test('[postgres] a BEGIN sent with the first statement that fails fails the transaction with its error', async () => {
      const handle = await kind.create();
      try {
        await createTables(handle.db);
        const failure = await handle.db.connection().execute(async (c) => {
          // The connection left in a failed transaction: the next BEGIN is refused (25P02).
          await sql`begin`.execute(c);
          await sql`select 1 / 0`.execute(c).catch(() => undefined);
          try {
            return await c
              .transaction()
              .execute(async (trx) => {
                await Promise.all([insertRow(trx, 'a'), insertRow(trx, 'b')]);
              })
              .then(
                () => undefined,
                (e: Error & { code?: string }) => e,
              );
          } finally {
            await sql`rollback`.execute(c);
          }
        });
        assert.ok(failure, 'the transaction failed');
        assert.equal(failure.code, '25P02');
        assert.deepEqual(await rowNames(handle.db), []);
      } finally {
        await handle.destroy();
      }
    });
}
