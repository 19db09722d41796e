import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from './dialect.ts';
import { GROUP_COMMIT_MAX_UNITS } from './group-commit.ts';
import type { Database } from './schema.ts';
import { testDatabaseKinds } from './testing.ts';

/** Tables of these tests alone (any schema would do: group commit is below the schema). */
async function createTables(db: Kysely<Database>) {
  await sql`create table gc_rows (name varchar(40) primary key)`.execute(db);
  await sql`create table gc_parents (id integer primary key)`.execute(db);
  // Checked at COMMIT: the way to make a COMMIT fail on both engines.
  await sql`create table gc_children (id integer primary key, parent integer references gc_parents (id) deferrable initially deferred)`.execute(
    db,
  );
}

const insertRow = (db: Kysely<Database>, name: string) => sql`insert into gc_rows (name) values (${name})`.execute(db);
const rowNames = async (db: Kysely<Database>) =>
  (await sql<{ name: string }>`select name from gc_rows order by name`.execute(db)).rows.map((r) => r.name);

/**
 * A transaction that holds the connection until `open()`: the transactions started meanwhile wait,
 * all queued, as under load.
 */
function gate(db: Kysely<Database>) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const done = db.transaction().execute(async (trx) => {
    await insertRow(trx, 'gate');
    await opened;
  });
  return { open, done };
}

const ticks = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: Error) => `failed: ${e.message}`,
  );

for (const kind of testDatabaseKinds()) {
  const grouped = kind.name === 'sqlite';

  test(`[${kind.name}] transactions that come while one runs commit with it (SQLite), alone (PostgreSQL)`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      const before = handle.stats.transactions;
      const g = gate(handle.db);
      await ticks();
      const units = Array.from({ length: 10 }, (_, i) =>
        handle.db.transaction().execute(async (trx) => {
          await insertRow(trx, `u${i}`);
          return i;
        }),
      );
      await ticks();
      g.open();
      assert.deepEqual(await Promise.all(units), [...Array(10).keys()]);
      await g.done;
      // SQLite: the 10 that came while the gate's ran joined it. PostgreSQL: one each.
      assert.equal(handle.stats.transactions - before, grouped ? 1 : 11);
      assert.equal((await rowNames(handle.db)).length, 11);
      // A lone transaction does not wait for company: no timer, it commits at the next turn of
      // the event loop (PostgreSQL: a few, for the network).
      const alone = handle.stats.transactions;
      let committed = false;
      const lone = handle.db
        .transaction()
        .execute((trx) => insertRow(trx, 'alone'))
        .then(() => (committed = true));
      let turns = 0;
      while (!committed && turns < 1000) {
        await new Promise((resolve) => setImmediate(resolve));
        turns++;
      }
      await lone;
      if (grouped) assert.ok(turns <= 2, `${turns} turns`);
      assert.equal(handle.stats.transactions - alone, 1);
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] a failing transaction is undone alone, the others of its group are kept`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      const before = handle.stats.transactions;
      const g = gate(handle.db);
      await ticks();
      const results = ['a', 'b', 'c'].map((name) =>
        outcome(
          handle.db.transaction().execute(async (trx) => {
            await insertRow(trx, name);
            if (name === 'b') throw new Error('b refused');
            // A unique violation inside a unit does not break the group either (PostgreSQL
            // would abort the whole transaction: its code takes a savepoint for that).
            if (name === 'c' && grouped) await assert.rejects(insertRow(trx, 'a'));
          }),
        ),
      );
      await ticks();
      g.open();
      await g.done;
      assert.deepEqual(await Promise.all(results), ['ok', 'failed: b refused', 'ok']);
      assert.deepEqual(await rowNames(handle.db), ['a', 'c', 'gate']);
      if (grouped) assert.equal(handle.stats.transactions - before, 1);
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] a failing COMMIT fails every transaction of its group (SQLite), only its own (PostgreSQL)`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      const g = gate(handle.db);
      await ticks();
      const results = [1, 2, 3].map((id) =>
        outcome(
          handle.db.transaction().execute(async (trx) => {
            await insertRow(trx, `c${id}`);
            // The second one points to a parent that does not exist: refused at COMMIT only.
            if (id === 2) await sql`insert into gc_children (id, parent) values (${id}, 999)`.execute(trx);
          }),
        ),
      );
      await ticks();
      g.open();
      const settled = await Promise.all(results);
      if (grouped) {
        assert.ok(
          settled.every((s) => /failed: .*FOREIGN KEY/i.test(s)),
          settled.join(' | '),
        );
        assert.equal(await outcome(g.done), settled[0]);
        assert.deepEqual(await rowNames(handle.db), []);
      } else {
        await g.done;
        assert.equal(settled[0], 'ok');
        assert.match(settled[1]!, /failed: .*foreign key/i);
        assert.equal(settled[2], 'ok');
        assert.deepEqual(await rowNames(handle.db), ['c1', 'c3', 'gate']);
      }
      // The connection serves on: the next transaction commits.
      await handle.db.transaction().execute((trx) => insertRow(trx, 'after'));
      assert.ok((await rowNames(handle.db)).includes('after'));
    } finally {
      await handle.destroy();
    }
  });

  test(`[${kind.name}] a transaction inside a held connection, and groups beyond ${GROUP_COMMIT_MAX_UNITS}`, async () => {
    const handle = await kind.create();
    try {
      await createTables(handle.db);
      await handle.db.connection().execute(async (conn) => {
        await conn.transaction().execute((trx) => insertRow(trx, 'held'));
        await assert.rejects(
          conn.transaction().execute(async (trx) => {
            await insertRow(trx, 'held-undone');
            throw new Error('no');
          }),
        );
      });
      assert.deepEqual(await rowNames(handle.db), ['held']);
      const before = handle.stats.transactions;
      const g = gate(handle.db);
      await ticks();
      const n = GROUP_COMMIT_MAX_UNITS + 6;
      const units = Array.from({ length: n }, (_, i) =>
        handle.db.transaction().execute((trx) => insertRow(trx, `m${i}`)),
      );
      await ticks();
      g.open();
      await Promise.all([g.done, ...units]);
      // The gate and 63 of them, then the 7 others.
      assert.equal(handle.stats.transactions - before, grouped ? 2 : n + 1);
      assert.equal((await rowNames(handle.db)).length, n + 2);
    } finally {
      await handle.destroy();
    }
  });
}

