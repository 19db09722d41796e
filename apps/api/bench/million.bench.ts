/**
 * `npm run bench` (apps/api), issue 12: the lists people use every day, on a database of
 * BENCH_MILLION invoices (1 000 000 for the goal; 200 000 by default so that the bench
 * ends in a few minutes). The invoices are generated inside the database in one statement per
 * 100 000 (PostgreSQL: `insert … select` over generate_series, faster than COPY since nothing
 * crosses the wire; SQLite: the same over a recursive CTE, in one transaction), then the started
 * server (`apps/api/src/server.ts`) is asked over real HTTP with personal API tokens:
 * « Synthèse », « Rechercher » on three criteria, the recipient's worklist and a CSV export of
 * about 100 000 lines streamed while the server's memory is sampled. Prints figures and goals
 * side by side. BENCH_ONLY=sqlite|postgres, BENCH_REQUESTS (40 per list), BENCH_KEEP (below).
 * `bench/explain-lists.ts` prints the SQL of each list with its plan on a kept database.
 */
import { performance } from 'node:perf_hooks';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { notYetDeliveredStatuses } from '@chorale/domain';
import { openDatabase } from '@chorale/db';
import { CCI } from '../src/modules/intake/intake-test-support.ts';
import { createActiveAccount, signInWithMailCode, startTestApp } from '../src/testing/test-app.ts';
import { setUpTypedFlow, supplierToken } from '../src/testing/typed-flow.ts';
import { percentile, rssMb, startServer, table, targets, type Target } from './bench-server.ts';
import { freePort } from '../src/testing/server-process.ts';
import { generate, generationParams } from './generate-invoices.ts';

const SIZE = Number(process.env.BENCH_MILLION ?? 200_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const CHUNK = 100_000;
// One server process: the memory sampled is the one that streams the export.
process.env.WORKERS ??= '1';
const GOAL_P95_MS = 50;
const GOAL_EXPORT_S = 10;

const rows: string[][] = [];
const notes: string[] = [];
// BENCH_KEEP=<directory>: the generated databases (a SQLite file there, a PostgreSQL schema named
// after it) and the tokens are kept; a later run with the same directory and size measures them
// again without generating (the measures only read; the started server migrates them first).
const KEEP = process.env.BENCH_KEEP ? resolve(process.env.BENCH_KEEP) : undefined;
interface Kept {
  size: number;
  supplierSecret: string;
  entitySecret: string;
  generatedAt: string;
  genSeconds: number;
  /** The bench supplier's and the CCI's structure ids. */
  params: { supplier: number; cci: number };
}
for (const target of targets('million', KEEP).filter(
  (t) => !process.env.BENCH_ONLY || t.name === process.env.BENCH_ONLY,
)) {
  const keptFile = KEEP && join(KEEP, `${target.name}.json`);
  let kept = keptFile && existsSync(keptFile) ? (JSON.parse(readFileSync(keptFile, 'utf8')) as Kept) : undefined;
  if (kept && kept.size !== SIZE)
    throw new Error(`${keptFile}: ${kept.size} invoices kept, not ${SIZE}; remove ${KEEP} to generate again`);
  if (!kept) kept = await prepare(target);
  if (keptFile) writeFileSync(keptFile, JSON.stringify(kept));
  const { supplierSecret, entitySecret, params } = kept;
  notes.push(
    `${target.name} : ${SIZE} factures générées en ${kept.genSeconds.toFixed(1)} s` +
      (KEEP ? ` (BENCH_KEEP : base du ${kept.generatedAt})` : ''),
  );

  // 3. The started server, asked over HTTP.
  const port = await freePort();
  const server = await startServer(target, port, 'million');
  const get = async (secret: string, path: string) => {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${secret}` } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
    return { ms: performance.now() - t0, body, res };
  };
  const measure = async (label: string, secret: string, path: string) => {
    for (let i = 0; i < 5; i++) await get(secret, path);
    const times: number[] = [];
    let total = 0;
    let capped = false;
    for (let i = 0; i < REQUESTS; i++) {
      const r = await get(secret, path);
      times.push(r.ms);
      const body = JSON.parse(r.body) as { total?: number; totalCapped?: boolean };
      total = body.total ?? -1;
      capped = body.totalCapped ?? false;
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    rows.push([
      target.name,
      SIZE.toLocaleString('fr-FR'),
      label,
      total < 0 ? 'période par défaut' : `${capped ? 'plus de ' : ''}${total.toLocaleString('fr-FR')} résultats`,
      percentile(times, 50).toFixed(1),
      p95.toFixed(1),
      `< ${GOAL_P95_MS} ms`,
      p95 < GOAL_P95_MS ? 'atteint' : 'NON ATTEINT',
    ]);
  };
  await measure('Synthèse (fournisseur)', supplierSecret, '/api/invoices/issued/worklist');
  await measure(
    'Rechercher, 3 critères (état, période, destinataire)',
    supplierSecret,
    `/api/invoices/issued?status=MISE_A_DISPOSITION,SERVICE_FAIT&invoiceDateFrom=2025-04-01&invoiceDateTo=2025-06-30&counterparty=${CCI}`,
  );
  await measure('Factures à traiter (destinataire)', entitySecret, '/api/invoices/received/worklist');
  await measure('Rechercher (destinataire, 1re page)', entitySecret, '/api/invoices/received');
  await measure('Tableau de bord (fournisseur)', supplierSecret, '/api/invoices/issued/dashboard');
  await measure('Tableau de bord (destinataire)', entitySecret, '/api/invoices/received/dashboard');
  // The dashboards' figures (read from invoice_totals) equal a count made in SQL over the invoices.
  const check = openDatabase(target.url);
  for (const [side, secret, structure] of [
    ['issued', supplierSecret, params.supplier],
    ['received', entitySecret, params.cci],
  ] as const) {
    const d = JSON.parse((await get(secret, `/api/invoices/${side}/dashboard`)).body) as {
      period: { from: string; to: string };
      byStatus: { status: string; count: number }[];
    };
    const counted = await check.db
      .selectFrom('invoices')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where(side === 'issued' ? 'supplier_structure_id' : 'recipient_structure_id', '=', structure)
      .where('invoice_date', '>=', d.period.from)
      .where('invoice_date', '<=', d.period.to)
      .$if(side === 'received', (q) => q.where('status', 'not in', notYetDeliveredStatuses))
      .groupBy('status')
      .execute();
    const shown = d.byStatus.map((b) => `${b.status}=${b.count}`).sort();
    const sqlCount = counted.map((r) => `${r.status}=${Number(r.n)}`).sort();
    if (shown.join() !== sqlCount.join())
      throw new Error(`Tableau de bord ${side} : ${shown.join()} ≠ décompte SQL ${sqlCount.join()}`);
    notes.push(`${target.name} : Tableau de bord ${side}, ${shown.length} états égaux au décompte SQL`);
  }
  await check.destroy();

  // The exports: every received invoice of the CCI, streamed; the server's memory sampled.
  let csvLines = 0;
  for (const format of ['csv', 'xlsx'] as const) {
    const rssBefore = rssMb(server.pid!);
    const samples: { at: number; rss: number }[] = [];
    const t0 = performance.now();
    const sampler = setInterval(() => samples.push({ at: performance.now() - t0, rss: rssMb(server.pid!) }), 50);
    const res = await fetch(`http://127.0.0.1:${port}/api/invoices/received/export.${format}`, {
      headers: { authorization: `Bearer ${entitySecret}` },
    });
    let bytes = 0;
    for await (const chunk of res.body!) {
      bytes += (chunk as Uint8Array).length;
      if (format === 'csv') for (const byte of chunk as Uint8Array) if (byte === 10) csvLines++;
    }
    const ms = performance.now() - t0;
    clearInterval(sampler);
    const lines = csvLines - 1; // the same results in both formats; the CSV counts them
    // The peak memory of each tenth of the export: flat means it stops growing with the lines.
    const peaks = Array.from({ length: 10 }, (_, i) =>
      Math.max(
        rssBefore,
        ...samples.filter((x) => x.at >= (i * ms) / 10 && x.at < ((i + 1) * ms) / 10).map((x) => x.rss),
      ),
    );
    const rssMax = Math.max(rssBefore, ...samples.map((x) => x.rss));
    notes.push(
      `${target.name} : mémoire du serveur pendant l’export ${format.toUpperCase()} (${(bytes / 1e6).toFixed(1)} Mo), pic par dixième de l’export (Mo) : ${rssBefore.toFixed(0)} → ${peaks.map((m) => m.toFixed(0)).join(', ')}`,
    );
    const perHundredThousand = (ms / 1000) * (100_000 / Math.max(1, lines));
    rows.push([
      target.name,
      SIZE.toLocaleString('fr-FR'),
      `Export ${format === 'csv' ? 'CSV' : 'Excel'} des factures reçues (flux)`,
      `${lines.toLocaleString('fr-FR')} lignes`,
      `${(ms / 1000).toFixed(2)} s (≈ ${perHundredThousand.toFixed(1)} s / 100 000)`,
      `RSS ${rssBefore.toFixed(0)} → max ${rssMax.toFixed(0)} Mo`,
      `< ${GOAL_EXPORT_S} s / 100 000 lignes, mémoire plate`,
      perHundredThousand < GOAL_EXPORT_S && rssMax - rssBefore < 50 ? 'atteint' : 'NON ATTEINT',
    ]);
  }
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await target.drop();
}

