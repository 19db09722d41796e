import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lecointre } from '../../testing/fixtures.ts';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
} from '../../testing/test-app.ts';
import { allCproOperations } from './catalogue.ts';
import { CproConnector, connectorFor, supplierProfiles, userIdOf } from './cpro-test-support.ts';
import { revokeConnection, rotateConnectionSecret } from './connections.ts';
import { notServedCproPaths, servedCproPaths } from './operation.ts';
import { swaggerOperations } from './swagger/contract.ts';

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 10: Chorus Pro-compatible API, framework`, () => {
    let t: TestApp;
    let managerId: number;
    let structureId: number;
    let connector: CproConnector;

    before(async () => {
      t = await startTestApp(kind);
      await createActiveAccount(t, 'gestion@lecointre.fr');
      const manager = await signInWithMailCode(t, 'gestion@lecointre.fr');
      structureId = (await manager.post('/api/structures', lecointre)).body.id;
      managerId = await userIdOf(t, 'gestion@lecointre.fr');
      connector = await connectorFor(t, managerId, structureId, [{ structureId, profiles: supplierProfiles }]);
    });
    after(() => t.close());
    const connectionId = async (clientId: string) =>
      (
        await t.app.ctx.db
          .selectFrom('cpro_connections')
          .select('id')
          .where('client_id', '=', clientId)
          .executeTakeFirstOrThrow()
      ).id;

    test('token endpoint: client_credentials answers a Bearer token of one hour, OAuth2 errors otherwise', async () => {
      const ok = await connector.token();
      assert.equal(ok.status, 200);
      assert.equal(ok.body.token_type, 'Bearer');
      assert.equal(ok.body.expires_in, 3600);
      assert.equal(ok.body.scope, 'openid');
      assert.match(ok.body.access_token, /^\S{40,}$/);
      assert.equal(ok.headers['cache-control'], 'no-store');

      const form = (fields: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: '/api/oauth/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams(fields).toString(),
        });
      const wrong = await form({
        grant_type: 'client_credentials',
        client_id: connector.clientId,
        client_secret: 'faux',
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(JSON.parse(wrong.body).error, 'invalid_client');
      const unknown = await form({ grant_type: 'client_credentials', client_id: 'inconnu', client_secret: 'x' });
      assert.equal(unknown.statusCode, 401);
      const grant = await form({ grant_type: 'password', client_id: connector.clientId, client_secret: 'x' });
      assert.equal(grant.statusCode, 400);
      assert.equal(JSON.parse(grant.body).error, 'unsupported_grant_type');
      const missing = await form({ grant_type: 'client_credentials' });
      assert.equal(missing.statusCode, 400);
      assert.equal(JSON.parse(missing.body).error, 'invalid_request');
      const scope = await form({
        grant_type: 'client_credentials',
        client_id: connector.clientId,
        client_secret: connector.clientSecret,
        scope: 'admin',
      });
      assert.equal(JSON.parse(scope.body).error, 'invalid_scope');
    });

    test('health-check answers with the envelope; both the bearer and the cpro-account are required', async () => {
      const ok = await connector.call('transverses/v1/health-check');
      assert.equal(ok.status, 200);
      assert.equal(ok.body.codeRetour, 0);
      assert.equal(ok.body.libelle, 'TRA_MSG_00.000');

      const noBearer = await connector.call('transverses/v1/health-check', {}, { authorization: '' });
      assert.equal(noBearer.status, 401);
      assert.equal(noBearer.body.codeRetour, 20010);
      assert.match(noBearer.body.libelle, /Jeton d’accès/);
      const badBearer = await connector.call('transverses/v1/health-check', {}, { authorization: 'Bearer faux' });
      assert.equal(badBearer.status, 401);
      const noAccount = await connector.call('transverses/v1/health-check', {}, { 'cpro-account': '' });
      assert.equal(noAccount.status, 401);
      assert.match(noAccount.body.libelle, /Compte technique refusé/);
      const wrongPassword = await connector.call(
        'transverses/v1/health-check',
        {},
        { 'cpro-account': Buffer.from(`${connector.login}:faux`).toString('base64') },
      );
      assert.equal(wrongPassword.status, 401);
      // A session cookie or a personal API token is never a way in.
      const portal = await t.client().get('/cpro/transverses/v1/health-check');
      assert.equal(portal.status, 401);
      assert.equal(portal.body.codeRetour, 20010);
    });

    test('a technical account works only through a connection of its own structure; expiry and revocation stop it', async () => {
      // Another structure's connection with this account: refused.
      await createActiveAccount(t, 'gestion@autre.fr');
      const other = await signInWithMailCode(t, 'gestion@autre.fr');
      const otherStructure = (
        await other.post('/api/structures', { ...lecointre, identifier: '73282932000074', companyName: 'AUTRE' })
      ).body.id;
      const otherConnector = await connectorFor(t, await userIdOf(t, 'gestion@autre.fr'), otherStructure, []);
      const mixed = await otherConnector.call('transverses/v1/health-check', {}, { 'cpro-account': connector.account });
      assert.equal(mixed.status, 401);

      // Rotation: the old secret and token stop; the new secret works.
      const rotated = await rotateConnectionSecret(t.app.ctx, managerId, await connectionId(connector.clientId));
      const stale = await connector.call('transverses/v1/health-check');
      assert.equal(stale.status, 401);
      const renewed = new CproConnector(t, rotated.clientId, rotated.clientSecret, connector.login, connector.password);
      assert.equal((await renewed.token()).status, 200);
      assert.equal((await renewed.call('transverses/v1/health-check')).status, 200);
      connector = renewed;

      // Expiry of the technical password.
      t.advance(400 * 86_400_000);
      assert.equal((await connector.token()).status, 200);
      const expired = await connector.call('transverses/v1/health-check');
      assert.equal(expired.status, 401);
      assert.match(expired.body.libelle, /a expiré/);
      t.advance(-400 * 86_400_000);

      await revokeConnection(t.app.ctx, managerId, await connectionId(connector.clientId));
      assert.equal((await connector.call('transverses/v1/health-check')).status, 401);
      assert.equal((await connector.token()).status, 401);
      connector = await connectorFor(t, managerId, structureId, [{ structureId, profiles: supplierProfiles }]);
    });

    test('the technical account cannot sign in to the portal nor be taken over by a sign-up', async () => {
      const c = t.client();
      const res = await c.post('/api/auth/sign-in', {
        loginEmail: connector.login.toLowerCase(),
        password: connector.password,
      });
      assert.equal(res.status, 401);
    });

    test('errors keep the envelope: bad JSON', async () => {
      const badJson = await t.app.inject({
        method: 'POST',
        url: '/cpro/structures/v1/rechercher',
        headers: {
          authorization: `Bearer ${connector.accessToken}`,
          'cpro-account': connector.account,
          'content-type': 'application/json',
        },
        payload: '{"structure":',
      });
      assert.equal(badJson.statusCode, 400);
      assert.equal(JSON.parse(badJson.body).codeRetour, 20002);
    });

    test('every operation of both Swaggers and of DOMAIN §9 answers: served, or « pas encore disponible »', async () => {
      assert.equal(swaggerOperations().filter((o) => o.api === 'factures').length, 22);
      assert.equal(swaggerOperations().filter((o) => o.api === 'structures').length, 6);
      const silent: string[] = [];
      for (const path of allCproOperations()) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/cpro/${path}`,
          headers: {
            authorization: `Bearer ${connector.accessToken}`,
            'cpro-account': connector.account,
            'content-type': 'application/json',
          },
          payload: '{}',
        });
        const body = JSON.parse(res.body);
        if (res.statusCode === 404 && body.codeRetour === undefined) silent.push(`${path} → 404`);
        else if (typeof body.codeRetour !== 'number' || typeof body.libelle !== 'string')
          silent.push(`${path} → ${res.body}`);
        else if (notServedCproPaths.has(path)) {
          assert.equal(res.statusCode, 400, path);
          assert.equal(body.codeRetour, 20005, path);
          assert.match(body.libelle, /n’est pas encore disponible sur Chorale/, path);
        } else assert.ok(servedCproPaths.has(path), `${path} neither served nor declared not served`);
      }
      assert.deepEqual(silent, []);
    });

    test('the call log records each call of a connection, refused ones too', async () => {
      const before = await t.app.ctx.db.selectFrom('cpro_calls').selectAll().orderBy('id', 'desc').limit(1).execute();
      await connector.call('transverses/v1/health-check');
      await connector.call('transverses/v1/health-check', {}, { 'cpro-account': 'eDp5' });
      const rows = await t.app.ctx.db
        .selectFrom('cpro_calls')
        .selectAll()
        .where('id', '>', before[0]?.id ?? 0)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.operation, r.http_status, r.code_retour]),
        [
          ['transverses/v1/health-check', 200, 0],
          ['transverses/v1/health-check', 401, 20010],
        ],
      );
    });
  });
}
