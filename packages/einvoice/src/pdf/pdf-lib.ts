import type * as PdfLibModule from 'pdf-lib';

export type PdfLib = typeof PdfLibModule;

let loaded: PdfLib | undefined;

/**
 * pdf-lib, imported with the first PDF read or written rather than at start-up: it is ~6 MB of
 * every server process's memory (issue 13), and only the PDF routes (layouts, Factur-X, intake of
 * a PDF, OCR) use it. A failed import is not kept: the next call tries again.
 */
export async function loadPdfLib(): Promise<PdfLib> {
  loaded ??= await import('pdf-lib');
  return loaded;
}

/** pdf-lib once `loadPdfLib()` has resolved (code that runs on a document it opened). */
export function pdfLib(): PdfLib {
  if (!loaded) throw new Error('pdf-lib is not loaded yet: await loadPdfLib() first');
  return loaded;
}
