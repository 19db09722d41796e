import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';

/**
 * Who may do what on which structure, route by route. Users: `stranger` (no membership),
 * `reader` (Organisation consultation only), `editor` (Organisation modification, not manager),
 * `manager` (main manager), `otherManager` (main manager of another structure).
 */
type Who = 'stranger' | 'reader' | 'editor' | 'manager' | 'otherManager';

const company = (identifier: string, companyName: string) => ({
  identifierType: 'SIRET',
  identifier,
  kind: 'PRIVEE',
  companyName,
  address: '1 RUE X',
  city: 'PARIS',
  postalCode: '75001',
  countryCode: 'FR',
});

for (const kind of databaseKinds) {
  describe(`[${kind.name}] authorization table`, () => {
    let t: TestApp;
    const clients = {} as Record<Who, TestClient>;
    let s1 = 0;
    let serviceId = 0;
    let readerMembership = 0;
    before(async () => {
      t = await startTestApp(kind);
      for (const who of ['stranger', 'reader', 'editor', 'manager', 'otherManager'] as Who[]) {
        await createActiveAccount(t, `${who.toLowerCase()}@exemple.fr`);
        clients[who] = await signInWithMailCode(t, `${who.toLowerCase()}@exemple.fr`);
      }
      s1 = (await clients.manager.post('/api/structures', company('89934607600024', 'LECOINTRE PARIS'))).body.id;
      await clients.otherManager.post('/api/structures', company('73282932000074', 'AUTRE SOCIETE'));
      serviceId = (await clients.manager.post(`/api/structures/${s1}/services`, { code: 'S1', name: 'Service 1' })).body
        .id;
      for (const who of ['reader', 'editor'] as const) {
        await clients[who].post('/api/memberships', { structureId: s1, comment: 'Merci' });
      }
      for (const p of (await clients.manager.get('/api/memberships/pending')).body.items)
        await clients.manager.post(`/api/memberships/${p.id}/approve`, {});
      const members = (await clients.manager.get(`/api/structures/${s1}/members`)).body.items;
      readerMembership = members.find((m: { email: string }) => m.email === 'reader@exemple.fr').membershipId;
      const editorMembership = members.find((m: { email: string }) => m.email === 'editor@exemple.fr').membershipId;
      await clients.manager.put(`/api/memberships/${readerMembership}/profiles`, {
        profiles: [{ application: 'ORGANISATION', level: 'consultation' }],
      });
      await clients.manager.put(`/api/memberships/${editorMembership}/profiles`, {
        profiles: [{ application: 'ORGANISATION', level: 'modification' }],
      });
    });
    after(() => t.close());

    const update = {
      companyName: 'LECOINTRE PARIS',
      address: '64 RUE MEDERIC',
      city: 'LA GARENNE-COLOMBES',
      postalCode: '92250',
      countryCode: 'FR',
    };
    const routes: {
      name: string;
      call: (c: TestClient) => ReturnType<TestClient['get']>;
      allowed: Who[];
      forbidden: Who[];
    }[] = [
      {
        name: 'GET structure',
        call: (c) => c.get(`/api/structures/${s1}`),
        allowed: ['reader', 'editor', 'manager'],
        forbidden: [],
      },
      {
        name: 'PUT structure',
        call: (c) => c.put(`/api/structures/${s1}`, update),
        allowed: ['editor', 'manager'],
        forbidden: ['reader'],
      },
      {
        name: 'GET services',
        call: (c) => c.get(`/api/structures/${s1}/services`),
        allowed: ['reader', 'editor', 'manager'],
        forbidden: [],
      },
      {
        name: 'POST service',
        call: (c) =>
          c.post(`/api/structures/${s1}/services`, { code: `X${Math.random().toString(36).slice(2, 8)}`, name: 'X' }),
        allowed: ['editor', 'manager'],
        forbidden: ['reader'],
      },
      {
        name: 'PUT service',
        call: (c) => c.put(`/api/services/${serviceId}`, { code: 'S1', name: 'Service un' }),
        allowed: ['editor', 'manager'],
        forbidden: ['reader'],
      },
      {
        name: 'GET bank accounts',
        call: (c) => c.get(`/api/structures/${s1}/bank-accounts`),
        allowed: ['reader', 'editor', 'manager'],
        forbidden: [],
      },
      {
        name: 'GET members',
        call: (c) => c.get(`/api/structures/${s1}/members`),
        allowed: ['reader', 'editor', 'manager'],
        forbidden: [],
      },
      {
        name: 'GET members.csv',
        call: (c) => c.get(`/api/structures/${s1}/members.csv`),
        allowed: ['reader', 'editor', 'manager'],
        forbidden: [],
      },
      {
        name: 'POST invitation',
        call: (c) => c.post(`/api/structures/${s1}/invitations`, { email: 'x@exemple.fr' }),
        allowed: ['manager'],
        forbidden: ['reader', 'editor'],
      },
      {
        name: 'PUT profiles',
        call: (c) =>
          c.put(`/api/memberships/${readerMembership}/profiles`, {
            profiles: [{ application: 'ORGANISATION', level: 'consultation' }],
          }),
        allowed: ['manager'],
        forbidden: ['reader', 'editor'],
      },
    ];

    for (const route of routes)
      test(route.name, async () => {
        for (const who of ['stranger', 'reader', 'editor', 'manager', 'otherManager'] as Who[]) {
          const res = await route.call(clients[who]);
          const expected = route.allowed.includes(who) ? 'allowed' : route.forbidden.includes(who) ? 403 : 404;
          if (expected === 'allowed')
            assert.ok(
              res.status >= 200 && res.status < 300,
              `${route.name} by ${who}: ${res.status} ${JSON.stringify(res.body)}`,
            );
          else assert.equal(res.status, expected, `${route.name} by ${who}`);
        }
      });

    test('a stranger cannot tell an existing structure from a missing one', async () => {
      const existing = await clients.otherManager.get(`/api/structures/${s1}`);
      const missing = await clients.otherManager.get('/api/structures/999999');
      assert.equal(existing.status, 404);
      assert.deepEqual(existing.body, missing.body);
      const svcExisting = await clients.otherManager.put(`/api/services/${serviceId}`, { code: 'S1', name: 'x' });
      const svcMissing = await clients.otherManager.put('/api/services/999999', { code: 'S1', name: 'x' });
      assert.deepEqual(svcExisting.body, svcMissing.body);
    });

    test('a stored profile value never passes for two profiles (read aggregated with the session)', async () => {
      // The caller's profiles come with his session in one value per membership (issue 13): a
      // value that looks like a list of profiles once joined must stay one unknown profile.
      const forged = await t.database.db
        .insertInto('membership_profiles')
        .values({
          membership_id: readerMembership,
          application: 'ENGAGEMENTS:consultation,ORGANISATION',
          level: 'modification',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      try {
        assert.equal((await clients.reader.put(`/api/structures/${s1}`, update)).status, 403);
        assert.equal((await clients.reader.get(`/api/structures/${s1}`)).status, 200);
      } finally {
        await t.database.db.deleteFrom('membership_profiles').where('id', '=', forged.id).execute();
      }
    });

    // Signed-out callers: every route of the app is walked by plugins/access-control.test.ts.
  });
}
