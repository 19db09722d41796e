import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { businessDate } from '@chorale/domain';
import { lecointre } from '../../testing/fixtures.ts';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { sha256 } from '../../platform/secrets.ts';
import { CproConnector, supplierProfiles } from './cpro-test-support.ts';

const DAY = 86_400_000;
const HEALTH = 'transverses/v1/health-check';
const ATTACHMENTS = 'utilisateurs/v1/monCompte/recuperer/rattachements';

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 10: « Raccordements » through the native API`, () => {
    let t: TestApp;
    let manager: TestClient;
    let member: TestClient;
    let stranger: TestClient;
    let structureId: number;
    let serviceId: number;
    /** The journey's connection and account, filled in as the tests go. */
    let connector: CproConnector;
    let connectionId: number;
    let accountId: number;
    const day = (offsetDays: number) => businessDate(new Date(t.app.ctx.now().getTime() + offsetDays * DAY));

    before(async () => {
      t = await startTestApp(kind);
      for (const who of ['gestion@lecointre.fr', 'collegue@lecointre.fr', 'gestion@autre.fr'])
        await createActiveAccount(t, who);
      manager = await signInWithMailCode(t, 'gestion@lecointre.fr');
      member = await signInWithMailCode(t, 'collegue@lecointre.fr');
      stranger = await signInWithMailCode(t, 'gestion@autre.fr');
      structureId = (await manager.post('/api/structures', lecointre)).body.id;
      await stranger.post('/api/structures', { ...lecointre, identifier: '73282932000074', companyName: 'AUTRE' });
      serviceId = (
        await manager.post(`/api/structures/${structureId}/services`, { code: 'COMPTA', name: 'Comptabilité' })
      ).body.id;
      await member.post('/api/memberships', { structureId, comment: 'Bonjour' });
      for (const p of (await manager.get('/api/memberships/pending')).body.items)
        await manager.post(`/api/memberships/${p.id}/approve`, {});
      await t.deliverMails();
    });
    after(() => t.close());

    test('a manager declares a connection: the secret is answered once, only its hash is kept', async () => {
      const res = await manager.post(`/api/structures/${structureId}/api-connections`, { name: 'Logiciel Sage' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.headers['cache-control'], 'no-store');
      const { connection, clientSecret } = res.body;
      connectionId = connection.id;
      assert.equal(connection.name, 'Logiciel Sage');
      assert.match(connection.clientId, /^chorale-[0-9a-f]{24}$/);
      assert.match(clientSecret, /^cpro_\S{40,}$/);
      const row = await t.app.ctx.db
        .selectFrom('cpro_connections')
        .selectAll()
        .where('id', '=', connectionId)
        .executeTakeFirstOrThrow();
      assert.equal(row.secret_hash, sha256(clientSecret));
      assert.ok(!JSON.stringify(row).includes(clientSecret));
      const list = await manager.get(`/api/structures/${structureId}/api-connections`);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.items.map((c: { id: number }) => c.id),
        [connectionId],
      );
      assert.ok(!JSON.stringify(list.body).includes(clientSecret), 'the list never shows the secret again');

      const created = await manager.post(`/api/structures/${structureId}/technical-accounts`, {
        expiresOn: day(30),
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.headers['cache-control'], 'no-store');
      accountId = created.body.account.id;
      const { login } = created.body.account;
      const { password } = created.body;
      assert.match(login, /^TECH_89934607600024_[0-9A-F]{8}@cpro\.chorale$/);
      assert.equal(day(30), businessDate(new Date(Date.parse(created.body.account.expiresAt) - 1)));
      const account = await t.app.ctx.db
        .selectFrom('cpro_technical_accounts')
        .selectAll()
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow();
      assert.equal(account.password_hash, sha256(password));
      assert.ok(
        !JSON.stringify((await manager.get(`/api/structures/${structureId}/technical-accounts`)).body).includes(
          password,
        ),
      );

      const attached = await manager.post(`/api/technical-accounts/${accountId}/attachments`, {
        structureId,
        profiles: supplierProfiles,
      });
      assert.equal(attached.status, 200, JSON.stringify(attached.body));
      assert.deepEqual(
        attached.body.attachments.map((a: { structureId: number; serviceId: number | null }) => [
          a.structureId,
          a.serviceId,
        ]),
        [[structureId, null]],
      );
      // Managed in « Raccordements », never with people: not in « Consulter les utilisateurs »,
      // and neither detached nor given profiles nor made main manager from there.
      const members = await manager.get(`/api/structures/${structureId}/members`);
      assert.ok(!JSON.stringify(members.body).includes(login), 'the members list shows people only');
      const membershipId = attached.body.attachments[0].membershipId as number;
      for (const [method, url, body] of [
        ['post', `/api/memberships/${membershipId}/detach`, {}],
        ['put', `/api/memberships/${membershipId}/profiles`, { profiles: supplierProfiles }],
      ] as const) {
        const refused = await manager[method](url, body);
        assert.equal(refused.status, 409, url);
        assert.match(refused.body.error.message, /Raccordements EDI et API/);
      }
      connector = new CproConnector(t, connection.clientId, clientSecret, login, password);
      assert.equal((await connector.token()).status, 200);
      assert.equal((await connector.call(HEALTH)).status, 200);
      const mine = await connector.call(ATTACHMENTS, {});
      assert.equal(mine.status, 200);
      assert.deepEqual(
        mine.body.listeRattachements.map((r: { identifiantStructure: string }) => r.identifiantStructure),
        ['89934607600024'],
      );
    });

    test('the expiry date is at most 730 days away and in the future, with the reason on the field', async () => {
      const far = await manager.post(`/api/structures/${structureId}/technical-accounts`, { expiresOn: day(740) });
      assert.equal(far.status, 400);
      assert.match(far.body.error.fields.expiresOn, /au plus 730 jours/);
      const past = await manager.post(`/api/structures/${structureId}/technical-accounts`, { expiresOn: day(-1) });
      assert.equal(past.status, 400);
      assert.match(past.body.error.fields.expiresOn, /passée/);
      const bad = await manager.post(`/api/structures/${structureId}/technical-accounts`, { expiresOn: '01/02/2027' });
      assert.equal(bad.status, 400);
    });

    test('only the structure’s managers may read or change its raccordements', async () => {
      const denied: string[] = [];
      const calls: [string, string, unknown?][] = [
        ['GET', `/api/structures/${structureId}/api-connections`],
        ['POST', `/api/structures/${structureId}/api-connections`, { name: 'Intrus' }],
        ['POST', `/api/api-connections/${connectionId}/rotate`, {}],
        ['POST', `/api/api-connections/${connectionId}/revoke`, {}],
        ['GET', `/api/api-connections/${connectionId}/calls`],
        ['GET', `/api/structures/${structureId}/technical-accounts`],
        ['POST', `/api/structures/${structureId}/technical-accounts`, {}],
        ['POST', `/api/technical-accounts/${accountId}/password`, {}],
        ['POST', `/api/technical-accounts/${accountId}/revoke`, {}],
        ['POST', `/api/technical-accounts/${accountId}/attachments`, { structureId, profiles: [] }],
      ];
      for (const [who, client, expected] of [
        ['member', member, [403, 404]],
        ['stranger', stranger, [404]],
        ['anonymous', t.client('198.51.100.7'), [401]],
      ] as const)
        for (const [method, url, body] of calls) {
          const res = await client.request(method, url, body);
          if (!(expected as readonly number[]).includes(res.status))
            denied.push(`${who} ${method} ${url} → ${res.status}`);
        }
      assert.deepEqual(denied, []);
      // The stranger manages his own structure, not this one: he cannot attach the account to it either.
      const otherId = (await stranger.get('/api/memberships/mine')).body.items[0].structure.id;
      const intrusion = await manager.post(`/api/technical-accounts/${accountId}/attachments`, {
        structureId: otherId,
        profiles: supplierProfiles,
      });
      assert.equal(intrusion.status, 404);
      // Nothing changed: the connection still works.
      assert.equal((await connector.call(HEALTH)).status, 200);
    });

    test('a personal API token of the manager reads, but cannot mint secrets', async () => {
      const token = (await manager.post('/api/me/api-tokens', { name: 'Script' })).body.secret;
      const asToken = (method: 'GET' | 'POST', url: string) =>
        t.app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(method === 'POST' ? { payload: '{"name":"Par jeton"}' } : {}),
        });
      assert.equal((await asToken('GET', `/api/structures/${structureId}/api-connections`)).statusCode, 200);
      assert.equal((await asToken('POST', `/api/structures/${structureId}/api-connections`)).statusCode, 403);
      assert.equal((await asToken('POST', `/api/api-connections/${connectionId}/rotate`)).statusCode, 403);
    });

    test('« Derniers appels »: time, operation, status and codeRetour, filtered and paged', async () => {
      for (let i = 0; i < 22; i++) await connector.call(HEALTH);
      await connector.call(HEALTH, {}, { 'cpro-account': Buffer.from(`${connector.login}:faux`).toString('base64') });
      const all = await manager.get(`/api/api-connections/${connectionId}/calls`);
      assert.equal(all.status, 200);
      // 2 calls of the first test, 22 health-checks and the refused one.
      assert.equal(all.body.total, 26);
      assert.equal(all.body.items.length, 20);
      assert.deepEqual(all.body.operations, [HEALTH, ATTACHMENTS]);
      const latest = all.body.items[0];
      assert.equal(latest.operation, HEALTH);
      assert.equal(latest.httpStatus, 401);
      assert.equal(latest.codeRetour, 20010);
      assert.equal(latest.result, 'error');
      assert.equal(latest.technicalAccountLogin, null);
      assert.ok(Math.abs(Date.parse(latest.at) - t.app.ctx.now().getTime()) < 60_000);
      const page2 = await manager.get(`/api/api-connections/${connectionId}/calls?page=2`);
      assert.equal(page2.body.items.length, 6);
      const errors = await manager.get(`/api/api-connections/${connectionId}/calls?result=error`);
      assert.equal(errors.body.total, 1);
      const successes = await manager.get(`/api/api-connections/${connectionId}/calls?result=success`);
      assert.equal(successes.body.total, 25);
      assert.equal(successes.body.items[0].technicalAccountLogin, connector.login);
      const op = await manager.get(
        `/api/api-connections/${connectionId}/calls?operation=${encodeURIComponent(ATTACHMENTS)}`,
      );
      assert.equal(op.body.total, 1);
      const today = await manager.get(`/api/api-connections/${connectionId}/calls?from=${day(0)}&to=${day(0)}`);
      assert.equal(today.body.total, 26);
      const tomorrow = await manager.get(`/api/api-connections/${connectionId}/calls?from=${day(1)}`);
      assert.equal(tomorrow.body.total, 0);
      const yesterday = await manager.get(`/api/api-connections/${connectionId}/calls?to=${day(-1)}`);
      assert.equal(yesterday.body.total, 0);
      const wrong = await manager.get(`/api/api-connections/${connectionId}/calls?from=hier`);
      assert.equal(wrong.status, 400);
    });

    test('rotating the secret: the old one no longer gets a token, nor does its token work', async () => {
      const oldSecret = connector.clientSecret;
      const rotated = await manager.post(`/api/api-connections/${connectionId}/rotate`, {});
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      assert.notEqual(rotated.body.clientSecret, oldSecret);
      assert.ok(rotated.body.connection.rotatedAt);
      assert.equal((await connector.call(HEALTH)).status, 401, 'the token of the old secret stops');
      assert.equal((await connector.token()).status, 401, 'the old secret gets no token');
      connector = new CproConnector(
        t,
        connector.clientId,
        rotated.body.clientSecret,
        connector.login,
        connector.password,
      );
      assert.equal((await connector.token()).status, 200);
      assert.equal((await connector.call(HEALTH)).status, 200);
    });

    test('attach to a service, detach: the account sees what it is attached to', async () => {
      const onService = await manager.post(`/api/technical-accounts/${accountId}/attachments`, {
        structureId,
        serviceId,
        profiles: [{ application: 'FACTURES_EMISES', level: 'consultation' }],
      });
      assert.equal(onService.status, 200);
      assert.equal(onService.body.attachments.length, 2);
      const whole = onService.body.attachments.find((a: { serviceId: number | null }) => a.serviceId === null);
      assert.equal(
        (await manager.delete(`/api/technical-accounts/${accountId}/attachments/${whole.membershipId}`)).status,
        204,
      );
      const again = await manager.delete(`/api/technical-accounts/${accountId}/attachments/${whole.membershipId}`);
      assert.equal(again.status, 404);
      const mine = await connector.call(ATTACHMENTS, {});
      assert.deepEqual(
        mine.body.listeRattachements.map((r: { codeService: string }) => r.codeService),
        ['COMPTA'],
      );
      const list = (await manager.get(`/api/structures/${structureId}/technical-accounts`)).body.items;
      const shown = list.find((a: { id: number }) => a.id === accountId);
      assert.deepEqual(
        shown.attachments.map((a: { serviceCode: string | null; profiles: unknown[] }) => [a.serviceCode, a.profiles]),
        [['COMPTA', [{ application: 'FACTURES_EMISES', level: 'consultation' }]]],
      );
    });

    test('a reminder mail 15 days before the password expires, once per expiry', async () => {
      const mailsTo = async () =>
        (await t.deliverMails()).filter((m) => m.to === 'gestion@lecointre.fr' && /compte technique/.test(m.subject));
      assert.deepEqual(await mailsTo(), [], 'nothing 30 days before');
      t.advance(14 * DAY);
      assert.deepEqual(await mailsTo(), [], 'nothing 16 days before');
      t.advance(2 * DAY);
      const [reminder, ...more] = await mailsTo();
      assert.equal(more.length, 0);
      assert.match(reminder!.subject, new RegExp(`${connector.login.replace(/[.]/g, '\\.')} expire le`));
      assert.match(reminder!.text, /Générez un nouveau mot de passe dans « Raccordements »/);
      assert.match(reminder!.text, new RegExp(`/raccordements\\?structure=${structureId}`));
      assert.ok(!reminder!.text.includes(connector.password));
      t.advance(DAY);
      assert.deepEqual(await mailsTo(), [], 'sent once');
      // 17 days later the manager's session has long expired: he signs in again.
      manager = await signInWithMailCode(t, 'gestion@lecointre.fr');

      // A new password, a new expiry: its own reminder, in its time.
      const renewed = await manager.post(`/api/technical-accounts/${accountId}/password`, { expiresOn: day(20) });
      assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
      assert.equal((await connector.call(HEALTH)).status, 401, 'the old password stops at once');
      connector = new CproConnector(
        t,
        connector.clientId,
        connector.clientSecret,
        connector.login,
        renewed.body.password,
      );
      assert.equal((await connector.token()).status, 200, 'its bearer token had expired too');
      assert.equal((await connector.call(HEALTH)).status, 200);
      assert.deepEqual(await mailsTo(), []);
      t.advance(6 * DAY);
      assert.equal((await mailsTo()).length, 1);
      t.advance(-23 * DAY);
    });

    test('the account is refused after its expiry date; revocations stop calls at once', async () => {
      const renewed = await manager.post(`/api/technical-accounts/${accountId}/password`, { expiresOn: day(2) });
      connector = new CproConnector(
        t,
        connector.clientId,
        connector.clientSecret,
        connector.login,
        renewed.body.password,
      );
      assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
      assert.equal((await connector.token()).status, 200);
      assert.equal((await connector.call(HEALTH)).status, 200);
      t.advance(3 * DAY);
      assert.equal((await connector.token()).status, 200);
      const expired = await connector.call(HEALTH);
      assert.equal(expired.status, 401);
      assert.match(expired.body.libelle, /a expiré/);
      t.advance(-3 * DAY);
      assert.equal((await connector.call(HEALTH)).status, 200);

      const revokedAccount = await manager.post(`/api/technical-accounts/${accountId}/revoke`, {});
      assert.equal(revokedAccount.status, 200);
      assert.ok(revokedAccount.body.revokedAt);
      assert.equal((await connector.call(HEALTH)).status, 401);
      assert.equal((await manager.post(`/api/technical-accounts/${accountId}/revoke`, {})).status, 409);
      assert.equal((await manager.post(`/api/technical-accounts/${accountId}/password`, {})).status, 409);

      const second = await manager.post(`/api/structures/${structureId}/technical-accounts`, { expiresOn: null });
      assert.equal(second.status, 201);
      connector = new CproConnector(
        t,
        connector.clientId,
        connector.clientSecret,
        second.body.account.login,
        second.body.password,
      );
      await connector.token();
      assert.equal((await connector.call(HEALTH)).status, 200);
      const revoked = await manager.post(`/api/api-connections/${connectionId}/revoke`, {});
      assert.equal(revoked.status, 200);
      assert.ok(revoked.body.revokedAt);
      assert.equal((await connector.call(HEALTH)).status, 401);
      assert.equal((await connector.token()).status, 401);
      assert.equal((await manager.post(`/api/api-connections/${connectionId}/rotate`, {})).status, 409);
      // The calls of a revoked connection stay readable.
      assert.equal((await manager.get(`/api/api-connections/${connectionId}/calls`)).status, 200);
    });
  });
}
