import { parseCii } from './cii/parse-cii.ts';
import { inspect, type Detection } from './detect.ts';
import type { Invoice } from './model/invoice.ts';
import { parseUbl } from './ubl/parse-ubl.ts';
import { finding, type Finding } from './validation/finding.ts';
import { DEFAULT_LIMITS, type InputLimits } from './xml/limits.ts';
import type { XmlElement } from './xml/xml-node.ts';

export interface ParseResult {
  readonly detection: Detection;
  /** Null when the file holds no structured invoice (plain PDF, unknown format, broken XML). */
  readonly invoice: Invoice | null;
  /** The XML the invoice was read from, for the rules that look at the syntax itself. */
  readonly root: XmlElement | null;
  /** The invoice XML as found (the file, or the XML embedded in a Factur-X PDF). */
  readonly xmlBytes: Uint8Array | null;
  readonly findings: Finding[];
}

/** What a file read for nothing gives: no format detected (`reason` says why, where known). */
export function unreadFile(reason: Detection['reason']): ParseResult {
  const detection: Detection = {
    format: 'unknown',
    container: 'other',
    profile: null,
    xmpConformanceLevel: null,
    pdfaPart: null,
    invoiceXmlName: null,
    attachments: [],
    reason,
  };
  return { detection, invoice: null, root: null, xmlBytes: null, findings: [] };
}

export function invoiceFromRoot(root: XmlElement): Invoice {
  return root.local === 'CrossIndustryInvoice' ? parseCii(root) : parseUbl(root);
}

/** Any supported file -> the neutral EN 16931 model; problems come back as findings. */
export async function parseInvoice(bytes: Uint8Array, limits: InputLimits = DEFAULT_LIMITS): Promise<ParseResult> {
  const { detection, root, xmlBytes, findings } = await inspect(bytes, limits);
  if (detection.format === 'pdf') {
    return {
      detection,
      invoice: null,
      root: null,
      xmlBytes: null,
      findings: [
        ...findings,
        finding(
          'input',
          'PDF-NO-XML',
          'fatal',
          '/',
          'PDF sans données structurées (pas de XML Factur-X embarqué) : déposez une facture Factur-X, UBL ou CII, ou saisissez les données de la facture.',
          'PDF without structured data (no embedded Factur-X XML): send a Factur-X, UBL or CII invoice, or key in the invoice data.',
        ),
      ],
    };
  }
  if (!root) return { detection, invoice: null, root: null, xmlBytes: null, findings };
  return { detection, invoice: invoiceFromRoot(root), root, xmlBytes, findings };
}
