import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { commitBehind } from './pipelined-transactions.ts';
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

/** A transaction whose work ends with `last` handed over (commitBehind), then awaited as a caller does. */
async function endingWith<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<{ last: Promise<T> }>,
): Promise<T> {
  let last: Promise<T> | undefined;
  await db.transaction().execute(async (trx) => {
    ({ last } = await work(trx));
    assert.equal(await commitBehind(trx, last), true, 'handed over');
  });
  return last!;
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: Error & { code?: string }) => e,
  );

// commitBehind: a transaction's last statements handed over, its COMMIT sent with them on PostgreSQL.
for (const kind of testDatabaseKinds()) {
  test(`[${kind.name}] the last statements handed over land, their COMMIT sent in the same write on PostgreSQL`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      await insertRow(handle.db, 'warm-up');
      const before = handle.stats.roundTrips;
      await endingWith(handle.db, async (trx) => {
        await insertRow(trx, 'a');
        return { last: Promise.all([insertRow(trx, 'b'), insertRow(trx, 'c')]) };
      });
      const roundTrips = handle.stats.roundTrips - before;
      assert.deepEqual(await rowNames(handle.db), ['a', 'b', 'c', 'warm-up']);
      // PostgreSQL: BEGIN and `a`; `b`, `c` and COMMIT (3 before: COMMIT alone).
      assert.equal(roundTrips, kind.name === 'postgres' ? 2 : 0);
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] statements issued some microtasks after the handover still go before the COMMIT`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      await insertRow(handle.db, 'warm-up');
      const before = handle.stats.roundTrips;
      await endingWith(handle.db, async (trx) => {
        await insertRow(trx, 'a');
        const later = async (name: string, ticks: number) => {
          for (let i = 0; i < ticks; i++) await null;
          return insertRow(trx, name);
        };
        return { last: Promise.all([later('b', 3), later('c', 20)]) };
      });
      const roundTrips = handle.stats.roundTrips - before;
      assert.deepEqual(await rowNames(handle.db), ['a', 'b', 'c', 'warm-up']);
      assert.equal(roundTrips, kind.name === 'postgres' ? 2 : 0);
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] a handed-over statement that fails fails the transaction with its error: nothing is kept`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      const failure = await failureOf(
        endingWith(handle.db, async (trx) => {
          await insertRow(trx, 'first');
          // The second breaks `not null`; on PostgreSQL the COMMIT behind them answers ROLLBACK.
          return { last: Promise.all([insertRow(trx, 'a'), insertRow(trx, 'b', null), insertRow(trx, 'c')]) };
        }),
      );
      assert.ok(failure, 'the transaction failed');
      assert.match(failure.message, /null/i, 'with the error of the statement that failed');
      assert.deepEqual(await rowNames(handle.db), [], 'nothing of it was kept');
      // The connection is clean for the next transaction.
      await endingWith(handle.db, async (trx) => ({ last: insertRow(trx, 'after') }));
      assert.deepEqual(await rowNames(handle.db), ['after']);
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] a handed-over write refused by the COMMIT itself (deferred foreign key) keeps nothing`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      await sql`create table pl_children (name varchar(40) primary key, parent varchar(40) references pl_rows (name) deferrable initially deferred)`.execute(
        handle.db,
      );
      const failure = await failureOf(
        endingWith(handle.db, async (trx) => {
          await insertRow(trx, 'parent');
          return { last: sql`insert into pl_children (name, parent) values ('child', 'missing')`.execute(trx) };
        }),
      );
      assert.ok(failure, 'the transaction failed');
      assert.match(failure.message, /foreign key/i);
      assert.deepEqual(await rowNames(handle.db), []);
      const children = await sql<{ n: number }>`select count(*) as n from pl_children`.execute(handle.db);
      assert.equal(Number(children.rows[0]!.n), 0);
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] a handed-over statement that waits for an answer first: never run outside the transaction`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      const failure = await failureOf(
        endingWith(handle.db, async (trx) => ({ last: insertRow(trx, 'a').then(() => insertRow(trx, 'late')) })),
      );
      if (kind.name === 'postgres') {
        // The contract broken (commitBehind): COMMIT went out behind `a`, the late one is refused and
        // the caller told so; it never runs after the COMMIT, outside any transaction.
        assert.ok(failure);
        assert.match(failure.message, /after the COMMIT/);
        assert.deepEqual(await rowNames(handle.db), ['a']);
      } else {
        // SQLite commits once the handed-over answers are in, as a transaction always did.
        assert.equal(failure, undefined);
        assert.deepEqual(await rowNames(handle.db), ['a', 'late']);
      }
    } finally {
      await handle.destroy();
    }
  });

  if (kind.name === 'postgres')
    test('[postgres] an aborted transaction whose COMMIT goes out behind nothing: answered ROLLBACK, the commit fails', async () => {
      const handle = await kind.create();
      try {
        await createTables(handle.db);
        const failure = await failureOf(
          endingWith(handle.db, async (trx) => {
            await insertRow(trx, 'a');
            // A failure the work chose to ignore: PostgreSQL aborted the transaction all the same.
            await insertRow(trx, 'b', null).catch(() => undefined);
            return { last: Promise.resolve() };
          }),
        );
        assert.ok(failure, 'not acknowledged as committed');
        assert.deepEqual(await rowNames(handle.db), []);
      } finally {
        await handle.destroy();
      }
    });
}
