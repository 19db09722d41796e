// SQLite's checkpoints on their own thread (wal-checkpointer.ts): what is committed reaches the
// database file without a COMMIT copying it, the WAL stays bounded under writes that never pause,
// the thread closes its connection when told, and a thread that cannot run is reported.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase } from './dialect.ts';
import { CHECKPOINT_INTERVAL_MS, startWalCheckpointer } from './wal-checkpointer.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chorale-checkpointer-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Frames in the WAL and frames already copied into the database, read from the WAL's index (the
 * `-shm` file: `mxFrame` in its header, `nBackfill` after its two copies) without a connection,
 * which could copy them itself.
 */
function walState(path: string): { log: number; checkpointed: number } {
  const shm = readFileSync(`${path}-shm`);
  return { log: shm.readUInt32LE(16), checkpointed: shm.readUInt32LE(96) };
}

/** ~`pages` pages of 4 KiB written by `db`, one transaction. */
const rows = (pages: number) =>
  sql`insert into t (v) select randomblob(3000) from (
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${pages}) select i from n)`;

for (const mode of ['thread', 'commit'] as const)
  test(`walCheckpoints '${mode}': what is committed is ${mode === 'thread' ? '' : 'not '}copied into the database file within a checkpoint interval`, async () => {
    const path = join(dir, `copied-${mode}.sqlite`);
    const database = openDatabase(`sqlite:${path}`, { walCheckpoints: mode });
    try {
      await sql`create table t (id integer primary key, v blob)`.execute(database.db);
      // 50 pages: far from the 1,000 that make SQLite copy them itself at a COMMIT.
      await database.db.transaction().execute((trx) => rows(50).execute(trx));
      await sleep(CHECKPOINT_INTERVAL_MS * 3);
      const { log, checkpointed } = walState(path);
      assert.ok(log >= 50, `${log} frames in the WAL`);
      if (mode === 'thread') assert.equal(checkpointed, log);
      else assert.equal(checkpointed, 0);
    } finally {
      await database.destroy();
    }
    // The thread closed its connection: the writer was the last one, and removed the WAL.
    assert.equal(existsSync(`${path}-wal`), false);
  });

test('under writes that never pause, the WAL is restarted and stays bounded', async () => {
  const path = join(dir, 'bounded.sqlite');
  const writer = new SQLite(path);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = NORMAL');
  writer.pragma('wal_autocheckpoint = 0');
  // The server's writer: a lock held by the checkpoint is waited for between statements.
  writer.pragma('busy_timeout = 1000');
  writer.exec('create table t (id integer primary key, v blob)');
  const insert = writer.prepare('insert into t (v) values (randomblob(3000))');
  const errors: string[] = [];
  const checkpointer = startWalCheckpointer(path, (m) => errors.push(m), { intervalMs: 10, restartPages: 200 });
  let largest = 0;
  try {
    // 3,000 pages in transactions of 10, a millisecond apart, as a server's groups of invoices.
    for (let i = 0; i < 300; i++) {
      writer.transaction(() => {
        for (let j = 0; j < 10; j++) insert.run();
      })();
      largest = Math.max(largest, statSync(`${path}-wal`).size);
      await sleep(1);
    }
  } finally {
    await checkpointer.close();
    writer.close();
  }
  assert.deepEqual(errors, []);
  // Without restarts the WAL would hold the 3,000 pages (~12 MiB); restarted past 200 pages, it
  // holds what was written during a checkpoint on top of that.
  assert.ok(largest < 1000 * 4120, `largest WAL ${largest} bytes`);
  const check = new SQLite(path, { readonly: true });
  assert.equal((check.prepare('select count(*) as n from t').get() as { n: number }).n, 3000);
  check.close();
});

test('a thread that cannot open the database is reported, and closing it still resolves', async () => {
  const errors: string[] = [];
  let closing: Promise<void> | undefined;
  const checkpointer = startWalCheckpointer(join(dir, 'missing', 'x.sqlite'), (m) => {
    errors.push(m);
    // Closed as soon as told, before the thread has exited: close() must keep the process alive
    // until it has (it did not, and a script awaiting it ended there).
    closing ??= checkpointer.close();
  });
  for (let i = 0; i < 100 && !closing; i++) await sleep(20);
  assert.ok(closing, 'the error was told');
  await closing;
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /unable to open|directory does not exist|no such file/i);
});
