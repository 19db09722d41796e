/**
 * What a file really is, from its first bytes: a name ending in « .pdf » is not trusted. Formats
 * without a signature (text, CSV, XML, HTML, SVG) are accepted when they contain no NUL byte.
 */
const signatures: { exts: string[]; test: (b: Buffer) => boolean }[] = [
  { exts: ['PDF'], test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  {
    exts: ['PNG'],
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { exts: ['JPG', 'JPEG'], test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { exts: ['GIF'], test: (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')) },
  { exts: ['BMP'], test: (b) => b.subarray(0, 2).toString('latin1') === 'BM' },
  { exts: ['TIF', 'TIFF', 'FAX'], test: (b) => ['II*\0', 'MM\0*'].includes(b.subarray(0, 4).toString('latin1')) },
  {
    exts: ['ZIP', 'DOCX', 'XLSX', 'PPTX', 'ODT', 'ODS', 'ODP'],
    test: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  { exts: ['GZ', 'GZIP', 'TGZ'], test: (b) => b[0] === 0x1f && b[1] === 0x8b },
  { exts: ['BZ2'], test: (b) => b.subarray(0, 3).toString('latin1') === 'BZh' },
  {
    exts: ['DOC', 'XLS', 'PPT', 'PPS', 'XLC', 'XLM'],
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
  },
  { exts: ['RTF'], test: (b) => b.subarray(0, 5).toString('latin1') === '{\\rtf' },
  { exts: ['P7S'], test: (b) => b[0] === 0x30 || b.subarray(0, 5).toString('latin1') === '-----' },
];
const textual = new Set(['TXT', 'CSV', 'XML', 'HTM', 'HTML', 'XHTML', 'SVG']);

export function contentMatchesExtension(ext: string, bytes: Buffer): boolean {
  const upper = ext.toUpperCase();
  if (textual.has(upper)) return !bytes.includes(0);
  const sig = signatures.find((s) => s.exts.includes(upper));
  return sig ? sig.test(bytes) : false;
}

export const mimeTypes: Record<string, string> = {
  PDF: 'application/pdf',
  PNG: 'image/png',
  JPG: 'image/jpeg',
  JPEG: 'image/jpeg',
  GIF: 'image/gif',
  XML: 'application/xml',
  TXT: 'text/plain',
  CSV: 'text/csv',
  ZIP: 'application/zip',
};
