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
  describe(`[${kind.name}] invitations (issue 15 defect 9)`, () => {
    let t: TestApp;
    let manager: TestClient;
    let structureId = 0;
    before(async () => {
      t = await startTestApp(kind);
      await createActiveAccount(t, 'gestion@lecointre.fr');
      await createActiveAccount(t, 'existant@exemple.fr');
      await createActiveAccount(t, 'autre@exemple.fr');
      manager = await signInWithMailCode(t, 'gestion@lecointre.fr');
      structureId = (await manager.post('/api/structures', lecointre)).body.id;
      const me = await signInWithMailCode(t, 'existant@exemple.fr');
      await me.put('/api/me', {
        firstName: 'Secret',
        lastName: 'Personnel',
        phone: '06 11 22 33 44',
        contactEmail: 'existant@exemple.fr',
        surveyConsent: false,
      });
      await t.deliverMails();
    });
    after(() => t.close());

    const invite = (email: string) => manager.post(`/api/structures/${structureId}/invitations`, { email });

    test('issue 15 defect 9: the answer does not depend on the address having an account', async () => {
      const answers = [];
      for (const email of [
        'existant@exemple.fr',
        'personne@ailleurs.fr',
        'existant@exemple.fr',
        'personne@ailleurs.fr',
      ])
        answers.push(await invite(email));
      for (const a of answers) {
        assert.equal(a.status, 202);
        assert.deepEqual(a.body, answers[0]?.body, 'same body, first and second try');
      }
      const mails = await t.deliverMails();
      for (const to of ['existant@exemple.fr', 'personne@ailleurs.fr'])
        assert.equal(mails.filter((m) => m.to === to && /Invitation/.test(m.subject)).length, 2, to);
    });

    test('issue 15 defect 9: inviting attaches nobody and shows no personal data', async () => {
      await invite('existant@exemple.fr');
      const members = (await manager.get(`/api/structures/${structureId}/members`)).body.items;
      const text = JSON.stringify(members);
      assert.doesNotMatch(text, /existant@exemple\.fr|Secret|Personnel|06 11 22 33 44/);
      assert.equal(members.length, 1, 'only the manager');
      const csv = await manager.get(`/api/structures/${structureId}/members.csv`);
      assert.doesNotMatch(String(csv.body), /existant|Secret|06 11/);
      const invitee = await signInWithMailCode(t, 'existant@exemple.fr');
      assert.equal((await invitee.get(`/api/structures/${structureId}`)).status, 404, 'no access before accepting');
    });

    test('issue 15 defect 9: the invitee reaches his invitations from the mail and accepts', async () => {
      await invite('existant@exemple.fr');
      const mail = (await t.deliverMails()).filter((m) => m.to === 'existant@exemple.fr').at(-1);
      assert.match(mail?.text ?? '', /http:\/\/localhost:3999\/mes-invitations/);
      const invitee = await signInWithMailCode(t, 'existant@exemple.fr');
      const list = (await invitee.get('/api/me/invitations')).body.items;
      assert.equal(list.length, 1, 'one invitation however many times it was sent');
      assert.equal(list[0].structure.name, 'LECOINTRE PARIS');
      const stranger = await signInWithMailCode(t, 'autre@exemple.fr');
      assert.deepEqual((await stranger.get('/api/me/invitations')).body.items, []);
      assert.equal((await stranger.post(`/api/me/invitations/${list[0].id}/accept`)).status, 404, 'not his');
      assert.equal((await invitee.post(`/api/me/invitations/${list[0].id}/accept`)).status, 200);
      assert.equal((await invitee.get(`/api/structures/${structureId}`)).status, 200);
      assert.equal((await invitee.post(`/api/me/invitations/${list[0].id}/accept`)).status, 404, 'answered once');
      const members = (await manager.get(`/api/structures/${structureId}/members`)).body.items;
      assert.ok(
        members.some((m: { email: string }) => m.email === 'existant@exemple.fr'),
        'listed once accepted',
      );
    });

    test('issue 15 defect 9: a declined invitation attaches nobody', async () => {
      await createActiveAccount(t, 'refus@exemple.fr');
      await invite('refus@exemple.fr');
      const c = await signInWithMailCode(t, 'refus@exemple.fr');
      const [inv] = (await c.get('/api/me/invitations')).body.items;
      assert.equal((await c.post(`/api/me/invitations/${inv.id}/decline`)).status, 200);
      assert.equal((await c.get(`/api/structures/${structureId}`)).status, 404);
      assert.deepEqual((await c.get('/api/me/invitations')).body.items, []);
    });
  });
}
