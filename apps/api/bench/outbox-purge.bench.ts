/**
 * The outbox retention (issue 13, src/platform/outbox-purge.ts): how fast a backlog of done jobs
 * past OUTBOX_RETENTION_DAYS is deleted, how long each batch holds the database (and, on SQLite,
 * the event loop), the plans of its two statements, and what it does to a concurrent load of the hot
 * insert path (transactions each queuing 5 jobs, as a sent invoice does), compared with the same
 * load without the purge. `node --import tsx bench/outbox-purge.bench.ts` (SQLite in a file under
 * the temporary folder; PostgreSQL too when TEST_DATABASE_URL is set). OLD (default 200 000) done
 * jobs past the retention, RECENT (20 000) within it, a few failed and pending ones among them.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest, openDatabase, type ChoraleDb, type Database } from '@chorale/db';
import { testDatabaseKinds } from '@chorale/db/testing';
import { enqueueAll, type QueuedJob } from '../src/platform/outbox.ts';
import { purgeDoneJobs, PURGE_WINDOW, type PurgeOptions } from '../src/platform/outbox-purge.ts';

const OLD = Number(process.env.OLD ?? 200_000);
const RECENT = Number(process.env.RECENT ?? 20_000);
const RETENTION_DAYS = 30;
const MAIL = JSON.stringify({ to: 'a@b.fr', subject: 'Facture envoyée', text: 'x'.repeat(600), html: 'y'.repeat(900) });

/** OLD done jobs 40 days old, then RECENT done 1 day old; 1 in 1 000 failed, 1 in 5 000 pending (due later). */
async function seed(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const day = 86_400_000;
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  // One in five jobs is a mail (≈1.6 kB), the others a routing or status job (≈20 bytes).
  const series = (n: number) =>
    dialect === 'postgres'
      ? sql`select g as i from generate_series(1, ${n}::int) g`
      : sql`select value as i from json_each(${JSON.stringify(Array.from({ length: n }, (_, i) => i + 1))})`;
  for (const [n, createdMs] of [
    [OLD, now - 40 * day],
    [RECENT, now - 1 * day],
  ] as const) {
    for (let from = 0; from < n; from += 50_000) {
      const count = Math.min(50_000, n - from);
      await sql`
        insert into outbox_jobs (kind, payload, status, attempts, run_after, created_at, done_at)
        select case when s.i % 5 = 0 then 'mail.send' else 'invoice.route' end,
          case when s.i % 5 = 0 then ${MAIL} else '{"invoiceId":123456}' end,
          case when s.i % 1000 = 7 then 'failed' when s.i % 5000 = 11 then 'pending' else 'done' end,
          1, ${iso(createdMs)}, ${iso(createdMs)},
          case when s.i % 1000 = 7 or s.i % 5000 = 11 then null else ${iso(createdMs + 60_000)} end
        from (${series(count)}) s`.execute(db);
    }
  }
  await sql`update outbox_jobs set run_after = '9999-01-01T00:00:00.000Z' where status = 'pending'`.execute(db);
  if (dialect === 'postgres') await sql`analyze outbox_jobs`.execute(db);
}

async function explain(database: ChoraleDb): Promise<void> {
  const db = database.db;
  const cutoff = new Date(Date.now() - RETENTION_DAYS * 86_400_000).toISOString();
  const windowSql = `select id, created_at from (select id, created_at from outbox_jobs where id > 1000 order by id limit ${PURGE_WINDOW}) w order by id desc limit 1`;
  const deleteSql = `delete from outbox_jobs where id > 1000 and id <= ${1000 + PURGE_WINDOW} and status = 'done' and done_at < '${cutoff}'`;
  if (database.dialect === 'sqlite') {
    for (const s of [windowSql, deleteSql]) {
      const plan = await sql.raw(`explain query plan ${s}`).execute(db);
      console.log(`  ${s.slice(0, 60)}…\n    ${(plan.rows as { detail: string }[]).map((r) => r.detail).join(' | ')}`);
    }
    return;
  }
  await db.connection().execute(async (c) => {
    for (const mode of ['auto', 'force_generic_plan']) {
      await sql.raw(`set plan_cache_mode = ${mode}`).execute(c);
      await sql
        .raw(
          `prepare w(int, int) as select id, created_at from (select id, created_at from outbox_jobs where id > $1 order by id limit $2) w order by id desc limit 1`,
        )
        .execute(c);
      await sql
        .raw(
          `prepare d(int, int, text) as delete from outbox_jobs where id > $1 and id <= $2 and status = 'done' and done_at < $3`,
        )
        .execute(c);
      for (const s of [
        `explain execute w(1000, ${PURGE_WINDOW})`,
        `explain execute d(1000, ${1000 + PURGE_WINDOW}, '${cutoff}')`,
      ]) {
        const plan = await sql.raw(s).execute(c);
        console.log(
          `  [${mode}] ${s}\n    ${(plan.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN'].trim()).join(' | ')}`,
        );
      }
      // Only these two: the pool's own named statements live on this connection too.
      await sql.raw('deallocate w').execute(c);
      await sql.raw('deallocate d').execute(c);
    }
    await sql.raw('reset plan_cache_mode').execute(c);
  });
}

