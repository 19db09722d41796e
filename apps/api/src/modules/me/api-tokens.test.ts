import { after, before, describe, test } from 'node:test';
import { businessDate } from '@chorale/domain';
import assert from 'node:assert/strict';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';

/** A program's call: only the bearer header, no cookie, no CSRF header. */
async function bearer(
  t: TestApp,
  secret: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) {
  const res = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${secret}` },
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 14 item 3: personal API tokens`, () => {
    let t: TestApp;
    let owner: TestClient;
    before(async () => {
      t = await startTestApp(kind);
      await createActiveAccount(t, 'logiciel@example.fr');
      owner = await signInWithMailCode(t, 'logiciel@example.fr');
    });
    after(() => t.close());

    test('created in « Mon compte », shown once, stored hashed, used as Bearer without CSRF, revoked at once', async () => {
      const created = await owner.post('/api/me/api-tokens', { name: 'Logiciel comptable' });
      assert.equal(created.status, 201);
      const secret = created.body.secret as string;
      assert.match(secret, /^chorale_[A-Za-z0-9_-]{40,}$/);
      const list = await owner.get('/api/me/api-tokens');
      assert.deepEqual(
        list.body.items.map((i: { name: string; prefix: string }) => [i.name, i.prefix]),
        [['Logiciel comptable', secret.slice(0, 12)]],
      );
      assert.ok(!JSON.stringify(list.body).includes(secret), 'the secret is shown only once');
      const row = await t.database.db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
      assert.notEqual(row.token_hash, secret);
      assert.ok(!JSON.stringify(row).includes(secret.slice(8)), 'only a hash is stored');

      const me = await bearer(t, secret, 'GET', '/api/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.loginEmail, 'logiciel@example.fr');
      // A write without any CSRF header works for a bearer call…
      const put = await bearer(t, secret, 'POST', '/api/structures', {});
      assert.equal(put.status, 400, 'reaches validation, not CSRF');
      // …while a cookie call still needs it.
      const cookieWithoutCsrf = await owner.request('POST', '/api/structures', {}, { csrf: false });
      assert.equal(cookieWithoutCsrf.status, 403);
      assert.equal(cookieWithoutCsrf.body.error.code, 'CSRF_REJECTED');

      // A token cannot manage tokens nor the account's security (a leak must not take the account over).
      assert.equal((await bearer(t, secret, 'POST', '/api/me/api-tokens', { name: 'Autre' })).status, 403);
      assert.equal((await bearer(t, secret, 'GET', '/api/me/factors')).status, 200);
      assert.equal((await bearer(t, secret, 'POST', '/api/me/factors/totp/start', {})).status, 403);

      const revoked = await owner.delete(`/api/me/api-tokens/${created.body.token.id}`);
      assert.equal(revoked.status, 204);
      const after = await bearer(t, secret, 'GET', '/api/me');
      assert.equal(after.status, 401);
      assert.equal(after.body.error.code, 'UNAUTHENTICATED');

      const events = (await owner.get('/api/me/security-events')).body.events.map((e: { kind: string }) => e.kind);
      assert.ok(events.includes('api_token_created') && events.includes('api_token_revoked'));
    });

    test('a token acts as its user with no more rights, ends at its expiry, and a bad token never falls back to the cookie', async () => {
      await createActiveAccount(t, 'autre@example.fr');
      const other = await signInWithMailCode(t, 'autre@example.fr');
      const structure = await other.post('/api/structures', {
        identifierType: 'SIRET',
        identifier: '35600000000048',
        companyName: 'AUTRE SOCIETE',
        address: '1 rue de la Paix',
        postalCode: '75002',
        city: 'Paris',
        countryCode: 'FR',
      });
      const today = businessDate(new Date()); // the Paris day: « expires on » is one
      const created = await owner.post('/api/me/api-tokens', { name: 'Court', expiresOn: today });
      assert.equal(created.status, 201);
      const secret = created.body.secret as string;
      if (structure.status === 201) {
        const foreign = await bearer(t, secret, 'GET', `/api/structures/${structure.body.id}`);
        assert.ok([403, 404].includes(foreign.status), 'no access to a structure the user does not belong to');
      }
      // A wrong bearer with a valid session cookie is still refused.
      const wrong = await t.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: {
          authorization: 'Bearer chorale_faux',
          cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal((await bearer(t, secret, 'GET', '/api/me')).status, 200);
      const past = await owner.post('/api/me/api-tokens', { name: 'Passé', expiresOn: '2020-01-01' });
      assert.equal(past.status, 400);
      t.advance(3 * 24 * 3_600_000);
      assert.equal((await bearer(t, secret, 'GET', '/api/me')).status, 401, 'expired');
    });
  });
}
