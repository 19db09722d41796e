// inTransaction under group commit (SQLite): a nested use still runs in the caller's transaction,
// a use case's steps after its transaction run after the physical COMMIT.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { testDatabaseKinds } from '@chorale/db/testing';
import { inTransaction, type Db } from './context.ts';

const insert = (db: Db, name: string) => sql`insert into ctx_rows (name) values (${name})`.execute(db);
const names = async (db: Db) =>
  (await sql<{ name: string }>`select name from ctx_rows order by name`.execute(db)).rows.map((r) => r.name);

for (const kind of testDatabaseKinds()) {
  test(`[${kind.name}] inTransaction nested in a transaction: the same transaction, concurrent ones grouped on SQLite`, async () => {
    const handle = await kind.create();
    try {
      await sql`create table ctx_rows (name varchar(40) primary key)`.execute(handle.db);
      const before = handle.stats.transactions;
      const afterCommit: string[] = [];
      const useCase = async (name: string, fail: boolean) => {
        await inTransaction(handle.db, async (trx) => {
          await insert(trx, `${name}-outer`);
          await inTransaction(trx, async (inner) => {
            assert.ok(inner.isTransaction);
            assert.equal(inner, trx, 'a nested use runs in the caller’s transaction');
            await insert(inner, `${name}-inner`);
          });
          if (fail) throw new Error(`${name} refused`);
        });
        // What a use case does after its transaction (ctx.nudgeOutbox(), mails) sees it committed.
        afterCommit.push(`${name}:${(await names(handle.db)).includes(`${name}-inner`)}`);
      };
      const results = await Promise.allSettled([useCase('a', false), useCase('b', true), useCase('c', false)]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      // A refusal after the nested step undoes the nested step too; the others are kept.
      assert.deepEqual(await names(handle.db), ['a-inner', 'a-outer', 'c-inner', 'c-outer']);
      assert.deepEqual(afterCommit.sort(), ['a:true', 'c:true']);
      // Nested uses begin nothing; on SQLite the three commit together.
      assert.equal(handle.stats.transactions - before, kind.name === 'sqlite' ? 1 : 3);
    } finally {
      await handle.destroy();
    }
  });
}
