import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCents } from '@chorale/domain';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { lecointre } from '../../testing/fixtures.ts';

async function pdfText(bytes: Buffer): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text;
}

test('issue 15 defect 4: amounts are printed digit for digit, never « 1e+30 »', () => {
  assert.doesNotMatch(formatCents(1e30), /e/, 'a float beyond 2^53 is printed with its digits');
  assert.equal(formatCents(10n ** 32n), `1${'\u202f000'.repeat(10)},00`);
  assert.equal(formatCents('123456789012345678901'), '1\u202f234\u202f567\u202f890\u202f123\u202f456\u202f789,01');
  assert.equal(formatCents(-5), '-0,05');
});

for (const kind of databaseKinds) {
  describe(`[${kind.name}] bounds on amounts, VAT rates and quantities`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let supplierId = 0;
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-test-amounts-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
    });
    after(() => t.close());

    const draft = async (over: Record<string, unknown> = {}) =>
      (
        await supplier.post('/api/invoices', {
          supplierStructureId: supplierId,
          recipientIdentifier: '13001727000013',
          invoiceDate: new Date().toISOString().slice(0, 10),
          paymentMode: 'CHEQUE',
          ...over,
        })
      ).body.id as number;
    const line = (id: number, over: Record<string, unknown>) =>
      supplier.post(`/api/invoices/${id}/lines`, {
        name: 'Chaise',
        quantity: '1',
        unitPrice: '1',
        vatRate: '20',
        ...over,
      });

    test('issue 15 defect 4: a 15-digit quantity × 15-digit price is refused on its field, in French', async () => {
      const id = await draft();
      const res = await line(id, { quantity: '999999999999999', unitPrice: '999999999999999' });
      assert.equal(res.status, 400);
      assert.match(res.body.error.fields.quantity, /au plus 13 chiffres avant la virgule/);
      assert.match(res.body.error.fields.unitPrice, /au plus 13 chiffres avant la virgule/);

      const product = await line(id, { quantity: '9999999999999', unitPrice: '9999999999999' });
      assert.equal(product.status, 400, JSON.stringify(product.body));
      assert.match(product.body.error.fields.quantity, /ne peut pas dépasser 999 999 999 999,99/);
      assert.equal((await supplier.get(`/api/invoices/${id}`)).body.lines.length, 0);
    });

    test('issue 15 defect 4: large amounts stay exact to the cent, totals are bounded, the PDF prints the digits', async () => {
      const id = await draft();
      const ok = await line(id, { unitPrice: '500000000000.01' });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.deepEqual(
        [ok.body.totals.netCents, ok.body.totals.vatCents, ok.body.totals.grossCents],
        [50_000_000_000_001, 10_000_000_000_000, 60_000_000_000_001],
      );
      const second = await line(id, { unitPrice: '500000000000.01' });
      assert.equal(second.status, 400, 'the TTC total would pass 999 999 999 999,99');
      assert.match(second.body.error.fields.quantity, /total de la facture/);
      const view = (await supplier.get(`/api/invoices/${id}`)).body;
      assert.equal(view.lines.length, 1, 'the refused line was not kept');
      assert.equal(view.totals.grossCents, 60_000_000_000_001);

      const discount = await supplier.put(`/api/invoices/${id}`, {
        supplierStructureId: supplierId,
        recipientIdentifier: '13001727000013',
        invoiceDate: new Date().toISOString().slice(0, 10),
        globalDiscount: '1000000000000',
        globalDiscountReason: 'Geste',
      });
      assert.equal(discount.status, 400);
      assert.match(discount.body.error.fields.globalDiscount, /ne peut pas dépasser/);

      const sent = await supplier.post(`/api/invoices/${id}/submit`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      const pdf = await t.app.inject({
        method: 'GET',
        url: `/api/invoices/${id}/invoice.pdf`,
        headers: { cookie: [...supplier.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      assert.equal(pdf.statusCode, 200);
      const text = await pdfText(pdf.rawPayload);
      assert.match(text, /600\s?000\s?000\s?000,01/);
      assert.doesNotMatch(text, /e\+\d/);
    });

    test('issue 15 defect 5: the VAT rate is a percentage between 0 and 30', async () => {
      const id = await draft();
      for (const vatRate of ['1000', '30.5', '-1', '20.123', '100']) {
        const res = await line(id, { vatRate });
        assert.equal(res.status, 400, `rate ${vatRate}`);
        assert.match(res.body.error.fields.vatRate, /entre 0 et 30/);
      }
      for (const vatRate of ['0', '2,1', '5.5', '20', '30']) assert.equal((await line(id, { vatRate })).status, 201);
    });

    test('issue 15 defect 5: negative quantities correct an invoice, never a credit note nor the total', async () => {
      // A return of 2 chairs on an invoice of 10 (EN 16931 allows negative line quantities).
      const id = await draft();
      assert.equal((await line(id, { quantity: '10', unitPrice: '100' })).status, 201);
      const returned = await line(id, { quantity: '-2', unitPrice: '100', name: 'Retour de 2 chaises' });
      assert.equal(returned.status, 201);
      assert.equal(returned.body.totals.netCents, 80_000);
      assert.equal((await line(id, { quantity: '1', unitPrice: '-5' })).status, 400, 'a unit price is never negative');
      assert.equal((await supplier.post(`/api/invoices/${id}/submit`)).status, 200);

      const negative = await draft();
      await line(negative, { quantity: '-1', unitPrice: '100' });
      const refused = await supplier.post(`/api/invoices/${negative}/submit`);
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.fields.globalDiscount, /net à payer doit être positif/);

      const creditNote = await draft({ type: 'AVOIR', originalInvoiceNumber: 'F-2026-1' });
      await line(creditNote, { quantity: '-1', unitPrice: '100' });
      const credit = await supplier.post(`/api/invoices/${creditNote}/submit`);
      assert.equal(credit.status, 400);
      assert.match(credit.body.error.fields.lines, /Un avoir porte des montants positifs/);
    });
  });
}
