// The writing connection keeps the rollback data of its savepoints and statements in memory
// (dialect.ts, temp_store): a transaction of the group commit (a savepoint) that modifies more
// than 64 KiB of pages already written, as an invoice's insert does through its indexes and its
// totals trigger, opens no temporary file (SQLite's `etilqs_` files, unlinked as soon as opened).
import assert from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type ChoraleDb } from './dialect.ts';

let dir: string;
let database: ChoraleDb;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chorale-sub-journal-'));
  database = openDatabase(`sqlite:${join(dir, 'x.sqlite')}`);
  await sql`create table t (id integer primary key, name text not null)`.execute(database.db);
  await sql`create index t_name on t (name)`.execute(database.db);
  // 2,000 rows of ~200 bytes: ~100 pages of 4 KiB, table and index.
  await sql`insert into t (name) select printf('%.190c-%d', 'x', v) from (
    with recursive n(v) as (select 0 union all select v + 1 from n where v < 1999) select v from n)`.execute(
    database.db,
  );
});

after(async () => {
  await database.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** SQLite's temporary files this process holds open (unlinked: their link ends in « (deleted) »). */
function temporaryFiles(): string[] {
  const links: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      links.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed meanwhile
    }
  }
  return links.filter((l) => l.includes('etilqs_'));
}

test(
  'a transaction rewriting ~400 KiB of existing pages keeps its rollback data in memory',
  { skip: process.platform !== 'linux' && 'reads /proc' },
  async () => {
    assert.deepEqual(temporaryFiles(), []);
    let during: string[] = [];
    await database.db.transaction().execute(async (trx) => {
      await sql`update t set name = 'y' || name`.execute(trx);
      during = temporaryFiles();
    });
    assert.deepEqual(during, []);
    const { rows } = await sql<{ n: number }>`select count(*) as n from t where name like 'yx%'`.execute(database.db);
    assert.equal(rows[0]!.n, 2000);
  },
);