test('[sqlite] a transaction is answered only once its group is durable; plain reads see only that, at once', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'chorale-gc-'));
  const file = join(folder, 'gc.sqlite');
  const handle = openDatabase(file);
  // Another connection to the file sees only what was committed.
  let observer: SQLite.Database | undefined;
  try {
    await createTables(handle.db);
    observer = new SQLite(file, { readonly: true });
    const committed = (name: string) => !!observer!.prepare('select 1 from gc_rows where name = ?').get(name);
    const answered = new Set<string>();
    const g = gate(handle.db);
    await ticks();
    const seenInside: boolean[] = [];
    const unit = (name: string) =>
      handle.db
        .transaction()
        .execute(async (trx) => {
          await insertRow(trx, name);
          // The group's earlier units have ended, yet neither committed nor answered.
          seenInside.push(committed('u1'), answered.has('u1'));
          return name;
        })
        .then((result) => {
          assert.ok(committed(result), `${result} answered before its COMMIT`);
          answered.add(result);
        });
    const u1 = unit('u1');
    await ticks();
    // A plain read does not wait for the group being written, and sees none of it.
    assert.deepEqual(await rowNames(handle.db), []);
    const u2 = unit('u2');
    await ticks();
    g.open();
    await Promise.all([g.done, u1, u2]);
    assert.deepEqual(seenInside, [false, false, false, false]);
    assert.deepEqual(await rowNames(handle.db), ['gate', 'u1', 'u2']);
    assert.deepEqual([...answered], ['u1', 'u2']);
  } finally {
    observer?.close();
    await handle.destroy();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('[sqlite] a plain read runs on the writing connection when it is free (warm cache), on the read-only one while a group is open', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'chorale-gc-'));
  const handle = openDatabase(join(folder, 'gc.sqlite'));
  // total_changes(): rows written through the connection that answers; 0 on the read-only one.
  const changesSeen = async () => (await sql<{ n: number }>`select total_changes() as n`.execute(handle.db)).rows[0]!.n;
  try {
    await createTables(handle.db);
    await insertRow(handle.db, 'before');
    assert.ok((await changesSeen()) > 0, 'read on the writer when free');
    const g = gate(handle.db);
    await ticks();
    assert.equal(await changesSeen(), 0, 'read on the read-only connection while a group is open');
    assert.deepEqual(await rowNames(handle.db), ['before'], 'which sees only what is committed');
    g.open();
    await g.done;
    assert.ok((await changesSeen()) > 0, 'on the writer again once it is free');
    assert.deepEqual(await rowNames(handle.db), ['before', 'gate']);
  } finally {
    await handle.destroy();
    rmSync(folder, { recursive: true, force: true });
  }
});
