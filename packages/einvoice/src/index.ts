/** @chorale/einvoice: EN 16931 e-invoices (UBL 2.1, CII D16B, Factur-X) read, checked and written. */
export { detectFormat, FORMATS, CONTAINERS, type Detection, type Format, type Container } from './detect.ts';
export { parseInvoice, type ParseResult } from './parse.ts';
export type * from './model/invoice.ts';
export { TERMS, listTerms, type TermValue } from './model/terms.ts';
// validateInvoice imports its rules at its first call (validate-lazily.ts, issue 13: a server
// process that validates in its threads does not hold them); checkEn16931, run on a parsed invoice,
// is imported from its own file (./validation/en16931.ts) by who needs it.
export { validateInvoice } from './validation/validate-lazily.ts';
export type { ValidationReport } from './validation/validate.ts';
export { ValidationPool, validationPool, type ValidationPoolOptions } from './validation/validation-pool.ts';
export { SEVERITIES, FINDING_SOURCES, type Finding, type Severity, type FindingSource } from './validation/finding.ts';
export { writeUbl } from './ubl/write-ubl.ts';
export { writeCii } from './cii/write-cii.ts';
export { writeFacturx, type FacturxOptions } from './facturx/write-facturx.ts';
export { FACTURX_PROFILES, type FacturxProfile } from './facturx/profile.ts';
export { loadPdfLib, pdfLib, type PdfLib } from './pdf/pdf-lib.ts';
export { readPlainPdf, type PdfTextResult, type PlainPdfOptions } from './pdf/extract-text.ts';
export { ocrPdf, type OcrProgress, type OcrResult } from './pdf/ocr.ts';
export { recogniseInvoiceText, type Recognition, type Proposal } from './pdf/recognise-text.ts';
export { siretValid, frenchVatValid, frenchVatFromSiren } from './pdf/french-identifiers.ts';
export { DEFAULT_LIMITS, type InputLimits } from './xml/limits.ts';
export { escapeXml } from './xml/write-xml.ts';
