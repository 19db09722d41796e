import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, startTestApp, type TestApp } from '../testing/test-app.ts';

/** An address that reaches the route: each `:param` becomes 1, a wildcard a file name. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '1').replace(/\*$/, 'x.txt');

/**
 * The routes anyone may call. Adding one here is a decision to review: every other route needs a
 * signed-in user without having to say so.
 */
const expectedPublicApi = [
  'GET /api/captcha/challenge',
  'GET /api/directory',
  // Probes of a load balancer or an orchestrator (issue 13): they say nothing about any user.
  'GET /api/health',
  'GET /api/ready',
  'GET /api/session',
  'POST /api/accounts',
  'POST /api/accounts/activate',
  'POST /api/accounts/confirm-login-email',
  'POST /api/accounts/token-status',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/confirm',
  'POST /api/auth/sign-in',
  'POST /api/auth/sign-out',
  // The OAuth2 token endpoint of the Chorus Pro-compatible API: its client secret is the proof.
  'POST /api/oauth/token',
];

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 14: deny by default`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    test('every route not declared public answers 401 without a session', async () => {
      const guarded = t.app.routeTable.filter((r) => r.access !== 'public');
      assert.ok(guarded.length > 50, `the walk sees the whole route table (${guarded.length} routes)`);
      const client = t.client();
      const leaks: string[] = [];
      for (const route of guarded) {
        const res = await client.request(route.method, concrete(route.url), route.method === 'GET' ? undefined : {});
        if (res.status !== 401) leaks.push(`${route.method} ${route.url} → ${res.status}`);
      }
      assert.deepEqual(leaks, []);
    });

    test('the public API routes are exactly the declared ones', () => {
      const publicApi = t.app.routeTable
        .filter((r) => r.access === 'public' && r.url.startsWith('/api/') && r.method !== 'HEAD')
        .filter((r) => !r.url.startsWith('/api/docs') && !r.url.startsWith('/api/dev/'))
        .map((r) => `${r.method} ${r.url}`)
        .sort();
      assert.deepEqual(publicApi, [...expectedPublicApi].sort());
    });

    test('a route that declares nothing needs a signed-in user, even half-way through sign-in', async () => {
      const undeclared = t.app.routeTable.find((r) => r.url === '/api/me' && r.method === 'GET');
      assert.equal(undeclared?.access, 'signed-in');
      const mfaOnly = t.app.routeTable.filter((r) => r.access === 'mfa').map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(mfaOnly.sort(), ['POST /api/auth/mfa/select', 'POST /api/auth/mfa/verify']);
    });
  });
}
