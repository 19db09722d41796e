// Issue 12: « Télécharger » the ticked invoices of « Rechercher » — one zip, a folder per invoice
// with its document and its attachments; refused whole when one invoice is not the user's.
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
import { readZip } from '../intake/read-archive.ts';
import { zipSegment } from './download-invoices.ts';

const CCI = '13001727000013';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

for (const kind of databaseKinds) {
  describe(`[${kind.name}] Rechercher: download of the ticked invoices as one zip`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let entity: TestClient;
    const inv = { sent: 0, sentNumber: '', draft: 0, draftNumber: '' };

    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-zip-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      const supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      const header = {
        supplierStructureId: supplierId,
        recipientIdentifier: CCI,
        paymentMode: 'CHEQUE',
        invoiceDate: '2026-02-10',
      };
      const line = { name: 'Tables', quantity: '2', unitPrice: '100', vatRate: '20' };
      inv.sent = (await supplier.post('/api/invoices', { ...header, number: 'F/2026/1' })).body.id;
      await supplier.post(`/api/invoices/${inv.sent}/lines`, line);
      await supplier.upload(
        `/api/invoices/${inv.sent}/attachments`,
        { name: 'bon de livraison.pdf', bytes: pdf },
        {
          designation: 'Bon de livraison',
          kind: 'COMPLEMENTAIRE',
        },
      );
      const sent = await supplier.post(`/api/invoices/${inv.sent}/submit`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      inv.sentNumber = sent.body.number;
      const draft = await supplier.post('/api/invoices', header);
      inv.draft = draft.body.id;
      inv.draftNumber = draft.body.draftNumber;
      await t.deliverMails();
    });
    after(() => t.close());

    async function download(client: TestClient, query: string) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/invoices/download.zip?${query}`,
        headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        remoteAddress: '198.51.100.1',
      });
      return res;
    }

    test('the supplier: a folder per invoice, the Factur-X of the sent one with its attachment, the draft’s layout', async () => {
      const res = await download(supplier, `ids=${inv.sent},${inv.draft}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'application/zip');
      assert.match(String(res.headers['content-disposition']), /factures\.zip/);
      const entries = readZip(res.rawPayload);
      const sentFolder = `facture-${zipSegment(inv.sentNumber)}`;
      assert.deepEqual(
        entries.map((e) => e.name).sort(),
        [
          `${sentFolder}/${zipSegment(`facture-${inv.sentNumber}.pdf`)}`,
          `${sentFolder}/pieces-jointes/01-bon de livraison.pdf`,
          `facture-${inv.draftNumber}/facture-${inv.draftNumber}.pdf`,
        ].sort(),
      );
      const facturx = entries.find((e) => e.name.startsWith(`${sentFolder}/facture`))!.bytes;
      assert.equal(Buffer.from(facturx).subarray(0, 5).toString(), '%PDF-');
      assert.ok(Buffer.from(facturx).includes('factur-x.xml'), 'the Factur-X carries its CII XML');
      const attachment = entries.find((e) => e.name.includes('pieces-jointes'))!.bytes;
      assert.ok(Buffer.from(attachment).equals(pdf), 'the attachment byte for byte');
    });

    test('the recipient downloads what it received; a draft it never saw refuses the whole zip', async () => {
      const res = await download(entity, `ids=${inv.sent}`);
      assert.equal(res.statusCode, 200);
      assert.equal(readZip(res.rawPayload).length, 2);
      assert.equal((await download(entity, `ids=${inv.sent},${inv.draft}`)).statusCode, 404);
    });

    test('no id, a wrong id, too many ids: refused with the reason', async () => {
      const bad = await download(supplier, 'ids=abc');
      assert.equal(bad.statusCode, 400);
      assert.equal(JSON.parse(bad.body).error.fields.ids, 'Identifiant de facture invalide.');
      // Past a database integer (found by the request fuzzer: a 500 on PostgreSQL).
      for (const huge of ['999999999999999999999999999999', '1e308', '2147483648']) {
        const res = await download(supplier, `ids=${huge}`);
        assert.equal(res.statusCode, 400, huge);
        assert.equal(JSON.parse(res.body).error.fields.ids, 'Identifiant de facture invalide.');
      }
      const many = await download(supplier, `ids=${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}`);
      assert.equal(JSON.parse(many.body).error.fields.ids, 'Téléchargez au plus 100 factures à la fois.');
      assert.equal((await download(supplier, 'ids=')).statusCode, 400);
    });

    test('names from outside never leave their folder', () => {
      assert.equal(zipSegment('../../etc/passwd'), '__.._etc_passwd');
      assert.equal(zipSegment('F/2026/1'), 'F_2026_1');
      assert.equal(zipSegment('a\u0000b:c'), 'a_b_c');
    });
  });
}
