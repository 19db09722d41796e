import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { loadExpected, sampleBytes } from '../test-support/samples.ts';
import { readPlainPdf } from './extract-text.ts';
import { frenchVatFromSiren, luhnValid, siretValid } from './french-identifiers.ts';
import { normaliseAmount, normaliseDate, recogniseInvoiceText } from './recognise-text.ts';

/** A valid SIRET for a SIREN: the first NIC whose Luhn checksum works. */
function siretFor(siren: string): string {
  for (let nic = 10; nic < 100000; nic++) {
    const candidate = siren + String(nic).padStart(5, '0');
    if (luhnValid(candidate)) return candidate;
  }
  throw new Error('no NIC');
}

async function frenchInvoicePdf(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 11, font }));
  return doc.save();
}

describe('plain PDF recogniser', () => {
  it('proposes the values of the Factur-X twin of a plain PDF invoice', async () => {
    const twin = loadExpected()['facturx/mustang_RE-20201121_508.pdf']!;
    const { recognition, scanned } = await readPlainPdf(sampleBytes('pdf/mustang_RE-20201121_508_blanko.pdf'));
    assert.equal(scanned, false);
    assert.ok(recognition);
    assert.equal(recognition.invoiceNumber?.value, twin.invoiceNumber);
    assert.equal(recognition.issueDate?.value, twin.issueDate);
    assert.equal(recognition.totalWithoutVat?.value, twin.totals!['totalWithoutVat']);
    assert.equal(recognition.vatTotal?.value, twin.totals!['vatTotal']);
    assert.equal(recognition.amountDue?.value, twin.totals!['amountDue']);
    assert.equal(recognition.totalWithVat?.value, twin.totals!['totalWithVat']);
    assert.ok(recognition.vatNumbers.some((v) => v.value === twin.seller!.vatId));
    assert.ok(recognition.totalWithoutVat!.confidence >= 0.9, 'totals that add up are trusted');
  });

  it('reads a French invoice: number, date, SIRET (checksum), VAT number (key), HT/TVA/TTC/net à payer', async () => {
    const siret = siretFor('732829320');
    const vat = frenchVatFromSiren('732829320');
    const pdf = await frenchInvoicePdf([
      'ENTREPRISE EXEMPLE SAS',
      `SIRET : ${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`,
      `N° TVA intracommunautaire : ${vat}`,
      'FACTURE N° F2026-0042',
      'Date de facture : 15/03/2026',
      'Destinataire : Mairie de Exemple, SIRET 21750001600019',
      'Total HT : 1 000,00 €',
      'TVA 20 % : 200,00 €',
      'Total TTC : 1 200,00 €',
      'Acompte versé : 200,00 €',
      'Net à payer : 1 000,00 €',
    ]);
    const { recognition } = await readPlainPdf(pdf);
    assert.ok(recognition);
    assert.equal(recognition.invoiceNumber?.value, 'F2026-0042');
    assert.equal(recognition.issueDate?.value, '2026-03-15');
    assert.deepEqual(
      recognition.sirets.map((s) => s.value),
      [siret, '21750001600019'].filter(siretValid),
    );
    assert.equal(recognition.sirets[0]!.confidence, 0.95);
    assert.equal(recognition.vatNumbers[0]?.value, vat);
    assert.equal(recognition.vatNumbers[0]?.confidence, 0.95);
    assert.equal(recognition.totalWithoutVat?.value, '1000.00');
    assert.equal(recognition.vatTotal?.value, '200.00');
    assert.equal(recognition.totalWithVat?.value, '1200.00');
    assert.equal(recognition.totalWithVat?.confidence, 0.95);
    assert.equal(recognition.amountDue?.value, '1000.00');
  });

  it('normalises French and English amounts and dates, and rejects what is not one', () => {
    assert.equal(normaliseAmount('1 234,56 €'), '1234.56');
    assert.equal(normaliseAmount('1,234.56'), '1234.56');
    assert.equal(normaliseAmount('1.234,56'), '1234.56');
    assert.equal(normaliseAmount('abc'), null);
    assert.equal(normaliseDate('05/04/2026'), '2026-04-05');
    assert.equal(normaliseDate('1er mars 2026'), '2026-03-01');
    assert.equal(normaliseDate('2026-13-40'), null);
    const noisy = recogniseInvoiceText('Téléphone 01 23 45 67 89, SIRET 123 456 789 00000 invalide');
    assert.deepEqual(noisy.sirets, [], 'a SIRET failing the checksum is not proposed');
  });

  it('a PDF without text layer is flagged as scanned (OCR can be skipped)', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const { scanned, findings, recognition } = await readPlainPdf(await doc.save(), { ocr: false });
    assert.equal(scanned, true);
    assert.equal(recognition, null);
    assert.ok(findings.some((f) => f.rule === 'PDF-SCANNED'));
  });
});
