import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
} from '../testing/test-app.ts';

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
  });
}
