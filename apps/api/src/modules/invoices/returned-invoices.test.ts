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
import { lecointre, lecointreBank } from '../../testing/fixtures.ts';

const today = () => new Date().toISOString().slice(0, 10);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const CCI = '13001727000013';

interface Item {
  id: number;
  number: string;
  status: string;
  instructor: string;
}

// Issue 12: « Comment traiter une facture qui m'a été retournée » and « L'onglet Synthèse ».
for (const kind of databaseKinds) {
  describe(`[${kind.name}] returned invoices: recycle, treat the rejection, duplicate; the worklists`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let entity: TestClient;
    let supplierId = 0;
    let bankAccountId = 0;

    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-test-returned-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      bankAccountId = (await supplier.post(`/api/structures/${supplierId}/bank-accounts`, lecointreBank)).body.id;
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      await t.deliverMails();
    });
    after(() => t.close());

    /** A sent invoice to CCI / ACHATS, with one line and one attachment, delivered to the recipient. */
    async function deliveredInvoice(over: Record<string, unknown> = {}) {
      const draft = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        recipientIdentifier: CCI,
        recipientServiceCode: 'ACHATS',
        commitmentNumber: 'ENG-ACHATS-1',
        marketNumber: 'MARCHE-7',
        invoiceDate: today(),
        bankAccountId,
        comment: 'Livraison de mars',
        ...over,
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      const id = draft.body.id as number;
      await supplier.post(`/api/invoices/${id}/lines`, {
        reference: 'CH-TOLUX',
        name: 'Chaises A Tolux',
        quantity: '20',
        unit: 'pièce',
        unitPrice: '320,00',
        vatRate: '10',
      });
      await supplier.upload(
        `/api/invoices/${id}/attachments`,
        { name: 'bon.pdf', bytes: pdf },
        { designation: 'Bon de livraison', kind: 'COMPLEMENTAIRE' },
      );
      const sent = await supplier.post(`/api/invoices/${id}/submit`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      await t.deliverMails();
      const delivered = (await supplier.get(`/api/invoices/${id}`)).body;
      assert.equal(delivered.status, 'MISE_A_DISPOSITION');
      return { id, number: sent.body.number as string };
    }

    const worklist = async (query = '') =>
      (await supplier.get(`/api/invoices/issued/worklist${query}`)).body.items as Item[];

    test('« A recycler »: only SIRET, service and commitment change; same number; it arrives at the new service', async () => {
      const { id, number } = await deliveredInvoice();
      const returned = await entity.post(`/api/invoices/${id}/status`, {
        status: 'A_RECYCLER',
        reason: 'Ce n’est pas le service des achats : envoyez-la à la formation.',
      });
      assert.equal(returned.status, 200);
      assert.ok(
        (await worklist()).some((i) => i.id === id && i.status === 'A_RECYCLER'),
        'in the Synthèse',
      );
      const before = (await supplier.get(`/api/invoices/${id}`)).body;

      const unknown = await supplier.post(`/api/invoices/${id}/recycle`, {
        recipientIdentifier: CCI,
        recipientServiceCode: 'NULLE_PART',
      });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error.fields.recipientServiceCode, /NULLE_PART/);
      assert.equal((await entity.post(`/api/invoices/${id}/recycle`, { recipientIdentifier: CCI })).status, 404);

      const recycled = await supplier.post(`/api/invoices/${id}/recycle`, {
        recipientIdentifier: CCI,
        recipientServiceCode: 'FORMATION',
        commitmentNumber: 'ENG-FORMATION-2',
        // Anything else is not the recycling's to change: ignored.
        number: 'AUTRE-NUMERO',
        invoiceDate: '2001-01-01',
        marketNumber: 'AUTRE-MARCHE',
      });
      assert.equal(recycled.status, 200, JSON.stringify(recycled.body));
      assert.equal(recycled.body.status, 'EN_COURS_ACHEMINEMENT');
      assert.equal(recycled.body.number, number, 'the same invoice number');
      assert.equal(recycled.body.recipientService.code, 'FORMATION');
      assert.equal(recycled.body.commitmentNumber, 'ENG-FORMATION-2');
      assert.equal(
        (await supplier.post(`/api/invoices/${id}/recycle`, { recipientIdentifier: CCI })).status,
        409,
        'recycled once',
      );

      await t.deliverMails();
      const after = (await supplier.get(`/api/invoices/${id}`)).body;
      assert.equal(after.status, 'MISE_A_DISPOSITION', 'routed again to the recipient');
      const changed = new Set([
        'status',
        'statusAt',
        'madeAvailableAt',
        'payment', // the payment period runs again from the new « Mise à disposition »
        'recipientService',
        'commitmentNumber',
        'history',
        'certificate',
      ]);
      for (const key of Object.keys(before).filter((k) => !changed.has(k)))
        assert.deepEqual(after[key], before[key], `« ${key} » is unchanged`);
      assert.equal((await supplier.get(`/api/invoices/${id}/deposit.json`)).body.recomputed, after.certificate);
      const trail = after.history.find((h: { status: string }) => h.status === 'EN_COURS_ACHEMINEMENT').comment;
      assert.match(trail, /ACHATS \/ ENG-ACHATS-1 → 13001727000013 \/ FORMATION \/ ENG-FORMATION-2/);
      assert.ok(!(await worklist()).some((i) => i.id === id), 'it left the Synthèse');

      const formation = after.recipientService.id as number;
      const atFormation = (await entity.get(`/api/invoices/received/worklist?serviceId=${formation}`)).body.items;
      assert.deepEqual(
        atFormation.map((i: Item) => i.number),
        [number],
      );
      const achats = before.recipientService.id as number;
      const atAchats = (await entity.get(`/api/invoices/received/worklist?serviceId=${achats}`)).body.items;
      assert.ok(!atAchats.some((i: Item) => i.id === id), 'no longer at the purchasing service');
    });

    test('recycling an invoice that is not « A recycler » is refused, and the new recipient must meet the send rules', async () => {
      const { id } = await deliveredInvoice();
      assert.equal((await supplier.post(`/api/invoices/${id}/recycle`, { recipientIdentifier: CCI })).status, 409);
      await entity.post(`/api/invoices/${id}/status`, { status: 'A_RECYCLER', reason: 'Mauvais destinataire' });
      // AP-HP requires a service code.
      const noService = await supplier.post(`/api/invoices/${id}/recycle`, { recipientIdentifier: '26750045200011' });
      assert.equal(noService.status, 400);
      assert.match(noService.body.error.fields.recipientServiceCode, /code service/);
      assert.equal((await supplier.get(`/api/invoices/${id}`)).body.status, 'A_RECYCLER', 'nothing changed');
      assert.equal((await supplier.get(`/api/invoices/${id}`)).body.recipientService.code, 'ACHATS');
    });

    test('« Rejetée »: shown at sign-in, « Traiter le rejet » records it and removes it; « Dupliquer » makes a new draft that goes', async () => {
      const { id, number } = await deliveredInvoice();
      const suspended = await deliveredInvoice();
      await entity.post(`/api/invoices/${suspended.id}/status`, { status: 'SUSPENDUE', reason: 'Il manque le bon' });
      assert.equal(
        (await supplier.post(`/api/invoices/${id}/treat-rejection`, {})).status,
        409,
        'only a rejected invoice',
      );
      await entity.post(`/api/invoices/${id}/status`, { status: 'REJETEE', reason: 'Prix non conforme au devis' });

      const pending = (await supplier.get('/api/invoices/issued/returns-pending')).body.items;
      const rejected = pending.find((p: { id: number }) => p.id === id);
      assert.deepEqual(
        { number: rejected.number, status: rejected.status, reason: rejected.reason, to: rejected.recipientName },
        { number, status: 'REJETEE', reason: 'Prix non conforme au devis', to: 'CCI REGION PARIS ILE FRANCE' },
      );
      assert.ok(pending.some((p: { id: number; status: string }) => p.id === suspended.id && p.status === 'SUSPENDUE'));
      assert.deepEqual((await entity.get('/api/invoices/issued/returns-pending')).body.items, [], 'the supplier’s');
      assert.ok((await worklist()).some((i) => i.id === id));
      assert.equal((await supplier.delete(`/api/invoices/${id}`)).status, 409, 'a rejected invoice is never deleted');
      assert.equal((await entity.post(`/api/invoices/${id}/treat-rejection`, {})).status, 404);

      const treated = await supplier.post(`/api/invoices/${id}/treat-rejection`, { comment: 'Avoir à suivre' });
      assert.equal(treated.status, 200, JSON.stringify(treated.body));
      assert.equal(treated.body.status, 'REJETEE', 'the rejection is final');
      assert.ok(treated.body.rejectionHandledAt);
      assert.equal(treated.body.history[0].comment, 'Rejet traité par le fournisseur : Avoir à suivre');
      assert.equal(treated.body.history[0].status, 'REJETEE');
      assert.match(treated.body.history[0].structure, /LECOINTRE PARIS/);
      assert.ok(!(await worklist()).some((i) => i.id === id), 'it left the Synthèse');
      const after = (await supplier.get('/api/invoices/issued/returns-pending')).body.items;
      assert.ok(!after.some((p: { id: number }) => p.id === id), 'no longer shown at sign-in');
      assert.equal((await supplier.post(`/api/invoices/${id}/treat-rejection`, {})).status, 409, 'treated once');

      const original = (await supplier.get(`/api/invoices/${id}`)).body;
      const copy = await supplier.post(`/api/invoices/${id}/duplicate`, {});
      assert.equal(copy.status, 201, JSON.stringify(copy.body));
      assert.equal(copy.body.status, 'BROUILLON');
      assert.equal(copy.body.number, null);
      assert.notEqual(copy.body.draftNumber, original.draftNumber);
      assert.match(copy.body.draftNumber, /^TMP\d{16}$/);
      for (const key of ['recipient', 'recipientService', 'commitmentNumber', 'marketNumber', 'comment', 'totals'])
        assert.deepEqual(copy.body[key], original[key], key);
      assert.deepEqual(
        copy.body.lines.map((l: Record<string, unknown>) => [l.name, l.quantity, l.unitPrice, l.vatRate, l.netCents]),
        original.lines.map((l: Record<string, unknown>) => [l.name, l.quantity, l.unitPrice, l.vatRate, l.netCents]),
      );
      assert.deepEqual(
        copy.body.attachments.map((a: { sha256: string; designation: string }) => [a.sha256, a.designation]),
        original.attachments.map((a: { sha256: string; designation: string }) => [a.sha256, a.designation]),
      );
      assert.match(copy.body.history[0].comment, new RegExp(`Copie de la facture n° ${number}`));
      const download = await supplier.get(`/api/invoices/${copy.body.id}/attachments/${copy.body.attachments[0].id}`);
      assert.equal(download.status, 200);

      // The supplier corrects the price, then sends: a new number.
      await supplier.put(`/api/invoices/${copy.body.id}/lines/${copy.body.lines[0].id}`, {
        name: 'Chaises A Tolux',
        quantity: '20',
        unit: 'pièce',
        unitPrice: '300,00',
        vatRate: '10',
      });
      const sent = await supplier.post(`/api/invoices/${copy.body.id}/submit`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.notEqual(sent.body.number, number);
      assert.equal(sent.body.totals.netCents, 600_000);
    });

    test('Synthèse: drafts and returns only, filters Structure, Instructeur and « rejetées depuis plus de 10 jours »', async () => {
      const draft = (
        await supplier.post('/api/invoices', {
          supplierStructureId: supplierId,
          recipientIdentifier: CCI,
          invoiceDate: today(),
        })
      ).body.id as number;
      const { id: oldRejected } = await deliveredInvoice();
      await entity.post(`/api/invoices/${oldRejected}/status`, { status: 'REJETEE', reason: 'Doublon' });
      const { id: delivered } = await deliveredInvoice();
      // Eleven days ago, as the recipient's rejection would have been.
      const eleven = new Date(Date.now() - 11 * 24 * 3600 * 1000).toISOString();
      await t.app.ctx.db.updateTable('invoices').set({ status_at: eleven }).where('id', '=', oldRejected).execute();

      const all = await worklist();
      assert.ok(all.some((i) => i.id === draft && i.status === 'BROUILLON'));
      assert.ok(all.some((i) => i.id === oldRejected));
      assert.ok(!all.some((i) => i.id === delivered), 'a delivered invoice waits for the recipient, not the supplier');
      assert.ok(all.every((i) => ['BROUILLON', 'A_RECYCLER', 'REJETEE', 'SUSPENDUE'].includes(i.status)));
      assert.ok(!(await worklist('?hideOldRejected=true')).some((i) => i.id === oldRejected));
      assert.ok((await worklist('?hideOldRejected=true')).some((i) => i.id === draft));
      assert.equal((await worklist(`?structureId=${supplierId + 1000}`)).length, 0);
      assert.equal((await worklist(`?structureId=${supplierId}`)).length, all.length);

      const set = await supplier.put(`/api/invoices/${draft}/instructor`, { instructor: 'DL01' });
      assert.deepEqual(set.body, { instructor: 'DL01' });
      assert.deepEqual(
        (await worklist('?instructor=DL01')).map((i) => [i.id, i.instructor]),
        [[draft, 'DL01']],
      );
      // The recipient notes its own instructeur on what it received; the supplier's is not touched.
      assert.equal((await entity.put(`/api/invoices/${delivered}/instructor`, { instructor: 'CCI-7' })).status, 200);
      const received = (await entity.get('/api/invoices/received/worklist?instructor=CCI-7')).body.items;
      assert.deepEqual(
        received.map((i: Item) => i.id),
        [delivered],
      );
      assert.equal((await entity.put(`/api/invoices/${draft}/instructor`, { instructor: 'X' })).status, 404);
      assert.equal((await worklist('?pageSize=1')).length, 1);
    });
  });
}
