/**
 * `npm run bench` (apps/api), « Déposer facture »: a batch (.zip) of 500 five-line UBL invoices
 * deposited through the real route (app.inject) with submit=true — each one read, validated
 * (XSD + EN 16931), mapped, kept as a draft with its original file and sent — on SQLite and, when
 * BENCH_DATABASE_URL is set, PostgreSQL. Prints the figure beside the goal (issue 9: under 5 s),
 * with the statements and transactions each invoice cost (the batch is written by groups of
 * invoices, deposit-files.ts). BENCH_BATCH (500), BENCH_RUNS (3 batches per base: the machine may
 * be shared), BENCH_ONLY=sqlite|postgres.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { testDatabaseKinds } from '@chorale/db/testing';
import { createActiveAccount, signInWithMailCode, startTestApp } from '../src/testing/test-app.ts';
import { lecointre } from '../src/testing/fixtures.ts';
import { fiveLineUbl, zip } from '../src/modules/intake/intake-test-support.ts';

const COUNT = Number(process.env.BENCH_BATCH ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GOAL_SECONDS = 5;
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const rows: string[][] = [];
const loads: number[] = [];
for (const kind of testDatabaseKinds().filter((k) => !process.env.BENCH_ONLY || k.name === process.env.BENCH_ONLY)) {
  const t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-bench-intake-${process.pid}` });
  await createActiveAccount(t, 'bench@lecointre.fr');
  const supplier = await signInWithMailCode(t, 'bench@lecointre.fr');
  await supplier.post('/api/structures', lecointre);
  // Warm-up: the XSD and rule tables are compiled once per process, not per batch.
  await supplier.upload('/api/invoices/deposit', { name: 'w.xml', bytes: fiveLineUbl(`W-${kind.name}`) });

  for (let run = 1; run <= RUNS; run++) {
    const batch = zip(
      Array.from({ length: COUNT }, (_, i) => ({ name: `f-${i + 1}.xml`, bytes: fiveLineUbl(`B${run}-${i + 1}`) })),
    );
    const stats = t.database.stats;
    const before = { ...stats };
    loads.push(loadavg()[0]!);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await supplier.upload('/api/invoices/deposit', { name: 'lot.zip', bytes: batch }, { submit: 'true' });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (res.body.summary?.sent !== COUNT)
      throw new Error(`batch not integrated: ${JSON.stringify(res.body).slice(0, 2000)}`);
    rows.push([
      kind.name,
      String(run),
      String(COUNT),
      `${(batch.length / 1024).toFixed(0)} Ko`,
      seconds.toFixed(2),
      ((cpu.user + cpu.system) / 1e6).toFixed(2),
      (COUNT / seconds).toFixed(0),
      ((stats.statements - before.statements) / COUNT).toFixed(1),
      ((stats.transactions - before.transactions) / COUNT).toFixed(2),
      `< ${GOAL_SECONDS}`,
      seconds < GOAL_SECONDS ? 'atteint' : 'NON ATTEINT',
    ]);
  }
  await t.close();
}

const header = [
  'base',
  'mesure',
  'factures',
  'lot',
  'durée (s)',
  'CPU (s)',
  'factures/s',
  'requêtes/facture',
  'transactions/facture',
  'objectif (s)',
  'résultat',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(
  '\nDéposer facture : un lot .zip de factures UBL de 5 lignes, lues, validées, mises en brouillon et envoyées',
);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(
  `\nCharge de la machine au début de chaque mesure (load average 1 min) : ${loads.map((l) => l.toFixed(1)).join(', ')}`,
);
