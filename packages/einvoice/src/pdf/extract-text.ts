import { extractText, getDocumentProxy } from "unpdf";
import { finding, type Finding } from "../validation/finding.ts";
import { recogniseInvoiceText, type Recognition } from "./recognise-text.ts";

export interface PdfTextResult {
  readonly pages: string[];
  /** True when the PDF has (almost) no text layer: a scan that needs OCR. */
  readonly scanned: boolean;
  readonly recognition: Recognition | null;
  readonly findings: Finding[];
}

/**
 * Text of a plain PDF (pdf.js through unpdf) and the fields the recogniser proposes from it.
 * Never throws: an unreadable PDF gives a finding.
 */
export async function readPlainPdf(bytes: Uint8Array): Promise<PdfTextResult> {
  let pages: string[];
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false });
    const result = await extractText(pdf, { mergePages: false });
    pages = Array.isArray(result.text) ? result.text : [result.text];
    await pdf.destroy();
  } catch (e) {
    return { pages: [], scanned: false, recognition: null, findings: [finding("pdf", "PDF-TEXT", "fatal", "/",
      `Impossible d'extraire le texte du PDF (${(e as Error).message}) : saisissez les données de la facture.`,
      `Cannot extract the PDF's text (${(e as Error).message}): key in the invoice data.`)] };
  }
  const letters = pages.join("").replace(/\s+/g, "").length;
  const scanned = letters < 20 * Math.max(1, pages.length);
  if (scanned) {
    return { pages, scanned, recognition: null, findings: [finding("pdf", "PDF-SCANNED", "warning", "/",
      "PDF sans couche texte (document scanné) : une reconnaissance de caractères (OCR) est nécessaire.",
      "PDF without a text layer (scanned document): character recognition (OCR) is needed.")] };
  }
  return { pages, scanned, recognition: recogniseInvoiceText(pages.join("\n")), findings: [] };
}
