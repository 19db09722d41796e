// Issue 12: the late-payment interest claim (PDF) of a supplier, on a case worked out by hand with
// a change of half-year inside the delay; both databases.
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
import { setEcbRate } from './ecb-rates.ts';

const CCI = '13001727000013';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] Demande de paiement des intérêts moratoires (PDF)`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let entity: TestClient;
    let id = 0;

    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-claim-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      // The invoice's life happens on the app's clock, in July 2026 (the captcha of the sign-up
      // above runs on the real one).
      t.travelTo(new Date('2026-07-15T10:00:00Z'));
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      const supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      id = (
        await supplier.post('/api/invoices', {
          supplierStructureId: supplierId,
          recipientIdentifier: CCI,
          paymentMode: 'CHEQUE',
          invoiceDate: '2026-05-10',
        })
      ).body.id;
      await supplier.post(`/api/invoices/${id}/lines`, {
        name: 'Tables',
        quantity: '1',
        unitPrice: '1000',
        vatRate: '20',
      });
      assert.equal((await supplier.post(`/api/invoices/${id}/submit`)).status, 200);
      await t.deliverMails();
    });
    after(() => t.close());

    const claim = (client: TestClient) =>
      t.app.inject({
        method: 'GET',
        url: `/api/invoices/${id}/interest-claim.pdf`,
        headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        remoteAddress: '198.51.100.1',
      });

    test('not late: no claim, and the reason', async () => {
      const res = await claim(supplier);
      assert.equal(res.statusCode, 409);
      assert.match(JSON.parse(res.body).error.message, /Aucun intérêt moratoire n’est dû/);
    });

    test('due 20 June, unpaid on 15 July: the rate of the first half-year, 25 days, 8,34 € + 40 €', async () => {
      // Made available on 21 May 2026, 30 days: due 20 June. Interest runs from 21 June, in the
      // first half-year: ECB rate in force on 1 January 2026 (2.15 %, since 11 June 2025) + 8 =
      // 10.15 %, even though the ECB moved on 1 July (2.40 % recorded below) and the delay runs
      // into July. 21 June → 15 July = 25 days. 120 000 cents × 10.15 % × 25 / 365 = 834.25 →
      // 834 cents (8,34 €); with the 40 € indemnity, 48,34 €.
      await setEcbRate(t.app.ctx.db, '2026-07-01', '2,40');
      await t.app.ctx.db
        .updateTable('invoices')
        .set({ made_available_at: '2026-05-21T08:00:00.000Z', due_date: '2026-06-20' })
        .where('id', '=', id)
        .execute();
      const res = await claim(supplier);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'application/pdf');
      const text = await pdfText(res.rawPayload);
      for (const expected of [
        'DEMANDE DE PAIEMENT DES INTÉRÊTS MORATOIRES',
        '20/06/2026',
        '25 jours, du 21/06/2026 au 15/07/2026',
        '2,15 %',
        '10,15 % (taux BCE + 8 points)',
        '8,34 € (1 200,00 € × 10,15 % × 25 / 365)',
        '40,00 €',
        '48,34 €',
        'R. 2192-31',
      ])
        assert.ok(text.includes(expected), `« ${expected} » in: ${text}`);
    });

    test('the claim is the supplier’s: the recipient and others get nothing', async () => {
      assert.equal((await claim(entity)).statusCode, 404);
    });
  });
}
