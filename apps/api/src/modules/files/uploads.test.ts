import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { lecointre } from '../../testing/fixtures.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The raw multipart body a browser would send: fields, then files; `cut` drops its last bytes. */
function multipart(parts: { name: string; value?: string; file?: { name: string; bytes: Buffer } }[]) {
  const boundary = '----chorale-hostile';
  const chunks = parts.map((p) =>
    p.file
      ? Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.file.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
          ),
          p.file.bytes,
          Buffer.from('\r\n'),
        ])
      : Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`),
  );
  return { boundary, body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]) };
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] uploads under attack`, () => {
    const dataDir = `/tmp/chorale-test-uploads-${kind.name}-${process.pid}`;
    let t: TestApp;
    let supplier: TestClient;
    let invoiceId = 0;
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: dataDir });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      const supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      invoiceId = (
        await supplier.post('/api/invoices', {
          supplierStructureId: supplierId,
          recipientIdentifier: '13001727000013',
          invoiceDate: new Date().toISOString().slice(0, 10),
        })
      ).body.id;
    });
    after(() => t.close());

    const send = (boundary: string, body: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: `/api/invoices/${invoiceId}/attachments`,
        payload: body,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          cookie: [...supplier.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'x-csrf-token': supplier.cookies.get('chorale_csrf') ?? '',
        },
      });

    test('issue 15 defect 6: a truncated multipart upload is a 400 in the app error shape (was a 500)', async () => {
      const { boundary, body } = multipart([
        { name: 'designation', value: 'Bon de livraison' },
        { name: 'file', file: { name: 'bon.pdf', bytes: pdf } },
      ]);
      for (const cut of [body.length - 10, body.length - 30, 60]) {
        const res = await send(boundary, body.subarray(0, cut));
        assert.equal(res.statusCode, 400, `cut at ${cut}: ${res.body}`);
        const error = JSON.parse(res.body).error;
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.match(error.message, /incomplet/);
        assert.match(error.fields.file, /incomplet/);
      }
      const view = (await supplier.get(`/api/invoices/${invoiceId}`)).body;
      assert.equal(view.attachments.length, 0, 'nothing half-stored');
      assert.equal((await send(boundary, body)).statusCode, 201, 'the whole form is accepted');
    });

    test('issue 15 defect 15: too many parts, two files, an over-long field: a 413 or 400 naming the limit', async () => {
      const fields = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, value: 'x' }));
      const tooMany = multipart([...fields, { name: 'file', file: { name: 'bon.pdf', bytes: pdf } }]);
      const res = await send(tooMany.boundary, tooMany.body);
      assert.equal(res.statusCode, 413, res.body);
      assert.match(JSON.parse(res.body).error.message, /trop de champs \(au plus 10\)/);

      const twoFiles = multipart([
        { name: 'designation', value: 'Bon' },
        { name: 'file', file: { name: 'a.pdf', bytes: pdf } },
        { name: 'file', file: { name: 'b.pdf', bytes: pdf } },
      ]);
      const two = await send(twoFiles.boundary, twoFiles.body);
      assert.equal(two.statusCode, 413, two.body);
      assert.match(JSON.parse(two.body).error.message, /un seul fichier/);

      const longField = multipart([
        { name: 'designation', value: 'é'.repeat(40_000) },
        { name: 'file', file: { name: 'bon.pdf', bytes: pdf } },
      ]);
      const long = await send(longField.boundary, longField.body);
      assert.equal(long.statusCode, 400, long.body);
      assert.match(JSON.parse(long.body).error.fields.designation, /trop long/);
    });

    test('issue 15 defect 7: 30 parallel uploads of identical bytes all succeed, one stored file', async () => {
      const bytes = Buffer.concat([pdf, Buffer.from(`% ${kind.name} ${Date.now()}\n`)]);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          supplier.upload(
            `/api/invoices/${invoiceId}/attachments`,
            { name: `copie-${i}.pdf`, bytes },
            { designation: `Copie ${i}`, kind: 'COMPLEMENTAIRE' },
          ),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        Array(30).fill(201),
        JSON.stringify(results.find((r) => r.status !== 201)?.body),
      );
      const view = (await supplier.get(`/api/invoices/${invoiceId}`)).body;
      const copies = view.attachments.filter((a: { fileName: string }) => a.fileName.startsWith('copie-'));
      assert.equal(copies.length, 30);
      const files = (await readdir(join(dataDir, 'files'), { recursive: true })).map(String);
      assert.deepEqual(
        files.filter((f) => f.endsWith('.tmp')),
        [],
        'no temporary file left behind',
      );
      const download = await t.app.inject({
        method: 'GET',
        url: `/api/invoices/${invoiceId}/attachments/${copies[0].id}`,
        headers: { cookie: [...supplier.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      assert.ok(download.rawPayload.equals(bytes), 'the stored file is whole');
    });
  });
}
