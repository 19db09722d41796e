/**
 * `npm run bench` (apps/api), mode EDI (issue 11): a .tar.gz flow of 500 five-line UBL invoices
 * uploaded by SFTP (ssh2 client, public-key sign-in) to a started SFTP server, then read by the
 * running job queue; the figure is the time from the start of the upload to the flow's final
 * state (IN_INTEGRE), beside the goal (under 5 s), on SQLite and, when BENCH_DATABASE_URL is set,
 * PostgreSQL. BENCH_BATCH (500), BENCH_RUNS (2), BENCH_ONLY=sqlite|postgres.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import ssh2 from 'ssh2';
import { testDatabaseKinds } from '@chorale/db/testing';
import { createActiveAccount, signInWithMailCode, startTestApp } from '../src/testing/test-app.ts';
import { lecointre } from '../src/testing/fixtures.ts';
import { fiveLineUbl, tarGz } from '../src/modules/intake/intake-test-support.ts';
import { attachTechnicalAccount, createTechnicalAccount } from '../src/modules/cpro/connections.ts';
import { supplierProfiles, userIdOf } from '../src/modules/cpro/cpro-test-support.ts';
import { addSshKey } from '../src/modules/sftp/ssh-keys.ts';
import { ed25519KeyPair } from '../src/modules/sftp/ed25519-key-pair.ts';
import { startSftpServer } from '../src/modules/sftp/sftp-server.ts';

const COUNT = Number(process.env.BENCH_BATCH ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const GOAL_SECONDS = 5;
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

/** Uploads the bytes to depot/ by SFTP and resolves once the server answered the CLOSE. */
function upload(port: number, username: string, privateKey: string, name: string, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on('error', reject);
    c.on('ready', () =>
      c.sftp((err, sftp) => {
        if (err) return reject(err);
        sftp.writeFile(`/depot/${name}`, bytes, (e) => {
          c.end();
          if (e) reject(e);
          else resolve();
        });
      }),
    );
    c.connect({ host: '127.0.0.1', port, username, privateKey });
  });
}

const rows: string[][] = [];
const loads: number[] = [];
for (const kind of testDatabaseKinds().filter((k) => !process.env.BENCH_ONLY || k.name === process.env.BENCH_ONLY)) {
  const t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-bench-sftp-${process.pid}`, OUTBOX_POLL_MS: '50' });
  await createActiveAccount(t, 'bench@lecointre.fr');
  const manager = await signInWithMailCode(t, 'bench@lecointre.fr');
  const structureId = (await manager.post('/api/structures', lecointre)).body.id as number;
  const managerId = await userIdOf(t, 'bench@lecointre.fr');
  const account = await createTechnicalAccount(t.app.ctx, managerId, { structureId });
  await attachTechnicalAccount(t.app.ctx, managerId, account.id, { structureId, profiles: supplierProfiles });
  const keys = ed25519KeyPair();
  await addSshKey(t.app.ctx, managerId, account.id, { publicKey: keys.public });
  const server = await startSftpServer(t.app.ctx, t.app.log, { port: 0, host: '127.0.0.1' });
  t.app.outbox.start();
  const finalState = async (fileName: string) => {
    for (;;) {
      const d = await t.database.db
        .selectFrom('deposits')
        .select(['flow_state'])
        .where('file_name', '=', fileName)
        .executeTakeFirst();
      if (d && ['IN_INTEGRE', 'IN_INTEGRE_PARTIEL', 'IN_REJETE'].includes(d.flow_state)) return d.flow_state;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  // Warm-up: the XSD and rule tables are compiled once per process, not per flow.
  await upload(server.port, account.login, keys.private, 'w.xml', fiveLineUbl(`W-${kind.name}`));
  await finalState('w.xml');

  for (let run = 1; run <= RUNS; run++) {
    const name = `lot-${run}.tar.gz`;
    const batch = tarGz(
      Array.from({ length: COUNT }, (_, i) => ({ name: `f-${i + 1}.xml`, bytes: fiveLineUbl(`S${run}-${i + 1}`) })),
    );
    loads.push(loadavg()[0]!);
    const t0 = performance.now();
    await upload(server.port, account.login, keys.private, name, batch);
    const uploaded = (performance.now() - t0) / 1000;
    const state = await finalState(name);
    const seconds = (performance.now() - t0) / 1000;
    if (state !== 'IN_INTEGRE') throw new Error(`flow ${name} ended ${state}`);
    rows.push([
      kind.name,
      String(run),
      String(COUNT),
      `${(batch.length / 1024).toFixed(0)} Ko`,
      uploaded.toFixed(2),
      seconds.toFixed(2),
      (COUNT / seconds).toFixed(0),
      `< ${GOAL_SECONDS}`,
      seconds < GOAL_SECONDS ? 'atteint' : 'NON ATTEINT',
    ]);
  }
  await t.app.outbox.stop();
  await server.close();
  await t.close();
}

const header = [
  'base',
  'mesure',
  'factures',
  'flux',
  'envoi SFTP (s)',
  'jusqu’à IN_INTEGRE (s)',
  'factures/s',
  'objectif (s)',
  'résultat',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log('\nMode EDI : un flux .tar.gz de factures UBL de 5 lignes déposé par SFTP, lu et intégré (envoyé)');
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(
  `\nCharge de la machine au début de chaque mesure (load average 1 min) : ${loads.map((l) => l.toFixed(1)).join(', ')}`,
);