/** Transactions each queuing 5 jobs (a sent invoice's share of the insert path), 8 at a time, until `stop`. */
async function insertLoad(database: ChoraleDb, stop: () => boolean): Promise<number[]> {
  const ctx = { now: () => new Date() };
  const jobs: QueuedJob[] = Array.from({ length: 4 }, (_, i) => ({ kind: 'invoice.route', payload: { invoiceId: i } }));
  jobs.push({ kind: 'mail.send', payload: JSON.parse(MAIL) });
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (!stop()) {
        const started = performance.now();
        await database.db.transaction().execute((trx) => enqueueAll(trx, ctx, jobs));
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const f = (x: number) => x.toFixed(1);

async function measure(name: string, database: ChoraleDb): Promise<void> {
  const ctx = { db: database.db, dialect: database.dialect, now: () => new Date() };
  let started = performance.now();
  await seed(database.db, database.dialect);
  const count = async () =>
    Number((await sql<{ n: number }>`select count(*) as n from outbox_jobs`.execute(database.db)).rows[0]!.n);
  console.log(`\n[${name}] ${await count()} jobs seeded in ${f((performance.now() - started) / 1000)} s; plans:`);
  await explain(database);

  // The insert load alone, 5 s: the reference.
  let stopAt = performance.now() + 5_000;
  const alone = await insertLoad(database, () => performance.now() > stopAt);

  // The purge alone: its rate, and how long each batch holds the event loop / the database.
  const batchMs: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  started = performance.now();
  // The default pause (max(10 ms, 3 × the batch)), its batch durations recorded.
  const pause: PurgeOptions['pause'] = async (ms) => {
    batchMs.push(ms);
    await sleep(Math.max(10, 3 * ms));
  };
  const result = await purgeDoneJobs(ctx, RETENTION_DAYS, { pause });
  const ms = performance.now() - started;
  loop.disable();
  console.log(
    `  purge alone: ${result.deleted} deleted in ${result.batches} batches, ${f(ms / 1000)} s, ${Math.round((result.deleted / ms) * 1000)} rows/s ` +
      `(pauses included); per batch p50 ${f(pct(batchMs, 50))} ms, p90 ${f(pct(batchMs, 90))} ms, max ${f(Math.max(...batchMs))} ms; ` +
      `event-loop delay max ${f(loop.max / 1e6)} ms, p99 ${f(loop.percentile(99) / 1e6)} ms; ${await count()} jobs left (the load's included)`,
  );

  // Again with the same backlog (the table emptied first: ids in the order of created_at), while
  // the insert load runs.
  await database.db.deleteFrom('outbox_jobs').execute();
  await seed(database.db, database.dialect);
  let purging = true;
  stopAt = Infinity;
  const during = insertLoad(database, () => !purging);
  started = performance.now();
  batchMs.length = 0;
  const concurrent = await purgeDoneJobs(ctx, RETENTION_DAYS, { pause });
  const concurrentMs = performance.now() - started;
  purging = false;
  const loaded = await during;
  console.log(
    `  purge under load: ${concurrent.deleted} deleted, ${f(concurrentMs / 1000)} s, ${Math.round((concurrent.deleted / concurrentMs) * 1000)} rows/s, per batch p50 ${f(pct(batchMs, 50))} ms, max ${f(Math.max(...batchMs))} ms\n` +
      `  insert load (8 × transactions of 5 jobs): alone ${Math.round(alone.length / 5)} tx/s, p50 ${f(pct(alone, 50))} ms, p99 ${f(pct(alone, 99))} ms; ` +
      `during the purge ${Math.round(loaded.length / (concurrentMs / 1000))} tx/s, p50 ${f(pct(loaded, 50))} ms, p99 ${f(pct(loaded, 99))} ms`,
  );
}

const file = join(tmpdir(), `chorale-purge-bench-${process.pid}.sqlite`);
const sqlite = openDatabase(`sqlite:${file}`);
await migrateToLatest(sqlite.db);
try {
  await measure('SQLite (file, WAL)', sqlite);
} finally {
  await sqlite.destroy();
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
const pgKind = testDatabaseKinds().find((k) => k.name === 'postgres');
if (pgKind) {
  const pg = await pgKind.create();
  try {
    await measure('PostgreSQL', pg);
  } finally {
    await pg.destroy();
  }
}
