/**
 * The routing drain of `throughput.bench.ts` alone, run several times on one queue (issue 13): the
 * invoices are sent once, then each run puts them back where the sends left them (« Déposée », their
 * jobs held, the rows the previous drain wrote deleted, the tables vacuumed) and drains them again
 * with a started server. For A/B comparisons of the routing code without the send load in between.
 *
 * BENCH_ONLY=sqlite|postgres, BENCH_ROUTE_INVOICES (default 4000), BENCH_RUNS (default 3).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startTestApp } from '../src/testing/test-app.ts';
import { setUpTypedFlow, supplierToken } from '../src/testing/typed-flow.ts';
import { freePort } from '../src/testing/server-process.ts';
import { table, targets } from './bench-server.ts';
import { drainRate, queueHeld } from './routing-drain.ts';

const INVOICES = Number(process.env.BENCH_ROUTE_INVOICES ?? 4000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HELD = '9999-12-31T00:00:00.000Z';

const rows: string[][] = [];
for (const target of targets('routing-only').filter(
  (t) => !process.env.BENCH_ONLY || t.name === process.env.BENCH_ONLY,
)) {
  await target.create();
  const database = target.open();
  const t = await startTestApp(
    { name: target.name, create: async () => ({ ...database, url: target.url }) },
    { DATA_DIR: join(tmpdir(), `chorale-routing-only-data-${process.pid}`) },
  );
  const flow = await setUpTypedFlow(t, 'bench');
  const secret = await supplierToken(flow);
  await t.app.outbox.runDueJobs();
  const ids = await queueHeld(t, secret, flow.structureId, INVOICES);
  await t.app.close();
  const db = database.db;
  const max = async (tableName: 'invoice_history' | 'outbox_jobs' | 'dev_mails') =>
    Number(
      (
        await db
          .selectFrom(tableName)
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirstOrThrow()
      ).m ?? 0,
    );
  const marks = {
    history: await max('invoice_history'),
    jobs: await max('outbox_jobs'),
    mails: await max('dev_mails'),
  };
  const held = (await db.selectFrom('outbox_jobs').select('id').where('run_after', '=', HELD).execute()).map(
    (r) => r.id,
  );
  const invoice = await db.selectFrom('invoices').selectAll().where('id', '=', ids[0]!).executeTakeFirstOrThrow();
  for (let run = 0; run < RUNS; run++) {
    if (run > 0) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('invoice_history').where('id', '>', marks.history).execute();
        await trx.deleteFrom('outbox_jobs').where('id', '>', marks.jobs).execute();
        await trx.deleteFrom('dev_mails').where('id', '>', marks.mails).execute();
        await trx
          .updateTable('outbox_jobs')
          .set({ status: 'pending', attempts: 0, locked_until: null, done_at: null, last_error: null, run_after: HELD })
          .where('id', 'in', held)
          .execute();
        await trx
          .updateTable('invoices')
          .set({
            status: invoice.status,
            status_at: invoice.status_at,
            updated_at: invoice.updated_at,
            made_available_at: null,
            due_date: null,
          })
          .where('id', 'in', ids)
          .execute();
      });
      if (target.name === 'postgres')
        await sql`vacuum analyze invoices, invoice_history, outbox_jobs, dev_mails, invoice_totals, invoice_totals_pending`.execute(
          db,
        );
      else await sql`pragma wal_checkpoint(truncate)`.execute(db);
    }
    // BENCH_BEFORE_DRAIN_SQL: e.g. an `alter database … set auto_explain…` for the drain's connections only.
    if (process.env.BENCH_BEFORE_DRAIN_SQL) await sql.raw(process.env.BENCH_BEFORE_DRAIN_SQL).execute(db);
    const drain = await drainRate(target, database, await freePort(), INVOICES);
    rows.push([
      target.name,
      String(run + 1),
      drain.routedPerSecond.toFixed(0),
      `${drain.jobsPerSecond.toFixed(0)} (${drain.jobs})`,
      drain.cpuMsPerInvoice.toFixed(3),
      drain.databaseCpuMsPerInvoice?.toFixed(3) ?? '—',
    ]);
    console.log(rows.at(-1)!.join(' | '));
  }
  await database.destroy();
  await target.drop();
}
console.log(
  `\n${table(['base', 'passe', 'acheminées/s', 'tâches/s', 'CPU serveur ms/facture', 'CPU PostgreSQL ms/facture'], rows)}`,
);
