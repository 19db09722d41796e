/**
 * `npm run bench` (apps/api), issue 13: throughput of a complete invoice sent in one call of the
 * native API (`POST /api/invoices/send`, header + line, personal API token) to a started server
 * over real HTTP, driven by autocannon at 64 concurrent clients sending for 64 suppliers (each its
 * own account, structure and token: a nation's load comes from many companies, and each has its own
 * counters); on SQLite and, when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set, PostgreSQL, where
 * what its backends wait on during the load is sampled (pg_stat_activity). In the same run: the raw insert
 * limit of the same rows (one transaction per invoice, straight through the driver), the
 * statements each request of the portal's typed flow asks, the server's peak memory and the
 * routing (outbox) rate while it sends; then, the same server otherwise idle, the latency of each
 * request of that typed flow over HTTP, signed-in portal users clicking without pause
 * (typed-flow-latency.ts). Then the routing alone (routing-drain.ts): a queue of
 * invoices ready to route drained by a started server, and what one routed invoice asks of the
 * database. Prints the tables with the goals beside the figures; asserts nothing.
 *
 * BENCH_SECONDS (default 15) per load, BENCH_CONNECTIONS (default 64), BENCH_SUPPLIERS (default 64,
 * at most one per connection; 1: every request from the same supplier), BENCH_RAW_SECONDS (5),
 * BENCH_ROUTE_INVOICES (invoices queued for the drain, default 4000; 0 skips it), BENCH_PORTAL_USERS
 * (the typed flow's users, default 16, at most BENCH_SUPPLIERS; for BENCH_SECONDS too),
 * BENCH_WARMUP_SECONDS (default 3; 0 measures from the cold start): the same load run first and not
 * counted, its invoices routed before the measure begins, so that the measure is of the sustained
 * rate of a running server (its code compiled by V8, its statements prepared), not of its first
 * second (docs/performance.md, 04/12/2026).
 */
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { ChoraleDb } from '@chorale/db';
import { cpuMs, peakRssByProcessMb, peakRssMb, samplePss, startServer, table, targets } from './bench-server.ts';
import { freePort } from '../src/testing/server-process.ts';
import { printWaits, sampleWaits, type WaitReport } from './pg-waits.ts';
import { rawLimit, sentRows } from './raw-limit.ts';
import { backendsCpuMs, backendsCpuSince, drainRate, queueHeld, routingCost } from './routing-drain.ts';
import { flowLatencyRows, printFlowLatency, typedFlowLatency } from './typed-flow-latency.ts';
import { startTestApp } from '../src/testing/test-app.ts';
import {
  oneCallCost,
  setUpTokenSuppliers,
  setUpTypedFlow,
  supplierToken,
  typedFlowCosts,
  typedInvoice,
  type RequestCost,
  type TokenSupplier,
} from '../src/testing/typed-flow.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const SUPPLIERS = Math.max(1, Math.min(CONNECTIONS, Number(process.env.BENCH_SUPPLIERS ?? 64)));
const RAW_SECONDS = Number(process.env.BENCH_RAW_SECONDS ?? 5);
const ROUTE_INVOICES = Number(process.env.BENCH_ROUTE_INVOICES ?? 4000);
const GOALS = { sqlite: 1500, postgres: 1000 } as const;
const ROUTING_GOAL = 2000;
// The portal's typed flow over HTTP: 1 user (the requests' own time, for at most 5 s), then 16
// clicking without pause, each keeping a request in the server at all times: the load of hundreds
// of people typing (one takes a minute or more per invoice), more than a worker's PostgreSQL pool (10); more
// would only lengthen the queue. At most one per supplier.
const PORTAL_USERS = Math.max(1, Math.min(SUPPLIERS, Number(process.env.BENCH_PORTAL_USERS ?? 16)));

