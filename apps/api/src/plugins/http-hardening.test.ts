import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
} from '../testing/test-app.ts';
import { devOutboxWarning, loadConfig } from '../config.ts';

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
      t = await startTestApp(kind);
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

    test('issue 15 defect 13: the dev outbox is not served on a network address unless asked', async () => {
      assert.equal((await t.client().get('/api/dev/outbox')).status, 200, 'loopback default: served');
      const networked = await startTestApp(kind, { HOST: '0.0.0.0' });
      try {
        const c = networked.client();
        assert.equal((await c.get('/api/dev/outbox')).status, 404);
        const page = await c.get('/outbox');
        assert.doesNotMatch(String(page.body), /Boîte d'envoi de développement/);
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
