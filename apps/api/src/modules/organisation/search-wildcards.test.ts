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

// Issue 15 defect 8: a search term is matched literally (LIKE with an explicit ESCAPE clause),
// in contains and prefix searches alike, on both databases.
for (const kind of databaseKinds) {
  describe(`[${kind.name}] searches match the typed characters literally`, () => {
    let t: TestApp;
    let daniel: TestClient;
    let other: TestClient;
    let structureId = 0;
    before(async () => {
      t = await startTestApp(kind);
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'curieux@ailleurs.fr');
      daniel = await signInWithMailCode(t, 'daniel@lecointre.fr');
      other = await signInWithMailCode(t, 'curieux@ailleurs.fr');
      const created = await daniel.post('/api/structures', { ...lecointre, label: 'ATELIER 100% BOIS_MASSIF' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      structureId = created.body.id;
    });
    after(() => t.close());

    const names = (items: { companyName: string }[]) => items.map((i) => i.companyName);

    test('issue 15 defect 8: « %% » in the structure search does not list every structure', async () => {
      for (const q of ['%25%25', '__', '%25', '\\%25', '1%25']) {
        const res = await other.get(`/api/structures/search?q=${q}`);
        assert.equal(res.status, 200);
        assert.deepEqual(names(res.body.items), [], `q=${decodeURIComponent(q)} finds nothing`);
      }
    });

    test('issue 15 defect 8: a « % » or « _ » typed in a name is found as such (was never found on SQLite)', async () => {
      for (const q of ['100%25 bois', 'bois_massif', '0%25']) {
        const res = await other.get(`/api/structures/search?q=${q}`);
        assert.deepEqual(names(res.body.items), ['LECOINTRE PARIS'], `q=${decodeURIComponent(q)}`);
      }
      assert.deepEqual(names((await other.get('/api/structures/search?q=bois%25massif')).body.items), []);
    });

    test('issue 15 defect 8: the public directory, members and tickets searches escape wildcards too', async () => {
      const all = (await t.client().get('/api/directory')).body.total;
      assert.ok(all > 3);
      for (const q of ['%25', '_', '%25%25', '1%25', '1_']) {
        const res = await t.client().get(`/api/directory?q=${q}`);
        assert.equal(res.status, 200);
        assert.equal(res.body.total, 0, `directory q=${decodeURIComponent(q)}`);
      }
      assert.equal((await t.client().get('/api/directory?q=cci')).body.total > 0, true);

      const members = await daniel.get(`/api/structures/${structureId}/members?q=%25`);
      assert.equal(members.status, 200);
      assert.deepEqual(members.body.items, []);
      const found = await daniel.get(`/api/structures/${structureId}/members?q=potier`);
      assert.equal(found.body.items.length, 1);

      const ticket = await daniel.post('/api/tickets', {
        category: 'Support',
        subcategory: 'Saisie / Traitement d’un ticket',
        emitterStructureId: structureId,
        title: 'Remise de 5_%',
        description: 'Question',
        submit: false,
      });
      assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
      const list = (q: string) => daniel.get(`/api/tickets?tab=drafts&q=${q}`);
      assert.equal((await list('5_%25')).body.total, 1, 'found by its literal characters');
      assert.equal((await list('%25%25')).body.total, 0);
      assert.equal((await list('5%25')).body.total, 0, '« 5% » is not « 5_% »');
    });
  });
}
