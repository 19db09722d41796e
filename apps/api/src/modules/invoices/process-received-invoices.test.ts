// Issue 12: « Factures à traiter » of Factures reçues — the ticked invoices move together, each
// through the lifecycle table and the one status change (history, mails); both databases.
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
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { lecointre } from '../../testing/fixtures.ts';

const CCI = '13001727000013';
const LYON = '21690123100011';

for (const kind of databaseKinds) {
  describe(`[${kind.name}] Factures à traiter: bulk status change of the ticked invoices`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let entity: TestClient;
    let lyon: TestClient;
    let supplierId = 0;

    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-bulk-${kind.name}-${process.pid}` });
      for (const email of ['daniel@lecointre.fr', 'achats@cci.fr', 'mairie@lyon.fr'])
        await createActiveAccount(t, email);
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      await assignMainManager(t.app.ctx, { identifier: LYON, email: 'mairie@lyon.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      lyon = await signInWithMailCode(t, 'mairie@lyon.fr');
    });
    after(() => t.close());

    async function delivered(recipientIdentifier = CCI) {
      const draft = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        recipientIdentifier,
        paymentMode: 'CHEQUE',
        invoiceDate: '2026-02-10',
        commitmentNumber: 'ENG-2026-7',
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      const id = draft.body.id as number;
      await supplier.post(`/api/invoices/${id}/lines`, {
        name: 'Tables',
        quantity: '2',
        unitPrice: '100',
        vatRate: '20',
      });
      const sent = await supplier.post(`/api/invoices/${id}/submit`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      await t.deliverMails();
      return { id, number: sent.body.number as string };
    }
    const statusOf = async (id: number) => (await supplier.get(`/api/invoices/${id}`)).body.status as string;

    test('two invoices « Mise en paiement » at once: each changes, with its history row and the supplier’s mail', async () => {
      const a = await delivered();
      const b = await delivered();
      const res = await entity.post('/api/invoices/received/status', { ids: [a.id, b.id], status: 'MISE_EN_PAIEMENT' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.results, [
        { id: a.id, number: a.number, ok: true, status: 'MISE_EN_PAIEMENT', message: '' },
        { id: b.id, number: b.number, ok: true, status: 'MISE_EN_PAIEMENT', message: '' },
      ]);
      for (const { id } of [a, b]) {
        const inv = (await entity.get(`/api/invoices/${id}`)).body;
        assert.equal(inv.status, 'MISE_EN_PAIEMENT');
        assert.equal(inv.history[0].status, 'MISE_EN_PAIEMENT');
      }
      const mails = await t.deliverMails();
      assert.equal(mails.filter((m) => m.to === 'daniel@lecointre.fr').length, 2, 'one mail per invoice');
      const worklist = (await entity.get('/api/invoices/received/worklist')).body.items as { id: number }[];
      assert.ok(!worklist.some((i) => [a.id, b.id].includes(i.id)), 'paid invoices leave the worklist');
    });

    test('an invoice the lifecycle does not let move says why on its row; the others move', async () => {
      const paid = await delivered();
      await entity.post('/api/invoices/received/status', { ids: [paid.id], status: 'MISE_EN_PAIEMENT' });
      const fresh = await delivered();
      const res = await entity.post('/api/invoices/received/status', {
        ids: [paid.id, fresh.id],
        status: 'SERVICE_FAIT',
      });
      assert.equal(res.status, 200);
      const [first, second] = res.body.results;
      assert.deepEqual([first.ok, first.status], [false, 'MISE_EN_PAIEMENT']);
      assert.equal(first.message, 'Depuis l’état « Mise en paiement », plus aucun changement n’est possible.');
      assert.deepEqual([second.ok, second.status], [true, 'SERVICE_FAIT']);
      assert.equal(await statusOf(fresh.id), 'SERVICE_FAIT');
    });

    test('a return without its reason is refused whole, the reason asked on its field', async () => {
      const inv = await delivered();
      const res = await entity.post('/api/invoices/received/status', { ids: [inv.id], status: 'REJETEE' });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.fields.reason, 'Le motif est obligatoire pour cet état.');
      const none = await entity.post('/api/invoices/received/status', { ids: [], status: 'MANDATEE' });
      assert.equal(none.body.error.fields.ids, 'Cochez au moins une facture.');
      const suspended = await entity.post('/api/invoices/received/status', {
        ids: [inv.id],
        status: 'SUSPENDUE',
        reason: 'Bon de commande manquant',
      });
      assert.equal(suspended.body.results[0].ok, true);
      assert.equal((await supplier.get(`/api/invoices/${inv.id}`)).body.history[0].comment, 'Bon de commande manquant');
    });

    test('one invoice that is not the user’s to process: nothing changes', async () => {
      const mine = await delivered();
      const other = await delivered(LYON);
      const res = await entity.post('/api/invoices/received/status', { ids: [mine.id, other.id], status: 'MANDATEE' });
      assert.equal(res.status, 404);
      assert.equal(await statusOf(mine.id), 'MISE_A_DISPOSITION', 'refused whole');
      const bySupplier = await supplier.post('/api/invoices/received/status', { ids: [mine.id], status: 'MANDATEE' });
      assert.equal(bySupplier.status, 404);
      const byLyon = await lyon.post('/api/invoices/received/status', { ids: [other.id], status: 'MANDATEE' });
      assert.equal(byLyon.body.results[0].ok, true);
    });
  });
}