/** The load: each connection sends as one supplier (its token, its structure), in turn. */
async function load(port: number, suppliers: TokenSupplier[], seconds = SECONDS) {
  const request = ({ secret, structureId }: TokenSupplier) => ({
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(typedInvoice(structureId)),
  });
  let connection = 0;
  const first = request(suppliers[0]!);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/invoices/send`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    ...first,
    setupClient: (client: { setHeadersAndBody(headers: Record<string, string>, body: string): void }) => {
      const { headers, body } = request(suppliers[connection++ % suppliers.length]!);
      client.setHeadersAndBody(headers, body);
    },
  });
  return {
    sent: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    perSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Waits until every invoice is routed (MISE_A_DISPOSITION); returns invoices routed per second. */
async function routed(db: ChoraleDb, since: number, sent: number): Promise<number> {
  for (let i = 0; i < 1200; i++) {
    const left = await db.db
      .selectFrom('outbox_jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'invoice.route')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) break;
    await sleep(100);
  }
  return sent / ((performance.now() - since) / 1000);
}

const report: string[][] = [];
const routing: string[][] = [];
const budgets: { base: string; costs: RequestCost[] }[] = [];
const waitReports: WaitReport[] = [];
const flowRows: string[][] = [];
for (const target of targets().filter((t) => !process.env.BENCH_ONLY || t.name === process.env.BENCH_ONLY)) {
  await target.create();
  // 1. The statements of the portal's typed flow and of the one call, the app alone (in process).
  const database = target.open();
  const t = await startTestApp(
    { name: target.name, create: async () => ({ ...database, url: target.url }) },
    { DATA_DIR: join(tmpdir(), `chorale-throughput-data-${process.pid}`) },
  );
  const flow = await setUpTypedFlow(t, 'bench');
  await typedFlowCosts(t, flow);
  const costs = await typedFlowCosts(t, flow);
  const secret = await supplierToken(flow);
  await oneCallCost(t, secret, typedInvoice(flow.structureId));
  const one = await oneCallCost(t, secret, typedInvoice(flow.structureId));
  budgets.push({ base: target.name, costs: [...costs, one] });
  // The load's suppliers: the flow's and SUPPLIERS - 1 more, each with its own token.
  const setUpStart = performance.now();
  const suppliers = [
    { structureId: flow.structureId, secret, cookies: flow.supplier.cookies },
    ...(await setUpTokenSuppliers(t, SUPPLIERS - 1)),
  ];
  console.log(
    `${target.name} : ${suppliers.length} fournisseur(s) prêts en ${((performance.now() - setUpStart) / 1000).toFixed(1)} s`,
  );

  // 2. The started server under load.
  const port = await freePort();
  const applicationName = `chorale-throughput-${process.pid}`;
  const server = await startServer(target, port, 'throughput', { PGAPPNAME: applicationName });
  if (WARMUP_SECONDS > 0) {
    const warmStart = performance.now();
    const warm = await load(port, suppliers, WARMUP_SECONDS);
    await routed(database, warmStart, warm.sent);
    console.log(`${target.name} : mise en route, ${warm.sent} factures en ${WARMUP_SECONDS} s, non comptées`);
  }
  // PostgreSQL: the statistics of a database in service. Autovacuum analyzes a table once it has
  // grown by 10 %, within a minute (autovacuum_naptime); the bench's schema, new and filled in
  // seconds, would otherwise be measured with the generic plans its connections made while it was
  // empty, kept until an ANALYZE (docs/performance.md, 04/12/2026, 20 h 15). BENCH_ANALYZE=0: none.
  if (target.name === 'postgres' && process.env.BENCH_ANALYZE !== '0') {
    const tables = await sql<{
      name: string;
    }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(database.db);
    for (const { name } of tables.rows) await sql`analyze ${sql.id(name)}`.execute(database.db);
  }
  const stopSampling = target.name === 'postgres' ? sampleWaits(target.url, applicationName) : null;
  const loadStart = performance.now();
  const cpuBefore = cpuMs(server.pid!);
  const pgBefore = target.name === 'postgres' ? await backendsCpuMs(database, applicationName) : null;
  const stopPss = samplePss(server.pid!);
  // The load generator runs in this process (autocannon): its CPU is taken from the same cores.
  const generatorBefore = process.cpuUsage();
  const result = await load(port, suppliers);
  const cpuPerInvoice = (cpuMs(server.pid!) - cpuBefore) / Math.max(1, result.sent);
  const generator = process.cpuUsage(generatorBefore);
  const generatorPerInvoice = (generator.user + generator.system) / 1000 / Math.max(1, result.sent);
  // The server's backends (its application_name), each counted from its value before the load (0
  // for one opened during it): the database's share of the same invoices.
  const pgCpu = pgBefore ? await backendsCpuSince(database, applicationName, pgBefore) : 0;
  const pss = stopPss();
  if (stopSampling) waitReports.push({ base: target.name, ...(await stopSampling()) });
  const routedPerSecond = await routed(database, loadStart, result.sent);
  const rss = peakRssMb(server.pid!);
  const [first, ...workers] = peakRssByProcessMb(server.pid!).map((mb) => mb.toFixed(0));
  console.log(
    workers.length
      ? `${target.name} : RSS maximal du processus principal ${first} Mo, de chaque serveur ${workers.join(', ')} Mo ; PSS de la grappe (pages partagées comptées une fois) ${pss.toFixed(0)} Mo au plus`
      : `${target.name} : RSS maximal du serveur ${first} Mo ; PSS ${pss.toFixed(0)} Mo au plus`,
  );
  // The payload of the raw limit (4.): an invoice of the load, not of the portal's flow.
  const rows = await sentRows(database);

  // 2b. The portal's typed flow over HTTP, the same server otherwise idle (its invoices routed before 3.).
  const flowStart = performance.now();
  let flows = 0;
  for (const [users, seconds] of [
    [1, Math.min(5, SECONDS)],
    [PORTAL_USERS, SECONDS],
  ] as const) {
    const cpuBefore = cpuMs(server.pid!);
    const pgFlowBefore = pgBefore ? await backendsCpuMs(database, applicationName) : null;
    // The flow's clients run in this process (node:http), as autocannon does for the one call.
    const generatorFlowBefore = process.cpuUsage();
    const latency = await typedFlowLatency(port, suppliers.slice(0, users), seconds);
    const generatorFlow = process.cpuUsage(generatorFlowBefore);
    const perFlow = (ms: number) => ms / Math.max(1, latency.flows);
    const pgFlowCpu = pgFlowBefore ? await backendsCpuSince(database, applicationName, pgFlowBefore) : 0;
    flowRows.push(
      ...flowLatencyRows(users === 1 ? target.name : '', latency, {
        server: perFlow(cpuMs(server.pid!) - cpuBefore),
        database: pgFlowBefore ? perFlow(pgFlowCpu) : null,
        generator: perFlow((generatorFlow.user + generatorFlow.system) / 1000),
      }),
    );
    flows += latency.flows;
  }
  await routed(database, flowStart, flows);
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));

  // 3. The routing alone: its cost in process, then a held queue drained by a started server.
  if (ROUTE_INVOICES > 0) {
    const cost = await routingCost(t, secret, flow.structureId, Math.min(500, ROUTE_INVOICES));
    await queueHeld(t, secret, flow.structureId, ROUTE_INVOICES);
    await t.app.close();
    const drain = await drainRate(target, database, await freePort(), ROUTE_INVOICES);
    routing.push([
      target.name,
      `${drain.routedPerSecond.toFixed(0)} (objectif ≥ ${ROUTING_GOAL})`,
      `${drain.jobsPerSecond.toFixed(0)} (${drain.jobs} tâches)`,
      drain.cpuMsPerInvoice.toFixed(2),
      drain.databaseCpuMsPerInvoice?.toFixed(2) ?? '(dans le serveur)',
      cost.cpuMs.toFixed(2),
      cost.statements.toFixed(2),
      cost.transactions.toFixed(2),
    ]);
  } else await t.app.close();

  // 4. The raw insert limit of the same rows, the server stopped.
  const raw = await rawLimit(target, rows, { seconds: RAW_SECONDS, connections: CONNECTIONS });
  await database.destroy();
  await target.drop();

  const goal = GOALS[target.name];
  const pgPerInvoice = pgBefore ? pgCpu / Math.max(1, result.sent) : 0;
  // What this machine could send at most, every core busy with the same work per invoice.
  const ceiling = (availableParallelism() * 1000) / (cpuPerInvoice + pgPerInvoice + generatorPerInvoice);
  report.push([
    target.name,
    `${result.perSecond.toFixed(0)} (objectif ≥ ${goal})`,
    `${result.p99} (objectif < 100)`,
    `${result.p50}`,
    String(result.failed),
    raw.toFixed(0),
    `${((result.perSecond / raw) * 100).toFixed(1)} %`,
    `${routedPerSecond.toFixed(0)} (objectif ≥ 2000)`,
    `${rss.toFixed(0)} (objectif < 250)`,
    `${pss.toFixed(0)} (objectif < 250)`,
    `${cpuPerInvoice.toFixed(2)} (≈ ${(1000 / cpuPerInvoice).toFixed(0)}/s par cœur libre)`,
    pgBefore ? pgPerInvoice.toFixed(2) : '(dans le serveur)',
    generatorPerInvoice.toFixed(2),
    `${ceiling.toFixed(0)} (${availableParallelism()} cœurs)`,
  ]);
}

console.log(
  `\nFacture complète envoyée en un appel (POST /api/invoices/send, jeton d’API), ${CONNECTIONS} clients, ${SUPPLIERS} fournisseur${SUPPLIERS > 1 ? 's' : ''}, ${SECONDS} s mesurées${WARMUP_SECONDS > 0 ? ` après ${WARMUP_SECONDS} s de mise en route non comptées` : ' dès le démarrage du serveur'}, HTTP réel (charge ${loadAverage()}) :\n`,
);
console.log(
  table(
    [
      'base',
      'factures/s',
      'p99 (ms)',
      'p50 (ms)',
      'échecs',
      'limite brute (factures/s)',
      'ratio',
      'acheminées/s',
      'RSS serveur max (Mo)',
      'PSS serveur max (Mo)',
      'CPU serveur ms/facture',
      'CPU PostgreSQL ms/facture',
      'CPU générateur ms/facture',
      'plafond de la machine (factures/s)',
    ],
    report,
  ),
);
printWaits(waitReports);
printFlowLatency(flowRows, loadAverage());
console.log('\nRequêtes SQL par requête HTTP (hors begin/commit ; objectif ≤ 8, une transaction par écriture) :\n');
const requests = budgets[0]?.costs.map((c) => c.request) ?? [];
console.log(
  table(
    ['requête', ...budgets.map((b) => b.base)],
    requests.map((r, i) => [
      r,
      ...budgets.map((b) => `${b.costs[i]?.statements} requêtes, ${b.costs[i]?.transactions} transaction(s)`),
    ]),
  ),
);
if (routing.length) {
  console.log(
    `\nAcheminement seul : ${ROUTE_INVOICES} factures déposées, leurs tâches en attente, vidées par un serveur démarré (charge ${loadAverage()}) :\n`,
  );
  console.log(
    table(
      [
        'base',
        'acheminées/s',
        'tâches/s jusqu’à la file vide',
        'CPU serveur ms/facture',
        'CPU PostgreSQL ms/facture',
        'CPU ms/facture (en processus)',
        'requêtes SQL/facture',
        'transactions/facture',
      ],
      routing,
    ),
  );
  console.log(
    '\nUne facture acheminée : Déposée → En cours d’acheminement → Mise à disposition, son historique et ses trois courriels ; ' +
      'requêtes et transactions comptées en processus (le worker de l’application), hors begin/commit.',
  );
}
console.log(
  '\nCPU serveur : temps processeur du serveur pendant la charge (envoi et acheminement), divisé par les factures envoyées ; ' +
    'sur une machine partagée, c’est le chiffre qui ne dépend pas des voisins. CPU PostgreSQL : celui des connexions du serveur à PostgreSQL (ses backends), de même. ' +
    'CPU générateur : celui du générateur de charge (autocannon, dans le processus du banc), qui prend les mêmes cœurs. ' +
    'Plafond de la machine : les cœurs divisés par la somme des trois, ce que cette machine enverrait au plus, tous ses cœurs occupés au même travail par facture.' +
    '\nRSS serveur max : la somme des pics de RSS des processus du serveur (une grappe : le principal et chaque serveur), les pages partagées (l’exécutable `node`, ~50 Mo) comptées une fois par processus. PSS serveur max : le plus haut relevé (toutes les 250 ms) de la somme de leurs PSS, chaque page partagée divisée entre les processus qui la tiennent : ce que le serveur coûte en mémoire à la machine.' +
    '\nLimite brute : les mêmes lignes (facture, ligne, 2 lignes de suivi, 2 tâches) écrites directement par le pilote, une transaction par facture, dans la même exécution.',
);
