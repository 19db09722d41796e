import { after, before, beforeEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ConfigError, loadConfig } from '../config.ts';
import { databaseKinds, startTestApp, type TestApp } from '../testing/test-app.ts';
import { FIRST_PURGE_MS, OutboxPurger, purgeDoneJobs, type PurgeResult } from './outbox-purge.ts';

const DAY = 86_400_000;
const noPause = async () => undefined;

type Row = { status: 'pending' | 'done' | 'failed'; createdDaysAgo: number; doneDaysAgo?: number };

for (const kind of databaseKinds) {
  describe(`[${kind.name}] outbox retention: done jobs past OUTBOX_RETENTION_DAYS deleted (issue 13)`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());
    beforeEach(async () => {
      await t.database.db.deleteFrom('outbox_jobs').execute();
    });

    const ago = (days: number) => new Date(t.app.ctx.now().getTime() - days * DAY).toISOString();
    /** Inserts the rows in this order (ids ascending); returns their ids. */
    const seed = async (rows: Row[]): Promise<number[]> => {
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += 500) {
        const inserted = await t.database.db
          .insertInto('outbox_jobs')
          .values(
            rows.slice(i, i + 500).map((r) => ({
              kind: 'mail.send',
              payload: '{}',
              status: r.status,
              attempts: r.status === 'pending' ? 0 : 1,
              run_after: r.status === 'pending' ? '9999-01-01T00:00:00.000Z' : ago(r.createdDaysAgo),
              created_at: ago(r.createdDaysAgo),
              done_at: r.doneDaysAgo === undefined ? null : ago(r.doneDaysAgo),
              last_error: r.status === 'failed' ? 'SMTP refusé' : null,
            })),
          )
          .returning('id')
          .execute();
        ids.push(...inserted.map((r) => r.id).sort((a, b) => a - b));
      }
      return ids;
    };
    const remaining = async () =>
      (await t.database.db.selectFrom('outbox_jobs').select('id').orderBy('id').execute()).map((r) => r.id);
    const oldDone = (n: number): Row[] =>
      Array.from({ length: n }, () => ({ status: 'done', createdDaysAgo: 45, doneDaysAgo: 44 }));

    test('old done jobs go; recent done, pending and failed jobs of any age stay; batches are bounded', async () => {
      const rows: Row[] = [
        { status: 'failed', createdDaysAgo: 900, doneDaysAgo: undefined },
        ...oldDone(60),
        // A reminder queued long ago, due in the future: pending, whatever its age.
        { status: 'pending', createdDaysAgo: 400 },
        ...oldDone(70),
        { status: 'failed', createdDaysAgo: 40 },
        // The status decides, not done_at alone (no code path writes both today).
        { status: 'failed', createdDaysAgo: 40, doneDaysAgo: 40 },
        // Queued long ago but done recently (a webhook retried for days): its age counts from done_at.
        { status: 'done', createdDaysAgo: 40, doneDaysAgo: 29 },
        ...oldDone(50),
        { status: 'done', createdDaysAgo: 31, doneDaysAgo: 30.001 },
        { status: 'done', createdDaysAgo: 29.999, doneDaysAgo: 29.99 },
        { status: 'done', createdDaysAgo: 2, doneDaysAgo: 1 },
        { status: 'pending', createdDaysAgo: 0 },
        { status: 'failed', createdDaysAgo: 0 },
      ];
      const ids = await seed(rows);
      const kept = ids.filter((_, i) => {
        const r = rows[i]!;
        return r.status !== 'done' || r.doneDaysAgo! < 30;
      });
      assert.equal(ids.length - kept.length, 181);

      const result = await purgeDoneJobs(t.app.ctx, 30, { window: 50, pause: noPause });
      assert.equal(result.deleted, 181);
      assert.ok(result.largestBatch <= 50, `a batch deleted ${result.largestBatch} rows`);
      assert.ok(result.batches >= 4 && result.batches <= 5, `${result.batches} batches`);
      assert.equal(result.busy, false);
      assert.deepEqual(await remaining(), kept);

      // Caught up: one window, then the purge sees jobs queued after the cutoff and stops.
      const again = await purgeDoneJobs(t.app.ctx, 30, { window: 50, pause: noPause });
      assert.deepEqual(again, { deleted: 0, batches: 1, largestBatch: 0, busy: false });
      assert.deepEqual(await remaining(), kept);
    });

    test('a purge stops at the first window queued after the cutoff, leaving the recent jobs unread', async () => {
      await seed([
        ...oldDone(30),
        ...Array.from({ length: 200 }, (): Row => ({ status: 'done', createdDaysAgo: 1, doneDaysAgo: 1 })),
      ]);
      const result = await purgeDoneJobs(t.app.ctx, 30, { window: 20, pause: noPause });
      assert.equal(result.deleted, 30);
      assert.equal(result.batches, 2, 'windows 1-20 and 21-40; none of the 180 jobs after them');
      assert.equal((await remaining()).length, 200);
    });

    test('the pause runs between batches, and a stopping server ends the purge before the next one', async () => {
      await seed(oldDone(100));
      const pauses: number[] = [];
      const result = await purgeDoneJobs(t.app.ctx, 30, {
        window: 10,
        pause: async (ms) => void pauses.push(ms),
        stopping: () => pauses.length === 3,
      });
      // Stopping asked during the third pause: no batch after it.
      assert.equal(pauses.length, 3);
      assert.deepEqual({ deleted: result.deleted, batches: result.batches }, { deleted: 30, batches: 3 });
      assert.equal((await remaining()).length, 70);
    });

    test('two purgers at once: every old done job deleted once, nothing else', async () => {
      const rows: Row[] = [
        ...oldDone(150),
        { status: 'failed', createdDaysAgo: 50 },
        ...oldDone(150),
        { status: 'pending', createdDaysAgo: 50 },
      ];
      rows.push({ status: 'done', createdDaysAgo: 1, doneDaysAgo: 1 });
      const ids = await seed(rows);
      const interleave = () => new Promise<void>((r) => setImmediate(r));
      const results: PurgeResult[] = await Promise.all([
        purgeDoneJobs(t.app.ctx, 30, { window: 25, pause: interleave }),
        purgeDoneJobs(t.app.ctx, 30, { window: 25, pause: interleave }),
      ]);
      assert.equal(results[0]!.deleted + results[1]!.deleted, 300, JSON.stringify(results));
      // Each stops at most once for the other's lock (PostgreSQL); the one left finishes.
      assert.ok(!(results[0]!.busy && results[1]!.busy));
      assert.deepEqual(await remaining(), [ids[150], ids[301], ids[302]]);
    });

    if (kind.name === 'postgres')
      test('PostgreSQL: a process that finds the purge under way elsewhere leaves it (lock per schema)', async () => {
        await seed(oldDone(10));
        const result = await t.database.db.transaction().execute(async (trx) => {
          await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.outbox_purge'))`.execute(trx);
          return purgeDoneJobs(t.app.ctx, 30, { pause: noPause });
        });
        assert.deepEqual(result, { deleted: 0, batches: 0, largestBatch: 0, busy: true });
        assert.equal((await remaining()).length, 10);
        assert.equal((await purgeDoneJobs(t.app.ctx, 30, { pause: noPause })).deleted, 10, 'lock released');
      });

    test('the server purges a first time FIRST_PURGE_MS after it starts; OUTBOX_RETENTION_DAYS=0 never', async () => {
      await seed([...oldDone(5), { status: 'done', createdDaysAgo: 1, doneDaysAgo: 1 }]);
      mock.timers.enable({ apis: ['setTimeout'] });
      try {
        const off = new OutboxPurger(
          { ...t.app.ctx, config: { ...t.app.ctx.config, outboxRetentionDays: 0 } },
          t.app.log,
        );
        off.start();
        mock.timers.tick(FIRST_PURGE_MS * 200);
        await off.stop();
        assert.equal((await remaining()).length, 6);

        const purger = new OutboxPurger(t.app.ctx, t.app.log);
        purger.start();
        mock.timers.tick(FIRST_PURGE_MS - 1);
        await new Promise((r) => setImmediate(r));
        assert.equal((await remaining()).length, 6, 'not yet');
        mock.timers.tick(1);
        const deadline = Date.now() + 5_000;
        while ((await remaining()).length !== 1 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
        await purger.stop();
        assert.equal((await remaining()).length, 1);
      } finally {
        mock.timers.reset();
      }
    });
  });
}

describe('OUTBOX_RETENTION_DAYS', () => {
  test('30 days by default, 0 keeps done jobs forever, a negative or fractional value is refused', () => {
    assert.equal(loadConfig({}).outboxRetentionDays, 30);
    assert.equal(loadConfig({ OUTBOX_RETENTION_DAYS: '0' }).outboxRetentionDays, 0);
    assert.equal(loadConfig({ OUTBOX_RETENTION_DAYS: '400' }).outboxRetentionDays, 400);
    for (const wrong of ['-1', '1.5', 'trente'])
      assert.throws(
        () => loadConfig({ OUTBOX_RETENTION_DAYS: wrong }),
        (e: unknown) => e instanceof ConfigError && /OUTBOX_RETENTION_DAYS/.test(e.message),
      );
  });
});
