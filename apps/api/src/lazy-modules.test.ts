// Issue 13, memory: the packages only rare routes use (PDF layouts and Factur-X, PDF intake and
// OCR, zips and workbooks, SMTP, TOTP QR codes, SSH keys) are imported at their first use, not
// with the application: each server process would otherwise hold them from its start.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const LAZY = ['pdf-lib', 'archiver', 'nodemailer', 'qrcode', 'ssh2', 'tesseract.js'];

/** The npm packages loaded in this process (CommonJS ones: all of LAZY are). */
const loaded = () =>
  new Set(
    Object.keys(require.cache).flatMap((file) => {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
      return name ? [name] : [];
    }),
  );

test('the application loads without the packages of rare routes; pdf-lib comes with its first use', async () => {
  await import('./app.ts');
  const einvoice = await import('@chorale/einvoice');
  const atStart = loaded();
  assert.ok(atStart.has('fastify'), 'the check sees the packages the application loads');
  for (const name of LAZY) assert.ok(!atStart.has(name), `${name} is loaded at start-up`);

  assert.throws(() => einvoice.pdfLib(), /pdf-lib is not loaded yet/);
  const lib = await einvoice.loadPdfLib();
  assert.equal(einvoice.pdfLib(), lib);
  assert.equal(typeof lib.PDFDocument.create, 'function');
  assert.ok(loaded().has('pdf-lib'));
});
