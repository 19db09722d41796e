import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formErrorsMessage, recipientMissingMessage } from '@chorale/contracts';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { lecointre, lecointreBank } from '../../testing/fixtures.ts';

const today = () => new Date().toISOString().slice(0, 10);

for (const kind of databaseKinds) {
  describe(`[${kind.name}] issue 14: send rules before « Confirmer et envoyer », bank details, empty drafts`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let supplierId = 0;
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-test-send-check-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
    });
    after(() => t.close());

    const draftWithLine = async (over: Record<string, unknown> = {}) => {
      const draft = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        recipientIdentifier: '13001727000013',
        invoiceDate: today(),
        ...over,
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      await supplier.post(`/api/invoices/${draft.body.id}/lines`, {
        name: 'Chaises',
        quantity: '1',
        unitPrice: '10',
        vatRate: '20',
      });
      return draft.body.id as number;
    };

    test('the send check answers the same problems as sending, and sends nothing', async () => {
      const id = await draftWithLine({ recipientIsState: true, recipientIdentifier: '', paymentMode: 'CHEQUE' });
      const check = await supplier.get(`/api/invoices/${id}/send-check`);
      assert.equal(check.status, 200);
      assert.equal(check.body.sendable, false);
      assert.match(check.body.problems.recipientServiceCode, /exige un code service/);
      assert.match(check.body.problems.commitmentNumber, /exige un numéro d’engagement/);
      assert.equal((await supplier.get(`/api/invoices/${id}`)).body.status, 'BROUILLON', 'nothing was sent');
      const submit = await supplier.post(`/api/invoices/${id}/submit`);
      assert.equal(submit.body.error.message, check.body.message);
      assert.deepEqual(submit.body.error.fields, check.body.problems);

      const fine = await draftWithLine({ paymentMode: 'CHEQUE' });
      assert.deepEqual((await supplier.get(`/api/invoices/${fine}/send-check`)).body, {
        sendable: true,
        message: '',
        problems: {},
      });
      assert.equal((await supplier.get(`/api/invoices/${fine}`)).body.status, 'BROUILLON', 'a check never sends');
    });

    test('nobody else may check a draft', async () => {
      const id = await draftWithLine();
      await createActiveAccount(t, 'curieux@exemple.fr');
      const stranger = await signInWithMailCode(t, 'curieux@exemple.fr');
      assert.equal((await stranger.get(`/api/invoices/${id}/send-check`)).status, 404);
      assert.equal((await t.client().get(`/api/invoices/${id}/send-check`)).status, 401);
    });

    test('a transfer (« Virement ») cannot be sent without bank details; another mode can', async () => {
      const id = await draftWithLine({ paymentMode: 'VIREMENT' });
      const refused = await supplier.post(`/api/invoices/${id}/submit`);
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.fields.bankAccountId, /Un virement exige des références bancaires/);
      const bank = await supplier.post(`/api/structures/${supplierId}/bank-accounts`, lecointreBank);
      const withBank = await draftWithLine({ paymentMode: 'VIREMENT', bankAccountId: bank.body.id });
      assert.equal((await supplier.post(`/api/invoices/${withBank}/submit`)).body.status, 'DEPOSEE');
      const cheque = await draftWithLine({ paymentMode: 'CHEQUE' });
      assert.equal((await supplier.post(`/api/invoices/${cheque}/submit`)).body.status, 'DEPOSEE');
    });

    test('« Enregistrer » on an empty form says what is missing instead of keeping an empty draft', async () => {
      const before = (await supplier.get('/api/invoices/issued')).body.total;
      const empty = await supplier.post('/api/invoices', { supplierStructureId: supplierId, invoiceDate: today() });
      assert.equal(empty.status, 400);
      assert.equal(empty.body.error.message, formErrorsMessage);
      assert.equal(empty.body.error.fields.recipientIdentifier, recipientMissingMessage);
      assert.equal((await supplier.get('/api/invoices/issued')).body.total, before, 'no draft was created');
      const malformed = await supplier.post('/api/invoices', { supplierStructureId: 'x' });
      assert.equal(malformed.body.error.message, formErrorsMessage, 'one wording for the form banner');
    });
  });
}
