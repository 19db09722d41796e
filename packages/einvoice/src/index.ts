export { detectFormat, FORMATS, type Detection, type Format } from "./detect.ts";
export { parseInvoice, type ParseResult } from "./parse.ts";
export type * from "./model/invoice.ts";
export { TERMS, listTerms, type TermValue } from "./model/terms.ts";
export type { Finding, Severity } from "./validation/finding.ts";
export { DEFAULT_LIMITS, type InputLimits } from "./xml/limits.ts";
