import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { detectFormat } from '../detect.ts';
import { sampleBytes } from '../test-support/samples.ts';
import { validateInvoice } from '../validation/validate.ts';
import { DEFAULT_LIMITS } from './limits.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function expectReport(bytes: Uint8Array, rule: string, maxMs = 5000): Promise<void> {
  const started = performance.now();
  const report = await validateInvoice(bytes);
  const elapsed = performance.now() - started;
  assert.equal(report.valid, false);
  assert.ok(
    report.findings.some((f) => f.rule === rule && f.severity === 'fatal'),
    `${rule} expected, got ${JSON.stringify(report.findings.map((f) => f.rule))}`,
  );
  assert.ok(elapsed < maxMs, `answered in ${elapsed.toFixed(0)} ms`);
}

/** A PDF whose embedded factur-x.xml is a Flate stream of the given raw (already deflated) bytes. */
async function pdfWithRawAttachment(deflated: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  const ctx = doc.context;
  const file = ctx.register(ctx.stream(deflated, { Type: 'EmbeddedFile', Filter: 'FlateDecode', Subtype: 'text/xml' }));
  const spec = ctx.register(
    ctx.obj({
      Type: 'Filespec',
      F: PDFString.of('factur-x.xml'),
      UF: PDFHexString.fromText('factur-x.xml'),
      EF: { F: file },
      AFRelationship: 'Data',
    }),
  );
  doc.catalog.set(PDFName.of('Names'), ctx.obj({ EmbeddedFiles: { Names: [PDFString.of('factur-x.xml'), spec] } }));
  doc.catalog.set(PDFName.of('AF'), ctx.obj([spec]));
  return doc.save();
}

describe('hostile inputs get reports, never crashes or hangs', () => {
  it('XXE: an external entity is refused, the file is never read', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>`;
    await expectReport(utf8(xml), 'XML-DOCTYPE');
    const report = await validateInvoice(utf8(xml));
    assert.ok(!JSON.stringify(report).includes('root:'), 'no content of /etc/passwd');
  });

  it('billion laughs: entity declarations are refused before any expansion', async () => {
    const lol = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    await expectReport(
      utf8(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${lol}]><lolz>&lol10;</lolz>`),
      'XML-DOCTYPE',
      1000,
    );
  });

  it('an undeclared entity is a well-formedness error', async () => {
    await expectReport(
      utf8(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&boom;</Invoice>`),
      'XML-WELLFORMED',
    );
  });

  it('deep nesting stops at the depth limit', async () => {
    const depth = 200_000;
    await expectReport(utf8(`${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`), 'XML-DEPTH', 2000);
  });

  it('a huge file is refused by size', async () => {
    const huge = new Uint8Array(21 * 1024 * 1024).fill(0x20);
    huge.set(utf8('<Invoice>'), 0);
    await expectReport(huge, 'XML-SIZE', 2000);
  });

  it('a truncated XML file is reported as malformed', async () => {
    await expectReport(sampleBytes('invalid/derived_malformed-truncated.xml'), 'XML-WELLFORMED');
  });

  it('a truncated or corrupt PDF is reported as such', async () => {
    await expectReport(sampleBytes('invalid/mustang_corrupt-factur-x-waytoosmall.pdf'), 'PDF-CORRUPT');
    const cut = sampleBytes('facturx/corpus_EN16931_Einfach.pdf').subarray(0, 20_000);
    const report = await validateInvoice(cut);
    assert.equal(report.valid, false);
    const garbage = utf8(`%PDF-1.7\n${'x'.repeat(5000)}`);
    assert.equal((await validateInvoice(garbage)).valid, false);
  });

  it('a PDF bomb (tiny Flate stream inflating past the limit) is refused', async () => {
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024));
    assert.ok(bomb.byteLength < 200_000);
    await expectReport(await pdfWithRawAttachment(bomb), 'PDF-BOMB', 5000);
  });

  it('a DOCTYPE inside the XML embedded in a PDF is refused too', async () => {
    const xml = deflateSync(utf8(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>`));
    await expectReport(await pdfWithRawAttachment(xml), 'XML-DOCTYPE');
  });

  it('a wrong extension does not matter: the content decides', async () => {
    // The bytes of a UBL invoice, whatever the file is called, are detected as UBL.
    assert.equal((await detectFormat(sampleBytes('ubl/cen_guide-example3.xml'))).format, 'ubl-invoice');
    assert.equal((await detectFormat(sampleBytes('facturx/corpus_EN16931_Einfach.pdf'))).format, 'facturx');
    await expectReport(utf8('PK\u0003\u0004 this is a zip, not an invoice'), 'INPUT-FORMAT');
    await expectReport(new Uint8Array(0), 'INPUT-EMPTY');
  });

  it('the time budget per file is enforced', async () => {
    const report = await validateInvoice(sampleBytes('ubl/cen_ubl-tc434-example1.xml'), {
      ...DEFAULT_LIMITS,
      timeLimitMs: 0,
    });
    assert.equal(report.valid, false);
    assert.ok(report.findings.some((f) => f.rule === 'TIME-LIMIT' || f.rule === 'XML-TIME'));
  });

  it('a PDF whose cross-reference table holds a stray delimiter does not hang (regression, found by fuzzing)', async () => {
    // One more entry announced than written: the reader runs into "trailer <<" while reading entries.
    const text = new TextDecoder('latin1').decode(sampleBytes('facturx/mustang_EXTENDED_Fremdwaehrung_pdfa4.pdf'));
    assert.ok(text.includes('xref\n0 38\n'));
    const bytes = new Uint8Array(Buffer.from(text.replace('xref\n0 38\n', 'xref\n0 39\n'), 'latin1'));
    const started = performance.now();
    const report = await validateInvoice(bytes);
    assert.ok(performance.now() - started < 3000);
    assert.equal(typeof report.valid, 'boolean');
  });

  it('binary noise is refused with a reason', async () => {
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const report = await validateInvoice(noise);
    assert.equal(report.valid, false);
    assert.ok(report.detection.reason);
  });
});
