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
import { lecointre } from '../../testing/fixtures.ts';

for (const kind of databaseKinds) {
  describe(`[${kind.name}] structures, services, memberships`, () => {
    let t: TestApp;
    let a: TestClient;
    let b: TestClient;
    let structureId = 0;
    before(async () => {
      t = await startTestApp(kind);
      await createActiveAccount(t, 'a@lecointre.fr');
      await createActiveAccount(t, 'b@lecointre.fr');
      a = await signInWithMailCode(t, 'a@lecointre.fr');
      b = await signInWithMailCode(t, 'b@lecointre.fr');
    });
    after(() => t.close());

    test('bad identifiers get precise messages', async () => {
      const cases: [string, RegExp][] = [
        ['8993460760002', /14 chiffres \(13 saisis\)/],
        ['89934607600025', /clé de contrôle/],
        ['8993460760002A', /que des chiffres/],
      ];
      for (const [identifier, message] of cases) {
        const res = await a.get(`/api/structures/lookup?identifierType=SIRET&identifier=${identifier}`);
        assert.equal(res.status, 400);
        assert.match(res.body.error.fields.identifier, message);
      }
    });

    test('a new SIRET is prefilled from the registry; the creator becomes main manager', async () => {
      const look = await a.get('/api/structures/lookup?identifierType=SIRET&identifier=89934607600024');
      assert.equal(look.body.status, 'new');
      assert.equal(look.body.prefill?.companyName, 'LECOINTRE PARIS');
      assert.equal(look.body.prefill?.postalCode, '92250');
      const created = await a.post('/api/structures', lecointre);
      assert.equal(created.status, 201);
      structureId = created.body.id;
      const again = await b.get('/api/structures/lookup?identifierType=SIRET&identifier=89934607600024');
      assert.equal(again.body.status, 'exists');
      assert.equal(again.body.structure.id, structureId);
      const dup = await b.post('/api/structures', lecointre);
      assert.equal(dup.status, 409);
      assert.match(dup.body.error.message, /déjà présente/);
      const perms = (await a.get('/api/me/permissions')).body.items;
      assert.ok(
        perms.some(
          (p: { profile: string; structure: string }) =>
            p.profile === 'Organisation modification' && p.structure === '89934607600024',
        ),
      );
      assert.ok(!perms.some((p: { application: string }) => p.application === 'FACTURES_RECUES'));
      // Issue 14: « Mes habilitations » lists only the applications Chorale has (not « Frais de justice »…).
      assert.deepEqual([...new Set(perms.map((p: { application: string }) => p.application))].sort(), [
        'FACTURES_EMISES',
        'ORGANISATION',
        'SOLLICITATIONS_EMISES',
      ]);
      const mine = (await a.get('/api/memberships/mine')).body.items;
      assert.equal(mine[0].role, 'MAIN_MANAGER');
      assert.equal(mine[0].status, 'VALIDEE');
    });

    test('services and bank details, with checked IBAN and BIC', async () => {
      const svc = await a.post(`/api/structures/${structureId}/services`, { code: 'COMPTA', name: 'Comptabilité' });
      assert.equal(svc.status, 201);
      const dup = await a.post(`/api/structures/${structureId}/services`, { code: 'COMPTA', name: 'Autre' });
      assert.equal(dup.body.error.fields.code, 'Le code service « COMPTA » existe déjà dans cette structure.');
      const bad = await a.post(`/api/structures/${structureId}/services`, { code: 'avec espace', name: 'X' });
      assert.match(bad.body.error.fields.code, /sans espace/);
      assert.equal((await a.post(`/api/services/${svc.body.id}/deactivate`)).body.active, false);
      assert.equal((await a.post(`/api/services/${svc.body.id}/activate`)).body.active, true);

      const badIban = await a.post(`/api/structures/${structureId}/bank-accounts`, {
        holderName: 'LECOINTRE PARIS',
        iban: 'FR76 3000 6000 0112 3456 7890 188',
        bic: 'BNP',
      });
      assert.match(badIban.body.error.fields.iban, /clé de contrôle/);
      assert.match(badIban.body.error.fields.bic, /8 ou 11 caractères/);
      const ok = await a.post(`/api/structures/${structureId}/bank-accounts`, {
        holderName: 'LECOINTRE PARIS',
        iban: 'fr76 3000 6000 0112 3456 7890 189',
        bic: 'bnpafrpp',
      });
      assert.equal(ok.status, 201);
      assert.equal(ok.body.iban, 'FR7630006000011234567890189');
      const fake = await a.upload(`/api/structures/${structureId}/bank-accounts/${ok.body.id}/proof`, {
        name: 'rib.pdf',
        bytes: Buffer.from('pas un pdf'),
      });
      assert.match(fake.body.error.fields.file, /ne correspond pas/);
      const rib = Buffer.from('%PDF-1.4\n% RIB LECOINTRE\n%%EOF\n');
      const proof = await a.upload(`/api/structures/${structureId}/bank-accounts/${ok.body.id}/proof`, {
        name: 'rib.pdf',
        bytes: rib,
      });
      assert.equal(proof.body.proofFileName, 'rib.pdf', JSON.stringify(proof.body));
      const back = await a.request('GET', `/api/structures/${structureId}/bank-accounts/${ok.body.id}/proof`);
      assert.equal(back.status, 200);
      assert.match(String(back.body), /RIB LECOINTRE/);
      assert.equal(
        (await b.get(`/api/structures/${structureId}/bank-accounts/${ok.body.id}/proof`)).status,
        404,
        'strangers see nothing',
      );
    });

    test('membership request: the manager is told, approves, the member gets simple-user profiles; removing one takes effect at once', async () => {
      const search = await b.get('/api/structures/search?q=lecointre');
      assert.equal(search.body.items[0].id, structureId);
      const noComment = await b.post('/api/memberships', { structureId, comment: '' });
      assert.match(noComment.body.error.fields.comment, /obligatoire/);
      const req = await b.post('/api/memberships', { structureId, comment: 'Je suis comptable chez Lecointre.' });
      assert.equal(req.status, 201);
      assert.equal(req.body.status, 'EN_COURS_DE_VALIDATION');
      const mails = await t.deliverMails();
      assert.ok(
        mails.some(
          (m) =>
            m.to === 'a@lecointre.fr' && /Demande de rattachement/.test(m.subject) && /Je suis comptable/.test(m.text),
        ),
      );
      assert.equal((await b.get(`/api/structures/${structureId}`)).status, 404, 'not a member before approval');

      const pending = (await a.get('/api/memberships/pending')).body.items;
      assert.equal(pending.length, 1);
      assert.equal(
        (await b.post(`/api/memberships/${pending[0].id}/approve`, {})).status,
        404,
        'the requester cannot approve himself',
      );
      assert.equal((await a.post(`/api/memberships/${pending[0].id}/approve`, { comment: 'Bienvenue' })).status, 204);
      const accepted = (await t.deliverMails()).find((m) => m.to === 'b@lecointre.fr' && /acceptée/.test(m.subject));
      assert.ok(accepted, 'the requester is told');
      // « Vos habilitations sont visibles dans « Mes habilitations » »: the link leads to that page, in both parts.
      const textLink = /Voir mes habilitations : (\S+)/.exec(accepted.text)?.[1];
      const htmlLink = /<a href="([^"]+)">Voir mes habilitations<\/a>/.exec(accepted.html)?.[1];
      assert.ok(textLink && htmlLink, 'a link in the text and in the HTML');
      assert.equal(htmlLink, textLink);
      assert.equal(new URL(textLink).origin, 'http://localhost:3999', 'the portal’s public address');
      assert.equal(new URL(textLink).pathname, '/mon-compte/habilitations', 'the route of « Mes habilitations »');

      const perms = (await b.get('/api/me/permissions')).body.items.map((p: { profile: string }) => p.profile);
      assert.ok(perms.includes('Factures émises modification'));
      assert.ok(perms.includes('Organisation consultation'));
      assert.ok(!perms.includes('Organisation modification'), 'simple users lack Organisation modification');
      assert.equal((await b.get(`/api/structures/${structureId}/services`)).status, 200);

      const members = (await a.get(`/api/structures/${structureId}/members`)).body.items;
      const bMembership = members.find((m: { email: string }) => m.email === 'b@lecointre.fr');
      await a.put(`/api/memberships/${bMembership.membershipId}/profiles`, {
        profiles: [{ application: 'FACTURES_EMISES', level: 'modification' }],
      });
      assert.equal(
        (await b.get(`/api/structures/${structureId}/members`)).status,
        403,
        'the removed profile is gone at once',
      );
      assert.equal(
        (await b.get(`/api/structures/${structureId}/services`)).status,
        200,
        'typing invoices needs the services',
      );
      assert.equal((await b.get(`/api/structures/${structureId}/bank-accounts`)).status, 200, 'and the bank details');

      const csv = await a.request('GET', `/api/structures/${structureId}/members.csv`);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.ok(String(csv.body).startsWith('\uFEFFNom;Prénom;Adresse électronique'));
      assert.match(
        String(csv.body),
        /Potier;Daniel;b@lecointre\.fr;.*;Utilisateur simple;Validée;;;Factures émises modification/,
      );
    });

    test('a structure never loses its last main manager; the role can be handed over', async () => {
      const members = (await a.get(`/api/structures/${structureId}/members`)).body.items;
      const aM = members.find((m: { email: string }) => m.email === 'a@lecointre.fr');
      const bM = members.find((m: { email: string }) => m.email === 'b@lecointre.fr');
      const res = await a.post(`/api/memberships/${aM.membershipId}/detach`);
      assert.equal(res.status, 409);
      assert.match(res.body.error.message, /garde toujours un gestionnaire principal/);
      assert.equal(
        (await a.post(`/api/structures/${structureId}/main-manager`, { membershipId: bM.membershipId })).status,
        204,
      );
      assert.equal((await b.get('/api/memberships/mine')).body.items[0].role, 'MAIN_MANAGER');
      assert.equal(
        (await b.post(`/api/structures/${structureId}/main-manager`, { membershipId: aM.membershipId })).status,
        204,
      );
    });

    test('the manager invites an existing user by mail, he accepts, and is detached', async () => {
      await createActiveAccount(t, 'c@lecointre.fr');
      await t.deliverMails();
      assert.equal(
        (await a.post(`/api/structures/${structureId}/invitations`, { email: 'c@lecointre.fr' })).status,
        202,
      );
      assert.equal(
        (await a.post(`/api/structures/${structureId}/invitations`, { email: 'inconnu@ailleurs.fr' })).status,
        202,
      );
      const mails = await t.deliverMails();
      assert.ok(mails.some((m) => m.to === 'c@lecointre.fr' && /Invitation/.test(m.subject)));
      assert.ok(mails.some((m) => m.to === 'inconnu@ailleurs.fr' && /Invitation/.test(m.subject)));
      const c = await signInWithMailCode(t, 'c@lecointre.fr');
      assert.equal((await c.get(`/api/structures/${structureId}`)).status, 404, 'not attached before accepting');
      const [invitation] = (await c.get('/api/me/invitations')).body.items;
      assert.equal((await c.post(`/api/me/invitations/${invitation.id}/accept`)).status, 200);
      assert.equal((await c.get(`/api/structures/${structureId}`)).status, 200);
      const cM = (await a.get(`/api/structures/${structureId}/members`)).body.items.find(
        (m: { email: string }) => m.email === 'c@lecointre.fr',
      );
      assert.equal((await a.post(`/api/memberships/${cM.membershipId}/detach`)).status, 204);
      assert.equal((await c.get(`/api/structures/${structureId}`)).status, 404);
    });

    test('the operator makes an account main manager of a public structure of the directory', async () => {
      const { assignMainManager } = await import('./assign-main-manager.ts');
      await createActiveAccount(t, 'acheteur@cci.fr');
      await assignMainManager(t.app.ctx, { identifier: '13001727000013', email: 'acheteur@cci.fr' });
      const cci = await signInWithMailCode(t, 'acheteur@cci.fr');
      const perms = (await cci.get('/api/me/permissions')).body.items.map((p: { profile: string }) => p.profile);
      assert.ok(perms.includes('Factures reçues modification'), 'public structures offer « Factures reçues »');
      await assert.rejects(
        assignMainManager(t.app.ctx, { identifier: '13001727000013', email: 'personne@cci.fr' }),
        /Aucun compte actif/,
      );
    });

    test('a public structure of the directory cannot be created by a user', async () => {
      const res = await a.post('/api/structures', { ...lecointre, identifier: '21690123100011', kind: 'PUBLIQUE' });
      assert.equal(res.status, 400);
      assert.match(res.body.error.fields.kind, /annuaire/);
    });
  });
}
