import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { sentInvoiceView as view } from '../../../testing/fixtures.ts';
import { depositDocument } from '../certificate.ts';
import { certificatePdf, howToCheck } from './certificate-pdf.ts';
import { invoicePdf } from './invoice-pdf.ts';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}
describe('issue 14: the invoice PDF carries what French law requires between professionals', () => {
  test('due date and payment terms, penalty rate, 40 € indemnity, both VAT numbers, IBAN in fours', async () => {
    const text = await pdfText(await invoicePdf(view()));
    assert.match(text, /Date d’échéance 31\/12\/2026/, 'received on 1 December (Paris), due 30 days later');
    assert.match(text, /à 30 jours à compter de la réception de la facture/);
    assert.match(text, /majoré de huit points/);
    assert.match(text, /Indemnité forfaitaire pour frais de recouvrement 40,00 €/);
    assert.match(text, /aucun escompte pour paiement anticipé/);
    assert.match(text, /N° de TVA intracommunautaire : FR\d{2}899346076/, 'the supplier’s');
    assert.match(text, /N° de TVA intracommunautaire : FR\d{2}130017270/, 'the recipient’s');
    assert.match(text, /IBAN FR76 3000 6000 0112 3456 7890 189/);
  });

  test('every amount is formatted the same way (a unit price like a total)', async () => {
    const text = await pdfText(await invoicePdf(view()));
    assert.match(text, /1 234,50/, 'the unit price, grouped, two decimals (was « 1234.5 »)');
    assert.match(text, /24 690,00/);
    assert.match(text, /27 159,00 €/);
    assert.ok(!/\d\.\d/.test(text.replace(/\d{2}\/\d{2}\/\d{4}/g, '')), 'no decimal point anywhere');
  });

  test('a Unicode font is embedded as a subset: no « ? » for Polish, Greek, Cyrillic or « ’ »', async () => {
    const bytes = await invoicePdf(view());
    const text = await pdfText(bytes);
    for (const s of ['Łukasz Żółć’s', 'Αθήνα', 'Москва']) assert.ok(text.includes(s), `${s} is printed as typed`);
    assert.ok(!text.includes('?'), 'nothing replaced by « ? »');
    const doc = await PDFDocument.load(bytes);
    const dicts = doc.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict);
    const baseFonts = dicts
      .filter((d) => d.get(PDFName.of('Type')) === PDFName.of('Font') && d.has(PDFName.of('BaseFont')))
      .map((d) => String(d.get(PDFName.of('BaseFont'))));
    assert.ok(
      baseFonts.length > 0 && baseFonts.every((f) => /^\/NotoSans-(Regular|Bold)/.test(f)),
      baseFonts.join(' '),
    );
    assert.ok(
      dicts.some((d) => d.has(PDFName.of('FontFile2'))),
      'the font file is embedded',
    );
    assert.ok(bytes.length < 200_000, `a subset, not the whole 600 kB font files (${bytes.length} bytes)`);
  });
});

describe('issue 14: the deposit certificate reads as proof for an accountant', () => {
  test('Paris date and time in words, the essentials, the fingerprint and how to check it', async () => {
    const v = view();
    const text = await pdfText(await certificatePdf(v));
    assert.match(text, /déposée le mardi 1 décembre 2026 à 05 h 30 min 00 s \(heure de Paris\)/);
    for (const s of [
      'LECOINTRE PARIS',
      'CCI REGION PARIS ILE FRANCE',
      '20260000000007',
      '30/11/2026',
      'EJ-442136',
      'Net à payer 27 159,00 €',
      v.certificate!,
      howToCheck,
    ])
      assert.ok(text.includes(s), `the certificate shows ${s}`);
  });

  test('the recipe of docs/adr/0003 recomputes the fingerprint from the exported data', (t) => {
    const v = view();
    const exported = JSON.stringify({ certificate: v.certificate, document: depositDocument(v) });
    const jq = spawnSync('sh', ['-c', 'jq -cjS .document | openssl dgst -sha256 -binary | base64'], {
      input: exported,
      encoding: 'utf8',
    });
    if (jq.error || jq.status !== 0) return t.skip('jq and openssl are not installed here');
    assert.equal(jq.stdout.trim(), v.certificate);
  });
});
