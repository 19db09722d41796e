// `npm start` runs the server compiled by scripts/build-api.mjs (issue 13: no tsx loader, ~40 MB
// less per process). Built here and started for real on SQLite, so that a module, file or worker
// the bundle no longer finds fails the tests: health, the portal's API, a Factur-X deposit (the
// validation worker, the PDF reader, the vendor XSD and Schematron files), PDF generation (fonts,
// fontkit loaded lazily), a typed invoice's Factur-X, and the SFTP server (loaded lazily too).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { facturxSample } from './modules/intake/intake-test-support.ts';
import {
  caller,
  exited,
  freePort,
  submitTypedInvoice,
  supplierSession,
  waitReady,
  type SupplierSession,
} from './testing/server-process.ts';

const root = new URL('../../../', import.meta.url).pathname;
// Beside the real build (inside the repository, where node_modules is found), not over it.
const outdir = join(root, `apps/api/dist/test-${process.pid}`);

/** The names of a process's children (Linux). */
function childProcesses(pid: number): string[] {
  const result = spawnSync('pgrep', ['-l', '-P', String(pid)], { encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean);
}

describe('the compiled server (npm start)', () => {
  let dataDir: string;
  let server: ChildProcess;
  let stderr = '';
  let base: string;
  let sftpPort: number;
  let session: SupplierSession;

  before(async () => {
    const built = spawnSync(process.execPath, ['scripts/build-api.mjs', '--outdir', outdir], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(built.status, 0, built.stderr);
    dataDir = await mkdtemp(join(tmpdir(), 'chorale-compiled-'));
    const url = `sqlite:${join(dataDir, 'chorale.sqlite')}`;
    // The database migrated and a supplier signed in, in process; the server accepts its cookie.
    session = await supplierSession({ name: 'sqlite', url, cleanup: async () => {} }, dataDir, 'compile@lecointre.fr');
    const port = await freePort();
    sftpPort = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Plain node, no loader: what `npm start` runs.
    server = spawn(process.execPath, [join(outdir, 'server.mjs')], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: url,
        DEMO_DATA: 'true',
        PUBLIC_URL: base,
        LOG_LEVEL: 'warn',
        SMTP_URL: '',
        WORKERS: '1',
        SFTP_PORT: String(sftpPort),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    await Promise.race([
      waitReady(base, 30_000),
      exited(server).then(({ code, signal }) => {
        throw new Error(`the compiled server stopped (${signal ?? code}): ${stderr}`);
      }),
    ]);
  });

  after(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await exited(server);
    }
    await rm(outdir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('answers /api/health', async () => {
    const res = await fetch(`${base}/api/health`);
    assert.equal(res.status, 200, stderr);
  });

  test('a Factur-X deposited and sent, its certificate and its PDF', async () => {
    const form = new FormData();
    form.set('submit', 'true');
    form.set('file', new Blob([await facturxSample('COMPILE-1')]), 'facture.pdf');
    const res = await fetch(`${base}/api/invoices/deposit`, {
      method: 'POST',
      headers: { cookie: session.cookies, 'x-csrf-token': session.csrf },
      body: form,
    });
    const body = (await res.json()) as { items: { format: string; outcome: string; invoiceId: number }[] };
    assert.equal(res.status, 201, JSON.stringify(body) + stderr);
    const [item] = body.items;
    assert.equal(item?.format, 'FACTURX', JSON.stringify(item));
    assert.equal(item.outcome, 'ENVOYEE', JSON.stringify(item));
    // The validation ran in the compiled worker: tsx's would have started its esbuild process.
    assert.deepEqual(childProcesses(server.pid!), [], 'the server started a process (tsx?)');
    for (const file of ['certificate.pdf', 'invoice.pdf']) {
      const pdf = await fetch(`${base}/api/invoices/${item.invoiceId}/${file}`, {
        headers: { cookie: session.cookies },
      });
      assert.equal(pdf.status, 200, `${file}: ${await pdf.clone().text()} ${stderr}`);
      assert.equal(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
        '%PDF-',
        file,
      );
    }
  });

  test('a typed invoice sent, then downloaded as Factur-X (PDF/A-3 written with its fonts)', async () => {
    const call = caller(() => base, session);
    const sent = await submitTypedInvoice(call, session.supplierId);
    assert.ok(sent, stderr);
    const pdf = await fetch(`${base}/api/invoices/${sent.id}/invoice.pdf`, { headers: { cookie: session.cookies } });
    assert.equal(pdf.status, 200, stderr);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    assert.ok(bytes.includes('factur-x.xml'), 'the CII is embedded');
  });

  test('the chunks a server process loads at start leave out the validation rules (loaded in its threads)', async () => {
    // The application's chunk and every chunk it imports statically (esbuild's `import … from
    // "./chunk-….mjs"`); each bundled module is announced by a `// <source path>` comment.
    const app = (await readdir(outdir)).find((f) => /^app-.*\.mjs$/.test(f));
    assert.ok(app, 'the application has its own chunk');
    const atStart = new Set<string>();
    const walk = async (file: string) => {
      if (atStart.has(file)) return;
      atStart.add(file);
      const code = await readFile(join(outdir, file), 'utf8');
      for (const [, next] of code.matchAll(/^(?:import|\} from) [^\n]*?"\.\/([^"]+\.mjs)";$/gm)) await walk(next!);
      for (const [, next] of code.matchAll(/^import "\.\/([^"]+\.mjs)";$/gm)) await walk(next!);
    };
    await walk(app);
    const modules = new Set<string>();
    for (const file of atStart)
      for (const [, source] of (await readFile(join(outdir, file), 'utf8')).matchAll(
        /^\/\/ ((?:apps|packages)\/\S+\.ts)$/gm,
      ))
        modules.add(source!);
    assert.ok(modules.has('packages/einvoice/src/validation/validation-pool.ts'), [...modules].join(' '));
    for (const lazy of [
      'packages/einvoice/src/validation/validate.ts',
      'packages/einvoice/src/validation/generated/rule-messages.ts',
      'packages/einvoice/src/validation/en16931.ts',
    ])
      assert.ok(!modules.has(lazy), `${lazy} is loaded with the application`);
  });

  test('the SFTP server greets in SSH', async () => {
    const banner = await new Promise<string>((resolve, reject) => {
      const socket = connect(sftpPort, '127.0.0.1');
      socket.once('data', (chunk) => {
        socket.destroy();
        resolve(chunk.toString());
      });
      socket.once('error', reject);
    });
    assert.match(banner, /^SSH-2\.0-/);
  });
});
