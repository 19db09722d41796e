import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
} from '../testing/test-app.ts';
import { devOutboxWarning, loadConfig } from '../config.ts';
import { lecointre } from '../testing/fixtures.ts';

/** A stand-in for the built portal: index.html and one hashed asset. */
function fakePortal(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chorale-portal-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Chorale</title><script src="/assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

test('issue 15 defect 13: the dev outbox is on only on a loopback address or when asked, with a warning', () => {
  const config = (env: Record<string, string>) => loadConfig({ LOG_LEVEL: 'silent', ...env });
  assert.equal(config({}).devOutbox, true, 'the embedded default listens on localhost and keeps it');
  assert.equal(devOutboxWarning(config({})), null);
  for (const host of ['127.0.0.1', '::1', '[::1]', 'localhost'])
    assert.equal(config({ HOST: host }).devOutbox, true, host);
  for (const host of ['0.0.0.0', '::', '192.0.2.7', 'chorale.example.fr'])
    assert.equal(config({ HOST: host }).devOutbox, false, host);
  assert.match(String(devOutboxWarning(config({ HOST: '0.0.0.0' }))), /aucun serveur SMTP/);
  const open = config({ HOST: '0.0.0.0', DEV_OUTBOX: 'true' });
  assert.equal(open.devOutbox, true);
  assert.match(String(devOutboxWarning(open)), /^ATTENTION : DEV_OUTBOX=true .* quiconque/);
  assert.equal(config({ DEV_OUTBOX: 'false' }).devOutbox, false);
  const smtp = config({ SMTP_URL: 'smtp://127.0.0.1:2525', DEV_OUTBOX: 'true' });
  assert.equal(smtp.devOutbox, false, 'with SMTP there is no outbox to show');
  assert.equal(devOutboxWarning(smtp), null);
});

for (const kind of databaseKinds) {
  describe(`[${kind.name}] HTTP hardening (issue 15)`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { WEB_DIST_DIR: fakePortal() });
      await createActiveAccount(t, 'durcie@exemple.fr');
    });
    after(() => t.close());

    test('issue 15 defect 10: CSRF on the matched route, not the raw URL', async () => {
      const c = t.client();
      for (const url of ['/%61pi/auth/password-reset', '/api/auth/%70assword-reset', '/API/auth/password-reset']) {
        const res = await c.request('POST', url, { loginEmail: 'durcie@exemple.fr' }, { csrf: false });
        assert.notEqual(res.status, 202, `${url} without token must not be accepted`);
        if (res.status !== 404) assert.equal(res.body.error.code, 'CSRF_REJECTED', url);
      }
      const plain = await c.request('POST', '/%61pi/auth/password-reset', { loginEmail: 'durcie@exemple.fr' });
      assert.equal(plain.status, 202, 'with its token the same encoded call is served');
    });

    test('issue 15 defect 10: the session is read on the matched route', async () => {
      const c = await signInWithMailCode(t, 'durcie@exemple.fr');
      const me = await c.get('/%61pi/me');
      assert.equal(me.status, 200, 'an encoded path reaches the same session-checked route');
      const anonymous = await t.client().get('/%61pi/me');
      assert.equal(anonymous.status, 401);
    });

    test('issue 15 defect 12: /index.html by its name has the portal CSP and is not cached', async () => {
      const c = t.client();
      const page = await c.get('/connexion');
      const byName = await c.get('/index.html');
      assert.equal(byName.status, 200);
      assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
      assert.equal(byName.headers['content-security-policy'], page.headers['content-security-policy']);
      assert.equal(byName.headers['cache-control'], 'no-cache');
      const asset = await c.get('/assets/app.js');
      assert.match(String(asset.headers['cache-control']), /max-age=3600/, 'hashed assets stay cached');
    });

    test('issue 15 defect 12: HSTS only when PUBLIC_URL is https', async () => {
      assert.equal((await t.client().get('/api/session')).headers['strict-transport-security'], undefined);
      const secure = await startTestApp(kind, { PUBLIC_URL: 'https://chorale.example.fr' });
      try {
        for (const url of ['/api/session', '/connexion', '/api/docs/'])
          assert.match(
            String((await secure.client().get(url)).headers['strict-transport-security']),
            /^max-age=\d{8,}; includeSubDomains$/,
            url,
          );
      } finally {
        await secure.close();
      }
    });

    test('issue 15 defect 12: signed-in API answers (JSON, CSV, PDF) are never stored', async () => {
      const c = await signInWithMailCode(t, 'durcie@exemple.fr');
      const structure = await c.post('/api/structures', lecointre);
      assert.equal(structure.status, 201);
      const draft = await c.post('/api/invoices', {
        supplierStructureId: structure.body.id,
        recipientIdentifier: '13001727000013',
        invoiceDate: new Date().toISOString().slice(0, 10),
      });
      assert.equal(draft.status, 201);
      for (const url of [
        '/api/me',
        `/api/structures/${structure.body.id}/members`,
        `/api/structures/${structure.body.id}/members.csv`,
        `/api/invoices/${draft.body.id}`,
        `/api/invoices/${draft.body.id}/invoice.pdf`,
      ]) {
        const res = await t.app.inject({
          method: 'GET',
          url,
          headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['cache-control'], 'no-store', url);
      }
    });

    test('issue 15 defect 12: /api/docs has a CSP that lets swagger-ui run', async () => {
      const c = t.client();
      const docs = await c.get('/api/docs/');
      assert.equal(docs.status, 200);
      const csp = String(docs.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'(;|$)/, 'no inline or foreign script');
      assert.match(csp, /frame-ancestors 'none'/);
      const html = String(docs.body);
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>\s*\S/, 'every script is a file the CSP allows');
      for (const src of html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)) {
        assert.doesNotMatch(src[1] ?? '', /^(https?:)?\/\//, `same origin: ${src[1]}`);
        const asset = await c.get(new URL(src[1] ?? '', 'http://x/api/docs/').pathname);
        assert.equal(asset.status, 200, `${src[1]} is served`);
      }
      const init = await c.get('/api/docs/static/swagger-initializer.js');
      assert.match(String(init.body), /validatorUrl["']?\s*:\s*null/, 'no call to validator.swagger.io');
    });

    test('issue 15 defect 13: the dev outbox is not served on a network address unless asked', async () => {
      assert.equal((await t.client().get('/api/dev/outbox')).status, 200, 'loopback default: served');
      const networked = await startTestApp(kind, { HOST: '0.0.0.0' });
      try {
        const c = networked.client();
        assert.equal((await c.get('/api/dev/outbox')).status, 404);
        const page = await c.get('/outbox');
        assert.doesNotMatch(String(page.body), /Boîte d’envoi de développement/);
        assert.equal((await c.get('/api/session')).body.devOutbox, false, 'the portal hides its link');
      } finally {
        await networked.close();
      }
      const asked = await startTestApp(kind, { HOST: '0.0.0.0', DEV_OUTBOX: 'true' });
      try {
        assert.equal((await asked.client().get('/api/dev/outbox')).status, 200);
      } finally {
        await asked.close();
      }
    });
  });
}
