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
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { setOperator } from './grant-operator.ts';

const question = 'M - Question pour le destinataire de ma facture';

for (const kind of databaseKinds) {
  describe(`[${kind.name}] support tickets`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let entity: TestClient;
    let stranger: TestClient;
    let supplierId = 0;
    let invoiceNumber = '';
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-test-tickets-${kind.name}-${process.pid}` });
      for (const email of ['daniel@lecointre.fr', 'achats@cci.fr', 'autre@ailleurs.fr'])
        await createActiveAccount(t, email);
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      await assignMainManager(t.app.ctx, { identifier: '13001727000013', email: 'achats@cci.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      stranger = await signInWithMailCode(t, 'autre@ailleurs.fr');
      await stranger.post('/api/structures', { ...lecointre, identifier: '73282932000074', companyName: 'AUTRE' });
      const draft = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        recipientIdentifier: '13001727000013',
        invoiceDate: new Date().toISOString().slice(0, 10),
        paymentMode: 'CHEQUE',
      });
      await supplier.post(`/api/invoices/${draft.body.id}/lines`, {
        name: 'Chaises A Tolux',
        quantity: '20',
        unitPrice: '320',
        vatRate: '10',
      });
      invoiceNumber = (await supplier.post(`/api/invoices/${draft.body.id}/submit`)).body.number;
      await t.deliverMails();
    });
    after(() => t.close());

    const form = (over: Record<string, unknown> = {}) => ({
      category: 'Factures émises',
      subcategory: question,
      objectType: 'FACTURE',
      objectNumber: invoiceNumber,
      emitterStructureId: supplierId,
      title: 'Paiement',
      description: 'Je n’ai toujours pas été payé pour cette facture.',
      ...over,
    });

    test('an object number that does not exist or is not visible gets a clear message', async () => {
      const missing = await supplier.post('/api/tickets', form({ objectNumber: 'GV10' }));
      assert.equal(missing.status, 400);
      assert.match(missing.body.error.fields.objectNumber, /Aucune facture n° GV10/);
      const noType = await supplier.post('/api/tickets', form({ objectType: null, objectNumber: '' }));
      assert.match(noType.body.error.fields.objectType, /obligatoire/);
      assert.match(noType.body.error.fields.objectNumber, /obligatoire/);
      const strangers = await stranger.post('/api/tickets', form());
      assert.equal(strangers.status, 404, 'not a member of the emitting organisation');
      const strangerStructure = (await stranger.get('/api/memberships/mine')).body.items[0].structure.id;
      const notHis = await stranger.post('/api/tickets', form({ emitterStructureId: strangerStructure }));
      assert.match(
        notHis.body.error.fields.objectNumber,
        /Aucune facture/,
        "another supplier's invoice is not visible",
      );
      const noTitle = await supplier.post('/api/tickets', form({ title: '', description: '' }));
      assert.match(noTitle.body.error.fields.title, /Titre \/ Résumé/);
    });

    test('the journey of the issue: ask, need information, answer, resolve, accept, closed', async () => {
      const created = await supplier.post('/api/tickets', form());
      assert.equal(created.status, 201);
      assert.match(created.body.number, /^CHORS\d{8}$/);
      assert.equal(created.body.status, 'OUVERT');
      assert.equal(created.body.recipient.identifier, '13001727000013', 'filled from the invoice');
      const ticketId = created.body.id;
      const up = await supplier.upload(`/api/tickets/${ticketId}/attachments`, {
        name: 'facture.pdf',
        bytes: Buffer.from('%PDF-1.4\n%%EOF\n'),
      });
      assert.equal(up.status, 201);
      assert.ok((await t.deliverMails()).some((m) => m.to === 'achats@cci.fr' && /nouvelle demande/.test(m.subject)));

      assert.equal((await stranger.get(`/api/tickets/${ticketId}`)).status, 404);
      const worklist = (await entity.get('/api/tickets/received?tab=actions')).body;
      assert.equal(worklist.items[0].id, ticketId);
      assert.equal(
        (await entity.post(`/api/tickets/${ticketId}/actions`, { action: 'accept' })).status,
        403,
        'the receiver does not accept',
      );
      await entity.post(`/api/tickets/${ticketId}/actions`, {
        action: 'ask-information',
        body: 'Pouvez-vous nous envoyer votre RIB ?',
      });
      assert.ok(
        (await t.deliverMails()).some(
          (m) => m.to === 'daniel@lecointre.fr' && /informations vous sont demandées/.test(m.subject),
        ),
      );

      const actions = (await supplier.get('/api/tickets?tab=actions')).body;
      assert.deepEqual(
        actions.items.map((i: { id: number }) => i.id),
        [ticketId],
      );
      assert.equal(actions.items[0].status, 'EN_ATTENTE_INFORMATIONS');
      await supplier.post(`/api/tickets/${ticketId}/actions`, { action: 'answer', body: 'RIB joint.' });
      assert.equal((await supplier.get(`/api/tickets/${ticketId}`)).body.status, 'OUVERT');
      await entity.post(`/api/tickets/${ticketId}/actions`, {
        action: 'resolve',
        body: 'Paiement effectué le 2 décembre.',
      });
      const accepted = await supplier.post(`/api/tickets/${ticketId}/actions`, { action: 'accept' });
      assert.equal(accepted.body.status, 'FERME');
      assert.deepEqual(
        accepted.body.activities.map((a: { statusTo: string | null }) => a.statusTo),
        ['FERME', 'RESOLU', 'OUVERT', 'EN_ATTENTE_INFORMATIONS', 'OUVERT'],
      );
      assert.equal(accepted.body.attachments.length, 1);
      const closed = (await supplier.get('/api/tickets?tab=closed')).body;
      assert.deepEqual(
        closed.items.map((i: { id: number }) => i.id),
        [ticketId],
      );
      assert.equal(
        (await supplier.get('/api/tickets?tab=open')).body.items.some((i: { id: number }) => i.id === ticketId),
        false,
      );
      assert.equal(
        (await supplier.post(`/api/tickets/${ticketId}/actions`, { action: 'comment', body: 'encore' })).status,
        409,
      );
    });

    test('issue 14 « Drafts are race-free »: a ticket draft submitted and saved at the same time', async () => {
      const later = async (ticks: number) => {
        for (let i = 0; i < ticks; i++) await new Promise((resolve) => setImmediate(resolve));
      };
      for (let round = 0; round < 12; round++) {
        const draft = await supplier.post('/api/tickets', form({ title: 'Avant', submit: false }));
        assert.equal(draft.status, 201, JSON.stringify(draft.body));
        const [sent, saved] = await Promise.all([
          supplier.put(`/api/tickets/${draft.body.id}`, form({ title: 'Soumis' })),
          later(round).then(() =>
            supplier.put(`/api/tickets/${draft.body.id}`, form({ title: 'Modifié après', submit: false })),
          ),
        ]);
        assert.equal(sent.status, 200, JSON.stringify(sent.body));
        const kept = (await supplier.get(`/api/tickets/${draft.body.id}`)).body;
        assert.equal(kept.status, 'OUVERT');
        // The submission writes « Soumis »: a save either came before it (and was overwritten) or was refused.
        assert.equal(kept.title, 'Soumis', 'a submitted ticket is never changed by a late save');
        if (saved.status !== 200) {
          assert.equal(saved.status, 409, JSON.stringify(saved.body));
          assert.match(saved.body.error.message, /Seul un brouillon de ticket se modifie/);
        }
      }
    });

    test('drafts, keyword search, sorting, CSV export, platform support', async () => {
      const draft = await supplier.post(
        '/api/tickets',
        form({
          category: 'Support',
          subcategory: 'Saisie / Traitement d’un ticket',
          objectType: null,
          objectNumber: '',
          title: 'Brouillon',
          description: '',
          submit: false,
        }),
      );
      assert.equal(draft.body.status, 'BROUILLON');
      assert.equal(draft.body.number, null);
      assert.deepEqual(
        (await supplier.get('/api/tickets?tab=drafts')).body.items.map((i: { id: number }) => i.id),
        [draft.body.id],
      );
      const sent = await supplier.put(
        `/api/tickets/${draft.body.id}`,
        form({
          category: 'Support',
          subcategory: 'Saisie / Traitement d’un ticket',
          objectType: null,
          objectNumber: '',
          title: 'Question sur la saisie',
          description: 'Comment saisir un avoir ?',
        }),
      );
      assert.equal(sent.body.status, 'OUVERT');
      assert.equal(sent.body.recipient, null, 'addressed to the platform support');
      assert.equal((await entity.get(`/api/tickets/${draft.body.id}`)).status, 404);
      await setOperator(t.app.ctx, 'autre@ailleurs.fr', true);
      assert.equal(
        (await stranger.get('/api/session')).body.user.isOperator,
        true,
        'the portal knows who answers platform tickets',
      );
      assert.ok(
        (await stranger.get('/api/tickets/received')).body.items.some((i: { id: number }) => i.id === draft.body.id),
        'operators see platform tickets',
      );

      assert.equal((await supplier.get('/api/tickets?tab=open&q=avoir')).body.total, 1);
      assert.equal((await supplier.get('/api/tickets?tab=closed&q=fermé')).body.total, 1, 'search by status label');
      const sorted = (await supplier.get('/api/tickets?tab=open&sort=title&direction=asc')).body.items.map(
        (i: { title: string }) => i.title,
      );
      assert.deepEqual(sorted, [...sorted].sort());
      const csv = await supplier.request('GET', '/api/tickets/export.csv?tab=closed');
      assert.ok(
        String(csv.body).startsWith('\uFEFFNuméro;Description brève;Ouvert le;Catégorie;Sous-catégorie;Statut\r\n'),
      );
      assert.match(
        String(csv.body),
        /CHORS\d{8};Paiement;.*;Factures émises;M - Question pour le destinataire de ma facture;Fermé/,
      );
    });
  });
}
