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

const line = { name: 'Chaises A Tolux', quantity: '2', unitPrice: '10', vatRate: '20' };

for (const kind of databaseKinds) {
  describe(`[${kind.name}] invoice integrity (issues 14 and 15)`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let supplierId = 0;
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-integrity-${kind.name}-${process.pid}` });
      // 23:30 UTC on 31 December: 00:30 on 1 January in Paris.
      t.travelTo(new Date('2026-12-31T23:30:00Z'));
      await createActiveAccount(t, 'daniel@lecointre.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
    });
    after(() => t.close());

    const draft = async (over: Record<string, unknown>) => {
      const d = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        recipientIdentifier: '13001727000013',
        paymentMode: 'CHEQUE',
        ...over,
      });
      assert.equal(d.status, 201, JSON.stringify(d.body));
      await supplier.post(`/api/invoices/${d.body.id}/lines`, line);
      return d.body.id as number;
    };

    test('issue 14: business dates in Europe/Paris (00:30 in Paris is already the new year)', async () => {
      const id = await draft({ invoiceDate: '2027-01-01' });
      const sent = await supplier.post(`/api/invoices/${id}/submit`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.match(sent.body.number, /^2027\d{10}$/);
      assert.match(sent.body.draftNumber, /^TMP2027/);
    });

    test('issue 14 « Drafts are race-free »: a draft sent and edited at the same time', async () => {
      // The edits start a little later at each round, so that they meet the sending at each of its steps.
      const later = async (ticks: number) => {
        for (let i = 0; i < ticks; i++) await new Promise((resolve) => setImmediate(resolve));
      };
      for (let round = 0; round < 16; round++) {
        const id = await draft({ invoiceDate: '2027-01-01', marketNumber: 'M-0' });
        const [submit, added, header] = await Promise.all([
          supplier.post(`/api/invoices/${id}/submit`),
          later(round).then(() => supplier.post(`/api/invoices/${id}/lines`, { ...line, name: `Ajout ${round}` })),
          later(round).then(() =>
            supplier.put(`/api/invoices/${id}`, {
              supplierStructureId: supplierId,
              recipientIdentifier: '13001727000013',
              paymentMode: 'CHEQUE',
              invoiceDate: '2027-01-01',
              marketNumber: `M-${round + 1}`,
            }),
          ),
        ]);
        assert.equal(submit.status, 200, JSON.stringify(submit.body));
        for (const edit of [added, header])
          assert.ok([200, 201, 204, 409].includes(edit.status), `${edit.status} ${JSON.stringify(edit.body)}`);
        const sent = (await supplier.get(`/api/invoices/${id}`)).body;
        assert.notEqual(sent.status, 'BROUILLON');
        // Whatever won, the certificate of the sent invoice still matches what is stored: no edit landed after sending.
        const exported = (await supplier.get(`/api/invoices/${id}/deposit.json`)).body;
        assert.equal(exported.recomputed, exported.certificate, 'certificate intact');
        assert.equal(sent.lines.length, added.status === 201 ? 2 : 1);
        assert.equal(sent.marketNumber, header.status === 409 ? 'M-0' : `M-${round + 1}`);
      }
    });

    test('issue 15 defect 1: a typed number equal to the next automatic number does not block later submissions', async () => {
      const year = 2027;
      const row = await t.database.db
        .selectFrom('counters')
        .select('value')
        .where('name', '=', `invoice-${year}-${supplierId}`)
        .executeTakeFirst();
      const next = `${year}${String(Number(row?.value ?? 0) + 1).padStart(10, '0')}`;
      const typed = await draft({ invoiceDate: `${year}-01-01`, number: next });
      assert.equal((await supplier.post(`/api/invoices/${typed}/submit`)).status, 200);
      const auto = await draft({ invoiceDate: `${year}-01-01` });
      const sent = await supplier.post(`/api/invoices/${auto}/submit`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.notEqual(sent.body.number, next);
    });

    test('issue 15 defect 2: 10 parallel drafts with the same number give one success and French 409s', async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          supplier.post('/api/invoices', {
            supplierStructureId: supplierId,
            recipientIdentifier: '13001727000013',
            invoiceDate: '2027-01-01',
            number: 'DUP-1',
          }),
        ),
      );
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, ...Array(9).fill(409)]);
      for (const a of answers.filter((x) => x.status === 409)) assert.match(a.body.error.message, /déjà utilisé/);
    });
  });
}
