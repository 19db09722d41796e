// Issue 13: the repository's nginx configuration (deploy/nginx/chorale.conf), run by Debian's
// nginx in front of two Chorale processes. CI installs nginx (.ci/run); a machine without it
// skips this file with the reason.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  caller,
  describeOnServerTargets,
  exited,
  freePort,
  startServer,
  submitTypedInvoice,
  waitReady,
  type ServerProcess,
} from '../testing/server-process.ts';

const NGINX = '/usr/sbin/nginx';
const repoConf = new URL('../../../../deploy/nginx/chorale.conf', import.meta.url).pathname;

/** The repository's file with this test's ports, inside a minimal main configuration. */
async function nginxConfig(dir: string, port: number, upstreams: number[]): Promise<string> {
  let site = await readFile(repoConf, 'utf8');
  site = site.replace('server 127.0.0.1:3001 ', `server 127.0.0.1:${upstreams[0]} `);
  site = site.replace('server 127.0.0.1:3002 ', `server 127.0.0.1:${upstreams[1]} `);
  site = site.replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  assert.ok(!/:300[12]\b/.test(site), 'both upstream lines rewritten');
  await writeFile(join(dir, 'chorale.conf'), site);
  const main = `
user root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  log_format upstream '$upstream_addr $status';
  access_log ${dir}/access.log upstream;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/chorale.conf;
}
`;
  await writeFile(join(dir, 'nginx.conf'), main);
  return join(dir, 'nginx.conf');
}

describeOnServerTargets(
  'issue 13: nginx in front of two processes',
  'nginx',
  (f) => {
    let nginx: ChildProcess;
    let apps: ServerProcess[] = [];
    let base = '';
    let nginxDir = '';
    let ports: number[] = [];

    before(async () => {
      ports = [await freePort(), await freePort()];
      apps = ports.map((p) =>
        startServer(p, f.files, f.target.url, { TRUST_PROXY: 'true', TRUSTED_PROXIES: '127.0.0.1' }),
      );
      await Promise.all(ports.map((p) => waitReady(`http://127.0.0.1:${p}`)));
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      nginxDir = await mkdtemp(join(f.dataDir, `nginx-${f.target.name}-`));
      const conf = await nginxConfig(nginxDir, port, ports);
      nginx = spawn(NGINX, ['-c', conf, '-g', 'daemon off;'], { stdio: 'inherit' });
      await waitReady(base);
    });
    after(async () => {
      nginx?.kill('SIGTERM');
      for (const a of apps) a.kill('SIGKILL');
      await Promise.all([nginx, ...apps].filter(Boolean).map((c) => exited(c)));
    });

    test('invoices sent through nginx are spread over both processes', async () => {
      const call = caller(() => base, f.session);
      const sent = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const mine = [];
          for (let i = 0; i < 4; i++) mine.push(await submitTypedInvoice(call, f.session.supplierId));
          return mine;
        }),
      );
      assert.ok(sent.flat().every(Boolean), 'every invoice acknowledged');
      const log = await readFile(join(nginxDir, 'access.log'), 'utf8');
      for (const p of ports) assert.match(log, new RegExp(`127\\.0\\.0\\.1:${p} 20[01]`), `process on ${p} served`);
    });

    test('a file over 10 MB gets Chorale’s French refusal, not nginx’s page', async () => {
      const call = caller(() => base, f.session);
      const draft = await call('POST', '/api/invoices', {
        supplierStructureId: f.session.supplierId,
        recipientIdentifier: '13001727000013',
        invoiceDate: new Date().toISOString().slice(0, 10),
        paymentMode: 'CHEQUE',
      });
      const form = new FormData();
      form.set('designation', 'Gros fichier');
      form.set('kind', 'COMPLEMENTAIRE');
      form.set('file', new Blob([Buffer.alloc(12 * 1024 * 1024, 0x25)]), 'gros.pdf');
      const r = await fetch(`${base}/api/invoices/${draft.body!.id as number}/attachments`, {
        method: 'POST',
        headers: { cookie: f.session.cookies, 'x-csrf-token': f.session.csrf },
        body: form,
      });
      assert.equal(r.status, 413);
      const body = (await r.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'PAYLOAD_TOO_LARGE');
      assert.match(body.error.message, /10 Mo/);
    });

    test('one process stopped (SIGTERM), users go on through the other without an error', async () => {
      apps[0]!.kill('SIGTERM');
      assert.deepEqual(await exited(apps[0]!), { code: 0, signal: null });
      const call = caller(() => base, f.session);
      const sent = [];
      for (let i = 0; i < 6; i++) sent.push(await submitTypedInvoice(call, f.session.supplierId));
      assert.ok(sent.every(Boolean), 'every invoice acknowledged by the remaining process');
      assert.equal((await fetch(`${base}/api/ready`)).status, 200);
    });
  },
  { skip: existsSync(NGINX) ? false : `${NGINX} absent` },
);
