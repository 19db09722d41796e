import { finding, type Finding } from '../validation/finding.ts';
import { ocrPdf, type OcrProgress } from './ocr.ts';
import { recogniseInvoiceText, type Proposal, type Recognition } from './recognise-text.ts';

export interface PdfTextResult {
  readonly pages: string[];
  /** True when the PDF has (almost) no text layer: a scan that needs OCR. */
  readonly scanned: boolean;
  readonly recognition: Recognition | null;
  /** Mean OCR confidence (0..1) when the text comes from OCR, else null. */
  readonly ocrConfidence: number | null;
  readonly findings: Finding[];
}

export interface PlainPdfOptions {
  /** Run OCR on scanned pages (default true); it takes seconds per page. */
  readonly ocr?: boolean;
  readonly onProgress?: (p: OcrProgress) => void;
}

/** Proposals read through OCR are only as sure as the OCR itself. */
function scaled(r: Recognition, factor: number): Recognition {
  const f = <T>(p: Proposal<T> | null): Proposal<T> | null =>
    p ? { ...p, confidence: Math.round(p.confidence * factor * 100) / 100 } : null;
  return {
    invoiceNumber: f(r.invoiceNumber),
    issueDate: f(r.issueDate),
    sirets: r.sirets.map((p) => f(p)!),
    vatNumbers: r.vatNumbers.map((p) => f(p)!),
    totalWithoutVat: f(r.totalWithoutVat),
    vatTotal: f(r.vatTotal),
    totalWithVat: f(r.totalWithVat),
    amountDue: f(r.amountDue),
  };
}

/**
 * Text of a plain PDF (pdf.js through unpdf) and the fields the recogniser proposes from it.
 * Never throws: an unreadable PDF gives a finding.
 */
export async function readPlainPdf(bytes: Uint8Array, options: PlainPdfOptions = {}): Promise<PdfTextResult> {
  // Loaded with the first PDF read, not at the server's start (issue 13).
  const { extractText, getDocumentProxy } = await import('unpdf');
  let pages: string[];
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false });
    const result = await extractText(pdf, { mergePages: false });
    pages = Array.isArray(result.text) ? result.text : [result.text];
    await pdf.destroy();
  } catch (e) {
    return {
      pages: [],
      scanned: false,
      recognition: null,
      ocrConfidence: null,
      findings: [
        finding(
          'pdf',
          'PDF-TEXT',
          'fatal',
          '/',
          `Impossible d'extraire le texte du PDF (${(e as Error).message}) : saisissez les données de la facture.`,
          `Cannot extract the PDF's text (${(e as Error).message}): key in the invoice data.`,
        ),
      ],
    };
  }
  const letters = pages.join('').replace(/\s+/g, '').length;
  const scanned = letters < 20 * Math.max(1, pages.length);
  if (scanned) {
    const notice = finding(
      'pdf',
      'PDF-SCANNED',
      'warning',
      '/',
      'PDF sans couche texte (document scanné) : valeurs lues par reconnaissance de caractères (OCR), à vérifier.',
      'PDF without a text layer (scanned document): values read by character recognition (OCR), to be checked.',
    );
    if (options.ocr === false) return { pages, scanned, recognition: null, ocrConfidence: null, findings: [notice] };
    const ocr = await ocrPdf(bytes, options.onProgress);
    const recognition =
      ocr.pages.length > 0 ? scaled(recogniseInvoiceText(ocr.pages.join('\n')), ocr.confidence) : null;
    return {
      pages: ocr.pages,
      scanned,
      recognition,
      ocrConfidence: ocr.confidence,
      findings: [notice, ...ocr.findings],
    };
  }
  return { pages, scanned, recognition: recogniseInvoiceText(pages.join('\n')), ocrConfidence: null, findings: [] };
}
