import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
  type TestResponse,
} from '../testing/test-app.ts';
import { lecointre } from '../testing/fixtures.ts';

/** The app's one error shape, with the French message on the named field. */
function assertRefusedOn(res: TestResponse, field: string, message: RegExp) {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error.code, 'VALIDATION_FAILED');
  assert.match(res.body.error.fields?.[field] ?? '', message, JSON.stringify(res.body));
}

const control = /caractère de contrôle invisible \(U\+0000\)/;
const bidi = /change le sens d’écriture \(U\+202E\)/;
const today = () => new Date().toISOString().slice(0, 10);

type JsonSchema = { type?: string | string[]; pattern?: string; enum?: unknown[]; [k: string]: unknown };

/** Every string a request can carry, as the OpenAPI description (built from the zod schemas) lists it. */
function requestStrings(node: unknown, path: string, out: { path: string; schema: JsonSchema }[]) {
  if (!node || typeof node !== 'object') return out;
  const s = node as JsonSchema;
  if (s.type === 'string' && !s.enum && !('const' in s)) {
    out.push({ path, schema: s });
    return out; // a string with several patterns lists them under allOf
  }
  for (const [k, v] of Object.entries(s)) {
    if (Array.isArray(v)) v.forEach((x, i) => requestStrings(x, `${path}.${k}[${i}]`, out));
    else if (v && typeof v === 'object') requestStrings(v, `${path}.${k}`, out);
  }
  return out;
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] hostile text: control and bidi characters, lengths`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let supplierId = 0;
    let invoiceId = 0;
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-test-hostile-text-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      invoiceId = (
        await supplier.post('/api/invoices', {
          supplierStructureId: supplierId,
          recipientIdentifier: '13001727000013',
          invoiceDate: today(),
          paymentMode: 'CHEQUE',
        })
      ).body.id;
    });
    after(() => t.close());

    test('issue 15 defect 3: NUL refused in the anonymous directory search (was a 500 on PostgreSQL)', async () => {
      const res = await t.client().get('/api/directory?q=%00');
      assertRefusedOn(res, 'q', control);
      assertRefusedOn(await t.client().get('/api/directory?q=CCI%01'), 'q', /U\+0001/);
      assert.equal((await t.client().get('/api/directory?q=CCI')).status, 200);
    });

    test('issue 15 defect 3: NUL refused in every kind of request string, on its field', async () => {
      const anonymous = t.client();
      assertRefusedOn(
        await anonymous.post('/api/auth/sign-in', { loginEmail: 'daniel@lecointre.fr\u0000', password: 'x' }),
        'loginEmail',
        control,
      );
      assertRefusedOn(
        await supplier.post('/api/structures', { ...lecointre, identifier: '89934607600032', companyName: 'A\u0000B' }),
        'companyName',
        control,
      );
      assertRefusedOn(await supplier.get('/api/structures/search?q=%00'), 'q', control);
      assertRefusedOn(await supplier.get(`/api/structures/${supplierId}/members?q=%00`), 'q', control);
      assertRefusedOn(await supplier.get('/api/invoices/issued?status=%00'), 'status', control);
      assertRefusedOn(await supplier.get('/api/tickets?q=%00'), 'q', control);
      assertRefusedOn(
        await supplier.post(`/api/invoices/${invoiceId}/lines`, {
          name: 'Chaise\u0000',
          quantity: '1',
          unitPrice: '1',
          vatRate: '20',
        }),
        'name',
        control,
      );
      assertRefusedOn(
        await supplier.post(`/api/invoices/${invoiceId}/lines`, {
          name: 'Chaise',
          quantity: '1\u0000',
          unitPrice: '1',
          vatRate: '20',
        }),
        'quantity',
        control,
      );
      assertRefusedOn(
        await supplier.put('/api/me', {
          firstName: 'Daniel\u0000',
          lastName: 'Potier',
          phone: '',
          contactEmail: 'daniel@lecointre.fr',
          surveyConsent: false,
        }),
        'firstName',
        control,
      );
      assertRefusedOn(
        await supplier.post('/api/tickets', {
          category: 'Support',
          subcategory: 'Saisie / Traitement d’un ticket',
          emitterStructureId: supplierId,
          title: 'Question',
          description: 'Bonjour\u0000',
          submit: false,
        }),
        'description',
        control,
      );
      const upload = await supplier.upload(
        `/api/invoices/${invoiceId}/attachments`,
        { name: 'bon\u0000.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
        { designation: 'Bon de livraison', kind: 'COMPLEMENTAIRE' },
      );
      assertRefusedOn(upload, 'file', /U\+0000/);
      const attachment = await supplier.upload(
        `/api/invoices/${invoiceId}/attachments`,
        { name: 'bon.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
        { designation: 'Bon\u0000', kind: 'COMPLEMENTAIRE' },
      );
      assertRefusedOn(attachment, 'designation', control);
    });

    test('issue 15 defect 3: line breaks only where a text has several lines', async () => {
      const res = await supplier.put(`/api/invoices/${invoiceId}`, {
        supplierStructureId: supplierId,
        recipientIdentifier: '13001727000013',
        invoiceDate: today(),
        paymentMode: 'CHEQUE',
        comment: 'Livraison du 12 :\r\n\t- 20 chaises',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.comment, 'Livraison du 12 :\r\n\t- 20 chaises');
      assertRefusedOn(
        await supplier.post(`/api/invoices/${invoiceId}/lines`, {
          name: 'Chaise\nTolux',
          quantity: '1',
          unitPrice: '1',
          vatRate: '20',
        }),
        'name',
        /une seule ligne/,
      );
    });

    test('issue 15 defect 3: every string of every request schema carries the character rule', async () => {
      const doc = (await t.client().get('/api/docs/json')).body as { paths: Record<string, unknown> };
      const strings = requestStrings(doc.paths, '', []).filter(({ path }) => !/\.responses\./.test(path));
      assert.ok(strings.length > 50, `found ${strings.length} request strings`);
      const without = strings.filter(({ schema }) => !JSON.stringify(schema).includes('\\\\u0000'));
      assert.deepEqual(
        without.map((s) => s.path),
        [],
        'every request string refuses control characters',
      );
    });

    test('issue 15 defect 14: a right-to-left override is refused in a file name and in a name shown to others', async () => {
      // « rapport‮fdp.txt » shows as « rapporttxt.pdf »: a text file dressed as a PDF.
      const res = await supplier.upload(
        `/api/invoices/${invoiceId}/attachments`,
        { name: 'rapport\u202Efdp.txt', bytes: Buffer.from('bonjour') },
        { designation: 'Rapport', kind: 'COMPLEMENTAIRE' },
      );
      assertRefusedOn(res, 'file', bidi);
      for (const ch of ['\u202A', '\u202B', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200F']) {
        const r = await supplier.upload(
          `/api/invoices/${invoiceId}/attachments`,
          { name: `rapport${ch}.txt`, bytes: Buffer.from('bonjour') },
          { designation: 'Rapport', kind: 'COMPLEMENTAIRE' },
        );
        assert.equal(r.status, 400, `U+${ch.codePointAt(0)?.toString(16)} refused`);
      }
      const deposit = await supplier.upload(
        '/api/invoices/deposit',
        { name: 'facture\u202Efdp.xml', bytes: Buffer.from('<Invoice/>') },
        { supplierStructureId: String(supplierId) },
      );
      assertRefusedOn(deposit, 'file', bidi);
      assertRefusedOn(
        await supplier.put(`/api/structures/${supplierId}`, { ...lecointre, companyName: 'LECOINTRE \u202EPARIS' }),
        'companyName',
        bidi,
      );
      const ok = await supplier.upload(
        `/api/invoices/${invoiceId}/attachments`,
        { name: 'تقرير-été.txt', bytes: Buffer.from('bonjour') },
        { designation: 'Rapport', kind: 'COMPLEMENTAIRE' },
      );
      assert.equal(ok.status, 201, 'Arabic letters and accents stay welcome');
    });

    test('issue 15 defect 15: a 5,000-character designation is refused, not cut to 200', async () => {
      const res = await supplier.upload(
        `/api/invoices/${invoiceId}/attachments`,
        { name: 'bon.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
        { designation: 'D'.repeat(5000), kind: 'COMPLEMENTAIRE' },
      );
      assertRefusedOn(res, 'designation', /« Désignation » ne doit pas dépasser 200 caractères/);
      const line = await supplier.post(`/api/invoices/${invoiceId}/lines`, {
        name: 'C'.repeat(301),
        quantity: '1',
        unitPrice: '1',
        vatRate: '20',
      });
      assertRefusedOn(line, 'name', /« Dénomination » ne doit pas dépasser 300 caractères/);
      const view = (await supplier.get(`/api/invoices/${invoiceId}`)).body;
      assert.ok(
        !view.attachments.some((a: { designation: string }) => a.designation.startsWith('DDDD')),
        'nothing stored',
      );
    });
  });
}
