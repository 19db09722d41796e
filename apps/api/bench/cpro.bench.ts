/**
 * `npm run bench` (apps/api): `factures/v1/soumettre` through the Chorus Pro-compatible API — one
 * JSON invoice a call, as an accounting software sends it, over the real route (app.inject) with
 * its bearer token and technical account. Throughput and p50 / p95 / p99 latency, SQLite and, when
 * BENCH_DATABASE_URL is set, PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import { testDatabaseKinds } from '@chorale/db/testing';
import { connectorFor, supplierProfiles, userIdOf } from '../src/modules/cpro/cpro-test-support.ts';
import { createActiveAccount, signInWithMailCode, startTestApp } from '../src/testing/test-app.ts';
import { lecointre } from '../src/testing/fixtures.ts';
import { percentile } from './bench-server.ts';

const COUNT = Number(process.env.BENCH_SOUMETTRE ?? 300);
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const rows: string[][] = [];
for (const kind of testDatabaseKinds()) {
  const t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-bench-cpro-${process.pid}` });
  await createActiveAccount(t, 'bench@lecointre.fr');
  const manager = await signInWithMailCode(t, 'bench@lecointre.fr');
  const supplierId = (await manager.post('/api/structures', lecointre)).body.id as number;
  const connector = await connectorFor(t, await userIdOf(t, 'bench@lecointre.fr'), supplierId, [
    { structureId: supplierId, profiles: supplierProfiles },
  ]);
  // The bench measures the route, not the contract checks of the test helper.
  connector.checkRequests = false;
  const today = new Date().toISOString().slice(0, 10);
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const t0 = performance.now();
    const res = await connector.call('factures/v1/soumettre', {
      modeDepot: 'SAISIE_API',
      dateFacture: today,
      destinataire: { codeDestinataire: '13001727000013' },
      fournisseur: { idFournisseur: supplierId },
      references: { typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'CHEQUE' },
      lignePoste: [
        {
          lignePosteDenomination: 'Chaises A Tolux',
          lignePosteQuantite: 20,
          lignePosteMontantUnitaireHT: 320,
          lignePosteTauxTva: 'TVA10',
        },
      ],
    });
    if (res.status !== 200) throw new Error(`soumettre refused: ${JSON.stringify(res.body)}`);
    times.push(performance.now() - t0);
  }
  const seconds = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  rows.push([
    kind.name,
    String(COUNT),
    (COUNT / seconds).toFixed(1),
    percentile(times, 50).toFixed(1),
    percentile(times, 95).toFixed(1),
    percentile(times, 99).toFixed(1),
  ]);
  await t.close();
}

const header = ['base', 'soumettre', 'factures/s', 'p50 ms', 'p95 ms', 'p99 ms'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log('API compatible Chorus Pro — factures/v1/soumettre (JSON, SAISIE_API)');
console.log(line(header));
for (const r of rows) console.log(line(r));