/** 1. Accounts, structures and tokens through the app itself (it migrates the database); 2. the invoices. */
async function prepare(target: Target): Promise<Kept> {
  await target.create();
  const database = target.open();
  const t = await startTestApp(
    { name: target.name, create: async () => ({ ...database, url: target.url }) },
    { DATA_DIR: `/tmp/chorale-million-data-${process.pid}` },
  );
  const flow = await setUpTypedFlow(t, 'bench');
  const supplierSecret = await supplierToken(flow);
  const entity = await signInWithMailCode(t, 'bench@cci.fr');
  const entitySecret = (await entity.post('/api/me/api-tokens', { name: 'Banc' })).body.secret as string;
  await createActiveAccount(t, 'other@bench.fr');
  await t.app.close();

  // 2. The invoices, generated by the database.
  const db = database.db;
  const params = await generationParams(db, flow.structureId);
  const genStart = performance.now();
  for (let from = 0; from < SIZE; from += CHUNK) {
    const to = Math.min(SIZE, from + CHUNK);
    await sql.raw(generate(target.name, from, to, params)).execute(db);
    process.stdout.write(`\r${target.name} : ${to} factures générées`);
  }
  await sql.raw(target.name === 'postgres' ? 'vacuum analyze invoices' : 'analyze').execute(db);
  const genSeconds = (performance.now() - genStart) / 1000;
  console.log(` en ${genSeconds.toFixed(1)} s`);
  await database.destroy();

  return {
    size: SIZE,
    supplierSecret,
    entitySecret,
    generatedAt: new Date().toISOString(),
    genSeconds,
    params: { supplier: params.supplier, cci: params.cci },
  };
}

console.log(`\nSuivi des factures sur ${SIZE.toLocaleString('fr-FR')} factures (BENCH_MILLION), HTTP réel :\n`);
console.log(table(['base', 'factures', 'liste', 'taille', 'p50 (ms)', 'p95 (ms)', 'objectif', 'résultat'], rows));
console.log(`\n${notes.join('\n')}`);
