// SQLite's write lock held by another connection to the file (another process: an import): a
// write waits for it without holding the event loop, then is done, or fails once out of patience.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type ChoraleDb } from './dialect.ts';
import { isDatabaseBusy } from './write-lock.ts';

let dir: string;
let holder: ChoraleDb;
let writer: ChoraleDb;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chorale-write-lock-'));
  const url = `sqlite:${join(dir, 'x.sqlite')}`;
  holder = openDatabase(url);
  writer = openDatabase(url, { writeLockPatienceMs: 400 });
  await sql`create table t (name text not null)`.execute(holder.db);
});

after(async () => {
  await writer.destroy();
  await holder.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** Holds the write lock from `holder` until the returned function is called. */
async function hold(): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const done = holder.db.transaction().execute(async (trx) => {
    await sql`insert into t (name) values ('holder')`.execute(trx);
    held();
    await released;
  });
  await holding;
  return async () => {
    release();
    await done;
  };
}

/** Turns of a 5-ms interval while `work` runs: the event loop stays free if they keep coming. */
async function ticksDuring<T>(
  work: Promise<T>,
): Promise<{ ticks: number; ms: number; outcome: PromiseSettledResult<T> }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const start = Date.now();
  const [outcome] = await Promise.allSettled([work]);
  clearInterval(timer);
  return { ticks, ms: Date.now() - start, outcome: outcome! };
}

test('SQLite: a write waits for the lock another connection holds, the event loop free, then is done', async () => {
  const release = await hold();
  setTimeout(() => void release(), 200);
  const { ticks, ms, outcome } = await ticksDuring(sql`insert into t (name) values ('waited')`.execute(writer.db));
  assert.equal(outcome.status, 'fulfilled');
  assert.ok(ms >= 150, `answered after ${ms} ms, while the lock was held`);
  // ~40 turns of the interval in 200 ms when nothing holds the loop; none when the driver waits.
  assert.ok(ticks >= 10, `${ticks} turns of the event loop in ${ms} ms`);
  const rows = await sql<{ name: string }>`select name from t order by rowid`.execute(writer.db);
  assert.deepEqual(
    rows.rows.map((r) => r.name),
    ['holder', 'waited'],
  );
});

test('SQLite: out of patience, the write fails with SQLITE_BUSY and nothing of it is kept', async () => {
  const release = await hold();
  try {
    const { ticks, ms, outcome } = await ticksDuring(
      writer.db.transaction().execute((trx) => sql`insert into t (name) values ('too late')`.execute(trx)),
    );
    assert.equal(outcome.status, 'rejected');
    assert.ok(
      isDatabaseBusy((outcome as PromiseRejectedResult).reason),
      String((outcome as PromiseRejectedResult).reason),
    );
    assert.ok(ms >= 380, `gave up after ${ms} ms (patience 400)`);
    assert.ok(ticks >= 20, `${ticks} turns of the event loop in ${ms} ms`);
  } finally {
    await release();
  }
  const late = await sql<{ n: number }>`select count(*) as n from t where name = 'too late'`.execute(writer.db);
  assert.equal(late.rows[0]!.n, 0);
  // The writer is usable again once the lock is free.
  await sql`insert into t (name) values ('after')`.execute(writer.db);
});
