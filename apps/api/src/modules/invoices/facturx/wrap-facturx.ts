import { loadPdfLib, writeFacturx, type Invoice } from '@chorale/einvoice';

/**
 * The Factur-X step, kept apart from the page layout (pdf/invoice-pdf.ts): whatever PDF the
 * layout draws, this turns it into a PDF/A-3 carrying the CII `factur-x.xml` (profile EN 16931)
 * and the invoice's attachments as embedded files, as the Factur-X specification places them.
 */

export interface EmbeddedAttachment {
  fileName: string;
  description: string;
  bytes: Uint8Array;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  csv: 'text/csv',
  txt: 'text/plain',
  xml: 'application/xml',
  htm: 'text/html',
  html: 'text/html',
  xhtml: 'application/xhtml+xml',
  rtf: 'application/rtf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pps: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  zip: 'application/zip',
  gz: 'application/gzip',
  gzip: 'application/gzip',
  tgz: 'application/gzip',
  bz2: 'application/x-bzip2',
  p7s: 'application/pkcs7-signature',
};

/** factur-x.xml is reserved for the invoice's own XML: an attachment of that name is renamed. */
export function embeddedFileName(fileName: string): string {
  return fileName.toLowerCase() === 'factur-x.xml' ? `piece-jointe-${fileName}` : fileName;
}

/** PDF bytes + EN 16931 model (+ attachments) -> Factur-X PDF/A-3 bytes. */
export async function wrapFacturx(
  pdf: Uint8Array,
  invoice: Invoice,
  attachments: EmbeddedAttachment[],
  options: { now: Date },
): Promise<Uint8Array> {
  let base = pdf;
  if (attachments.length) {
    const { AFRelationship, PDFDocument } = await loadPdfLib();
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    for (const a of attachments) {
      const extension = a.fileName.split('.').pop()?.toLowerCase() ?? '';
      await doc.attach(a.bytes, embeddedFileName(a.fileName), {
        mimeType: MIME_BY_EXTENSION[extension] ?? 'application/octet-stream',
        description: a.description,
        creationDate: options.now,
        modificationDate: options.now,
        afRelationship: AFRelationship.Supplement,
      });
    }
    base = await doc.save({ useObjectStreams: false });
  }
  return writeFacturx(base, invoice, { profile: 'EN 16931', now: options.now });
}
