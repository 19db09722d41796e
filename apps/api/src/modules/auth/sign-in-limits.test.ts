import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STRONG_PASSWORD,
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';

const wrong = (c: TestClient, loginEmail: string, i: number) =>
  c.post('/api/auth/sign-in', { loginEmail, password: `pas-le-bon-${i}` });

async function emailFactorSignIn(c: TestClient, loginEmail: string) {
  const res = await c.post('/api/auth/sign-in', { loginEmail, password: STRONG_PASSWORD });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body.factors as { id: number; kind: string }[]).find((f) => f.kind === 'email')?.id;
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] sign-in limits (issue 15 defect 15)`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
      for (const who of ['victime', 'codes', 'proxy']) await createActiveAccount(t, `${who}@exemple.fr`);
    });
    after(() => t.close());

    test('issue 15 defect 15: ten wrong passwords elsewhere do not lock the rightful user out', async () => {
      const attacker = t.client('203.0.113.66');
      for (let i = 0; i < 10; i++) assert.equal((await wrong(attacker, 'victime@exemple.fr', i)).status, 401);
      const blocked = await attacker.post('/api/auth/sign-in', {
        loginEmail: 'victime@exemple.fr',
        password: STRONG_PASSWORD,
      });
      assert.equal(blocked.status, 429, 'the guessing place is paused, even with the right password');
      assert.equal(blocked.body.error.code, 'SIGN_IN_BLOCKED');
      assert.match(blocked.body.error.message, /bloquée jusqu’à \d{2} h \d{2}/);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      const rightful = await signInWithMailCode(t, 'victime@exemple.fr', STRONG_PASSWORD, t.client('198.51.100.20'));
      assert.equal((await rightful.get('/api/me')).status, 200, 'the rightful user signs in from his own place');
      t.advance(16 * 60_000);
      assert.equal((await wrong(attacker, 'victime@exemple.fr', 99)).status, 401, 'the pause ends');
    });

    test('issue 15 defect 15: a new mail code does not reset the count of wrong codes', async () => {
      const c = t.client('198.51.100.30');
      const factorId = await emailFactorSignIn(c, 'codes@exemple.fr');
      let last;
      for (let round = 0; round < 3; round++) {
        const sent = await c.post('/api/auth/mfa/select', { factorId });
        if (sent.status !== 200) break;
        await t.deliverMails();
        for (let i = 0; i < 2 && last?.status !== 423; i++)
          last = await c.post('/api/auth/mfa/verify', { factorId, code: '000000' });
      }
      assert.equal(last?.status, 423, 'five wrong codes in one sign-in end it, new codes or not');
      assert.equal(last?.body.error.code, 'CODE_LOCKED');
    });

    test('issue 15 defect 15: starting again from the password gives no fresh series of codes', async () => {
      const c = t.client('198.51.100.31');
      let res;
      for (let signIn = 0; signIn < 3 && res?.status !== 429; signIn++) {
        const factorId = await emailFactorSignIn(c, 'codes@exemple.fr');
        await c.post('/api/auth/mfa/select', { factorId });
        await t.deliverMails();
        for (let i = 0; i < 5; i++) {
          res = await c.post('/api/auth/mfa/verify', { factorId, code: '000000' });
          if (res.status === 429) break;
        }
      }
      assert.equal(res?.status, 429, 'ten wrong codes from one place pause the sign-in');
      assert.equal(res?.body.error.code, 'SIGN_IN_BLOCKED');
      const elsewhere = await signInWithMailCode(t, 'codes@exemple.fr', STRONG_PASSWORD, t.client('198.51.100.32'));
      assert.equal((await elsewhere.get('/api/me')).status, 200);
    });
  });

  describe(`[${kind.name}] trusted proxies (issue 15 defect 15)`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { TRUST_PROXY: 'true', TRUSTED_PROXIES: '10.0.0.5, 10.1.0.0/16' });
      await createActiveAccount(t, 'proxy@exemple.fr');
    });
    after(() => t.close());

    const via = (remoteAddress: string, forwardedFor: string, loginEmail = 'proxy@exemple.fr') =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress,
        headers: { 'x-forwarded-for': forwardedFor, cookie: 'chorale_csrf=x', 'x-csrf-token': 'x' },
        payload: { loginEmail, password: 'pas-le-bon' },
      });

    test('issue 15 defect 15: X-Forwarded-For from an untrusted address does not escape the limit', async () => {
      // Password spraying: one guess per account, a new forged client address each time.
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++)
        statuses.push((await via('203.0.113.9', `192.0.2.${i + 1}`, `inconnu${i}@exemple.fr`)).statusCode);
      assert.deepEqual(statuses.slice(0, 30), Array(30).fill(401));
      assert.equal(statuses[30], 429, 'a forged header changes nothing: the place is the socket address');
    });

    test('issue 15 defect 15: behind a configured proxy, each client is counted by its own address', async () => {
      for (let i = 0; i < 10; i++) assert.equal((await via('10.1.2.3', '198.51.100.77')).statusCode, 401);
      assert.equal((await via('10.1.2.3', '198.51.100.77')).statusCode, 429);
      assert.equal((await via('10.0.0.5', '198.51.100.78')).statusCode, 401, 'another client of the proxy');
    });
  });
}
