/**
 * `npm run bench` (apps/api): throughput and latency of the heart of Chorale — an invoice typed,
 * sent and routed to its recipient — through the real HTTP routes (app.inject), on SQLite and, when
 * BENCH_DATABASE_URL is set, PostgreSQL. Prints one table. Goals are read here, never in tests.
 */
import { performance } from 'node:perf_hooks';
import { testDatabaseKinds } from '@chorale/db/testing';
import { assignMainManager } from '../src/modules/organisation/assign-main-manager.ts';
import { createActiveAccount, signInWithMailCode, startTestApp } from '../src/testing/test-app.ts';
import { lecointre } from '../src/testing/fixtures.ts';
import { percentile } from './bench-server.ts';

const COUNT = Number(process.env.BENCH_INVOICES ?? 300);
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const rows: string[][] = [];
for (const kind of testDatabaseKinds()) {
  const t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-bench-${process.pid}` });
  await createActiveAccount(t, 'bench@lecointre.fr');
  await createActiveAccount(t, 'bench@cci.fr');
  const supplier = await signInWithMailCode(t, 'bench@lecointre.fr');
  const structureId = (await supplier.post('/api/structures', lecointre)).body.id;
  await assignMainManager(t.app.ctx, { identifier: '13001727000013', email: 'bench@cci.fr' });
  const entity = await signInWithMailCode(t, 'bench@cci.fr');
  const today = new Date().toISOString().slice(0, 10);

  const send: number[] = [];
  const memoryBefore = process.memoryUsage().rss;
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const t0 = performance.now();
    const draft = await supplier.post('/api/invoices', {
      supplierStructureId: structureId,
      recipientIdentifier: '13001727000013',
      invoiceDate: today,
      paymentMode: 'CHEQUE',
    });
    await supplier.post(`/api/invoices/${draft.body.id}/lines`, {
      name: 'Chaises A Tolux',
      quantity: '20',
      unitPrice: '320.00',
      vatRate: '10',
    });
    const sent = await supplier.post(`/api/invoices/${draft.body.id}/submit`);
    if (sent.body.status !== 'DEPOSEE') throw new Error(`not sent: ${JSON.stringify(sent.body)}`);
    send.push(performance.now() - t0);
  }
  const typedSeconds = (performance.now() - start) / 1000;
  const routeStart = performance.now();
  await t.app.outbox.runDueJobs();
  const routeSeconds = (performance.now() - routeStart) / 1000;
  const received = await entity.get('/api/invoices/received?pageSize=20');
  const listTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await entity.get('/api/invoices/received?pageSize=20');
    listTimes.push(performance.now() - t0);
  }
  send.sort((a, b) => a - b);
  listTimes.sort((a, b) => a - b);
  rows.push([
    kind.name,
    String(COUNT),
    (COUNT / typedSeconds).toFixed(1),
    percentile(send, 50).toFixed(1),
    percentile(send, 95).toFixed(1),
    (COUNT / routeSeconds).toFixed(1),
    percentile(listTimes, 50).toFixed(1),
    String(received.body.total),
    ((process.memoryUsage().rss - memoryBefore) / 1024 / 1024).toFixed(0),
  ]);
  await t.close();
}

const header = [
  'base',
  'factures',
  'saisies+envoyées/s',
  'envoi p50 (ms)',
  'envoi p95 (ms)',
  'acheminées/s (outbox)',
  'liste reçues p50 (ms)',
  'reçues',
  'Δ mémoire (Mo)',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(
  `\nUne facture = brouillon + 1 ligne + envoi (3 requêtes HTTP, un seul processus, 2 cœurs). Cible : le pic de Chorus Pro, ~1 M de factures par jour, soit ~12/s en moyenne et ~50/s en pointe, réparties sur plusieurs processus.`,
);
