import { createRequire } from 'node:module';
import { finding, type Finding } from '../validation/finding.ts';
import { extractPageImages } from './page-images.ts';

export interface OcrProgress {
  readonly page: number;
  readonly pages: number;
  /** Tesseract's stage: "loading language traineddata", "recognizing text"… */
  readonly status: string;
  /** 0..1 within the stage. */
  readonly progress: number;
}

export interface OcrResult {
  readonly pages: string[];
  /** Mean confidence of the OCR engine, 0..1. */
  readonly confidence: number;
  readonly findings: Finding[];
}

// The French model ships in an npm package: no download at run time.
const FRENCH = createRequire(import.meta.url)('@tesseract.js-data/fra') as { langPath: string; gzip: boolean };

/**
 * OCR of a scanned PDF with tesseract.js and the offline French model, page by page, reporting
 * progress. Never throws: a failure gives a finding.
 */
export async function ocrPdf(bytes: Uint8Array, onProgress?: (p: OcrProgress) => void): Promise<OcrResult> {
  let images;
  try {
    images = await extractPageImages(bytes);
  } catch (e) {
    return {
      pages: [],
      confidence: 0,
      findings: [
        finding(
          'pdf',
          'OCR-IMAGES',
          'fatal',
          '/',
          `Images du PDF illisibles (${(e as Error).message}).`,
          `Cannot read the PDF's images (${(e as Error).message}).`,
        ),
      ],
    };
  }
  if (images.length === 0) {
    return {
      pages: [],
      confidence: 0,
      findings: [
        finding(
          'pdf',
          'OCR-IMAGES',
          'fatal',
          '/',
          "Aucune image exploitable dans le PDF scanné (format d'image non pris en charge) : saisissez les données de la facture.",
          'No usable image in the scanned PDF (unsupported image encoding): key in the invoice data.',
        ),
      ],
    };
  }
  let current = 0;
  // Loaded with the first OCR, not at the server's start (issue 13).
  const { createWorker, OEM } = await import('tesseract.js');
  const worker = await createWorker('fra', OEM.LSTM_ONLY, {
    langPath: FRENCH.langPath,
    gzip: FRENCH.gzip,
    cacheMethod: 'none',
    logger: (m: { status: string; progress: number }) =>
      onProgress?.({ page: current, pages: images.length, status: m.status, progress: m.progress }),
  });
  try {
    const pages: string[] = [];
    let confidence = 0;
    for (const image of images) {
      current = image.page;
      const { data } = await worker.recognize(Buffer.from(image.file));
      pages.push(data.text);
      confidence += data.confidence / 100;
    }
    return { pages, confidence: confidence / images.length, findings: [] };
  } catch (e) {
    return {
      pages: [],
      confidence: 0,
      findings: [
        finding(
          'pdf',
          'OCR-FAILED',
          'fatal',
          '/',
          `Échec de la reconnaissance de caractères (${(e as Error).message}).`,
          `Character recognition failed (${(e as Error).message}).`,
        ),
      ],
    };
  } finally {
    await worker.terminate();
  }
}
