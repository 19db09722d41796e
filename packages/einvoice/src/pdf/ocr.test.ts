import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { drawText } from '../test-support/bitmap-font.ts';
import { readPlainPdf } from './extract-text.ts';
import type { OcrProgress } from './ocr.ts';
import { encodePng } from './png.ts';

/** A one-page "scan": an image of text, no text layer. */
async function scannedInvoice(lines: string[]): Promise<Uint8Array> {
  const image = drawText(lines, 6);
  const doc = await PDFDocument.create();
  const page = doc.addPage([image.width, image.height]);
  const png = await doc.embedPng(encodePng(image.pixels, image.width, image.height, 1));
  page.drawImage(png, { x: 0, y: 0, width: image.width, height: image.height });
  return doc.save();
}

describe('OCR of scanned PDFs (tesseract.js, offline French model)', () => {
  it("reads the totals of a scanned invoice, reports progress, and lowers confidence by the OCR's", async () => {
    const pdf = await scannedInvoice(['FACTURE', 'TOTAL HT 100,00', 'TVA 20,00', 'TOTAL TTC 120,00']);
    const progress: OcrProgress[] = [];
    const result = await readPlainPdf(pdf, { onProgress: (p) => progress.push(p) });
    assert.equal(result.scanned, true);
    assert.ok(result.findings.some((f) => f.rule === 'PDF-SCANNED' && f.severity === 'warning'));
    assert.match(result.pages.join('\n'), /TOTAL/);
    assert.ok(
      progress.some((p) => p.status === 'recognizing text' && p.progress === 1 && p.page === 1 && p.pages === 1),
      'progress reported',
    );
    const rec = result.recognition!;
    assert.equal(rec.totalWithoutVat?.value, '100.00');
    assert.equal(rec.vatTotal?.value, '20.00');
    assert.equal(rec.totalWithVat?.value, '120.00');
    assert.ok(result.ocrConfidence! > 0 && result.ocrConfidence! <= 1);
    assert.ok(rec.totalWithVat!.confidence < 0.95, 'OCR values are less sure than text-layer values');
  });
});
