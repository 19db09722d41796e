/**
 * The routing (outbox) measure of `throughput.bench.ts`, issue 13: how fast a queue of invoices
 * ready to route is drained, apart from the sends that filled it. The invoices are sent in process
 * (POST /api/invoices/send, the worker off) and their jobs held (due in the far future); a server
 * is then started (WORKERS as configured: one process on SQLite; on PostgreSQL one per core, one
 * per two cores when it runs on this machine) and, once it listens, the jobs are made due at once:
 * routed/s is the number of invoices over the time until each reached « Mise à disposition », its
 * CPU is all the server's processes over the time until the queue (status mails included) was
 * empty. What one routed invoice asks of the database (statements, transactions) is counted in
 * process, by the app's own worker, on a smaller queue.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChoraleDb } from '@chorale/db';
import { sql } from 'kysely';
import type { TestApp } from '../src/testing/test-app.ts';
import { typedInvoice } from '../src/testing/typed-flow.ts';
import { cpuMs, startServer, type Target } from './bench-server.ts';

const HELD = '9999-12-31T00:00:00.000Z';

/** CPU time of one process from /proc, in ms (0 once it has ended). */
function procCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU time of the PostgreSQL backends serving the drained server (its connections carry
 * `application_name`), by backend, in ms: the database's share of the work, apart from what other
 * users of the same database server do meanwhile (a shared machine).
 */
export async function backendsCpuMs(database: ChoraleDb, applicationName: string): Promise<Map<number, number>> {
  const { rows } = await sql<{
    pid: number;
  }>`select pid from pg_stat_activity where application_name = ${applicationName}`.execute(database.db);
  return new Map(rows.map((r) => [r.pid, procCpuMs(r.pid)]));
}

/** The CPU (ms) those backends spent since `before` (backendsCpuMs); one opened meanwhile counts from its start. */
export async function backendsCpuSince(
  database: ChoraleDb,
  applicationName: string,
  before: Map<number, number>,
): Promise<number> {
  let spent = 0;
  for (const [pid, ms] of await backendsCpuMs(database, applicationName)) spent += ms - (before.get(pid) ?? 0);
  return spent;
}

/** Sends `count` invoices in process, `parallel` at a time; returns their ids. */
async function sendInvoices(t: TestApp, secret: string, structureId: number, count: number): Promise<number[]> {
  const ids: number[] = [];
  const body = typedInvoice(structureId);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        next++;
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/invoices/send',
          headers: { authorization: `Bearer ${secret}` },
          payload: body,
        });
        if (res.statusCode !== 201) throw new Error(`send: ${res.statusCode} ${res.body}`);
        ids.push((JSON.parse(res.body) as { id: number }).id);
      }
    }),
  );
  return ids;
}

export interface RoutingCost {
  invoices: number;
  statements: number;
  transactions: number;
  cpuMs: number;
}

/**
 * What routing one invoice asks, measured in process: `count` invoices sent, then the app's worker
 * drains the queue (both routing steps and the three status mails): statements, transactions and
 * CPU of this process, per invoice.
 */
export async function routingCost(t: TestApp, secret: string, structureId: number, count: number) {
  await t.app.outbox.runDueJobs();
  await sendInvoices(t, secret, structureId, count);
  const stats = t.database.stats;
  const before = { ...stats };
  const cpu = process.cpuUsage();
  await t.app.outbox.runDueJobs();
  const used = process.cpuUsage(cpu);
  return {
    invoices: count,
    statements: (stats.statements - before.statements) / count,
    transactions: (stats.transactions - before.transactions) / count,
    cpuMs: (used.user + used.system) / 1000 / count,
  } satisfies RoutingCost;
}

/** Queues `count` invoices ready to route, their jobs held until `drainRate` releases them. */
export async function queueHeld(t: TestApp, secret: string, structureId: number, count: number): Promise<number[]> {
  const ids = await sendInvoices(t, secret, structureId, count);
  await t.database.db.updateTable('outbox_jobs').set({ run_after: HELD }).where('status', '=', 'pending').execute();
  return ids;
}

async function jobsIn(db: ChoraleDb, status: 'pending' | 'done', kind?: string): Promise<number> {
  let query = db.db
    .selectFrom('outbox_jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status);
  if (kind) query = query.where('kind', '=', kind);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/**
 * Starts a server, releases the held jobs and waits for the queue to drain: routed/s (every invoice
 * at « Mise à disposition »), jobs/s until the queue is empty, and the server's CPU per invoice.
 */
export async function drainRate(target: Target, database: ChoraleDb, port: number, invoices: number) {
  const applicationName = `chorale-routing-${process.pid}`;
  const server = await startServer(target, port, 'routing', { OUTBOX_POLL_MS: '50', PGAPPNAME: applicationName });
  try {
    const doneBefore = await jobsIn(database, 'done');
    const cpuBefore = cpuMs(server.pid!);
    const pgBefore = target.name === 'postgres' ? await backendsCpuMs(database, applicationName) : new Map();
    const start = performance.now();
    await database.db
      .updateTable('outbox_jobs')
      .set({ run_after: new Date().toISOString() })
      .where('run_after', '=', HELD)
      .execute();
    let routedAt = 0;
    for (let i = 0; i < 6000; i++) {
      if (!routedAt && (await jobsIn(database, 'pending', 'invoice.route')) === 0) routedAt = performance.now();
      if (routedAt && (await jobsIn(database, 'pending')) === 0) break;
      await sleep(20);
    }
    const emptyAt = performance.now();
    const cpu = cpuMs(server.pid!) - cpuBefore;
    const pgCpu = target.name === 'postgres' ? await backendsCpuSince(database, applicationName, pgBefore) : 0;
    const jobs = (await jobsIn(database, 'done')) - doneBefore;
    return {
      routedPerSecond: invoices / ((routedAt - start) / 1000),
      jobsPerSecond: jobs / ((emptyAt - start) / 1000),
      jobs,
      cpuMsPerInvoice: cpu / invoices,
      databaseCpuMsPerInvoice: target.name === 'postgres' ? pgCpu / invoices : null,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}
