import { profileOfConformanceLevel, type FacturxProfile } from './facturx/profile.ts';
import { readPdf, type PdfAttachment, type XmpInfo } from './pdf/read-pdf.ts';
import { finding, type Finding } from './validation/finding.ts';
import { DEFAULT_LIMITS, type InputLimits } from './xml/limits.ts';
import { parseXmlSafely } from './xml/safe-parse.ts';
import { NS, type XmlElement } from './xml/xml-node.ts';

export const FORMATS = ['facturx', 'pdf', 'ubl-invoice', 'ubl-creditnote', 'cii', 'unknown'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTAINERS = ['xml', 'pdf', 'pdf-with-embedded-xml', 'other'] as const;
export type Container = (typeof CONTAINERS)[number];

export interface Detection {
  readonly format: Format;
  readonly container: Container;
  /** Profile announced by the PDF's XMP (fx:ConformanceLevel), Factur-X only. */
  readonly profile: FacturxProfile | null;
  readonly xmpConformanceLevel: string | null;
  readonly pdfaPart: string | null;
  /** Name of the embedded invoice XML (factur-x.xml, xrechnung.xml…), Factur-X only. */
  readonly invoiceXmlName: string | null;
  readonly attachments: { name: string; afRelationship: string | null; bytes: number }[];
  /** Why the file is not a supported e-invoice, in French and English (format "unknown"). */
  readonly reason: { fr: string; en: string } | null;
}

/** Detection plus what was read to reach it, so that parsing does not read the file twice. */
export interface Inspection {
  readonly detection: Detection;
  readonly root: XmlElement | null;
  /** The invoice XML as found: the file itself, or the XML embedded in the PDF. */
  readonly xmlBytes: Uint8Array | null;
  readonly findings: Finding[];
}

const INVOICE_XML_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml', 'order-x.xml'];

function base(format: Format, container: Container, reason: Detection['reason'] = null): Detection {
  return {
    format,
    container,
    profile: null,
    xmpConformanceLevel: null,
    pdfaPart: null,
    invoiceXmlName: null,
    attachments: [],
    reason,
  };
}

function classifyRoot(root: XmlElement): { format: Format; reason: Detection['reason'] } {
  if (root.ns === NS.ublInvoice && root.local === 'Invoice') return { format: 'ubl-invoice', reason: null };
  if (root.ns === NS.ublCreditNote && root.local === 'CreditNote') return { format: 'ubl-creditnote', reason: null };
  if (root.ns === NS.rsm && root.local === 'CrossIndustryInvoice') return { format: 'cii', reason: null };
  const name = `{${root.ns}}${root.local}`;
  if (root.ns === NS.zugferd1) {
    return {
      format: 'unknown',
      reason: {
        fr: `XML ZUGFeRD 1.0 (${name}) : ancien format, antérieur à EN 16931, non accepté. Produisez une facture Factur-X / ZUGFeRD 2 (CII D16B).`,
        en: `ZUGFeRD 1.0 XML (${name}): legacy format predating EN 16931, not accepted. Produce a Factur-X / ZUGFeRD 2 (CII D16B) invoice.`,
      },
    };
  }
  return {
    format: 'unknown',
    reason: {
      fr: `XML bien formé mais l'élément racine ${name} n'est ni une facture UBL (Invoice, CreditNote) ni une facture CII (rsm:CrossIndustryInvoice).`,
      en: `Well-formed XML, but the root element ${name} is neither UBL Invoice/CreditNote nor CII CrossIndustryInvoice.`,
    },
  };
}

function pickInvoiceXml(attachments: PdfAttachment[], xmp: XmpInfo | null): PdfAttachment | null {
  const byName = (n: string) => attachments.find((a) => a.name.toLowerCase() === n.toLowerCase());
  if (xmp?.documentFileName) {
    const named = byName(xmp.documentFileName);
    if (named) return named;
  }
  for (const n of INVOICE_XML_NAMES) {
    const a = byName(n);
    if (a) return a;
  }
  return attachments.find((a) => a.name.toLowerCase().endsWith('.xml')) ?? null;
}

function looksLikePdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

/** Reads just enough of the file to say what it is; never throws. */
export async function inspect(bytes: Uint8Array, limits: InputLimits = DEFAULT_LIMITS): Promise<Inspection> {
  if (bytes.byteLength === 0) {
    return {
      detection: base('unknown', 'other', { fr: 'Fichier vide.', en: 'Empty file.' }),
      root: null,
      xmlBytes: null,
      findings: [
        finding(
          'input',
          'INPUT-EMPTY',
          'fatal',
          '/',
          'Le fichier est vide : déposez la facture elle-même.',
          'The file is empty: upload the invoice itself.',
        ),
      ],
    };
  }
  if (looksLikePdf(bytes)) return inspectPdf(bytes, limits);
  const head = new TextDecoder('latin1')
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '')
    .trimStart();
  if (!head.startsWith('<') && !(bytes[0] === 0xfe || bytes[0] === 0xff)) {
    const reason = {
      fr: 'Ni un PDF ni un fichier XML : formats acceptés UBL 2.1, CII D16B, Factur-X (PDF).',
      en: 'Neither a PDF nor an XML file: accepted formats are UBL 2.1, CII D16B, Factur-X (PDF).',
    };
    return {
      detection: base('unknown', 'other', reason),
      root: null,
      xmlBytes: null,
      findings: [finding('input', 'INPUT-FORMAT', 'fatal', '/', reason.fr, reason.en)],
    };
  }
  const parsed = parseXmlSafely(bytes, limits);
  if (!parsed.ok) {
    const first = parsed.findings.find((f) => f.severity === 'fatal');
    return {
      detection: base('unknown', 'xml', first ? first.message : { fr: 'XML illisible.', en: 'Unreadable XML.' }),
      root: null,
      xmlBytes: null,
      findings: parsed.findings,
    };
  }
  const { format, reason } = classifyRoot(parsed.root);
  const findings = [...parsed.findings];
  if (reason) findings.push(finding('input', 'INPUT-FORMAT', 'fatal', '/', reason.fr, reason.en));
  return {
    detection: base(format, 'xml', reason),
    root: format === 'unknown' ? null : parsed.root,
    xmlBytes: format === 'unknown' ? null : bytes,
    findings,
  };
}

async function inspectPdf(bytes: Uint8Array, limits: InputLimits): Promise<Inspection> {
  const pdf = await readPdf(bytes, limits);
  if (!pdf.ok) {
    const first = pdf.findings[0]!;
    return { detection: base('unknown', 'pdf', first.message), root: null, xmlBytes: null, findings: pdf.findings };
  }
  const info = {
    xmpConformanceLevel: pdf.xmp?.conformanceLevel ?? null,
    pdfaPart: pdf.xmp?.pdfaPart ?? null,
    attachments: pdf.attachments.map((a) => ({
      name: a.name,
      afRelationship: a.afRelationship,
      bytes: a.bytes.byteLength,
    })),
  };
  const invoiceXml = pickInvoiceXml(pdf.attachments, pdf.xmp);
  if (!invoiceXml) {
    return { detection: { ...base('pdf', 'pdf'), ...info }, root: null, xmlBytes: null, findings: pdf.findings };
  }
  const parsed = parseXmlSafely(invoiceXml.bytes, limits);
  const findings = [
    ...pdf.findings,
    ...parsed.findings.map((f) => ({ ...f, location: `${invoiceXml.name}${f.location}` })),
  ];
  const detected = {
    ...base('facturx', 'pdf-with-embedded-xml'),
    ...info,
    profile: profileOfConformanceLevel(info.xmpConformanceLevel),
    invoiceXmlName: invoiceXml.name,
  };
  if (!parsed.ok) {
    const reason = parsed.findings.find((f) => f.severity === 'fatal')?.message ?? {
      fr: 'XML embarqué illisible.',
      en: 'Unreadable embedded XML.',
    };
    return { detection: { ...detected, format: 'unknown', reason }, root: null, xmlBytes: null, findings };
  }
  const { format, reason } = classifyRoot(parsed.root);
  if (format !== 'cii') {
    const why = reason ?? {
      fr: `Le PDF embarque ${invoiceXml.name} en UBL : Factur-X exige du CII D16B.`,
      en: `The PDF embeds ${invoiceXml.name} as UBL: Factur-X requires CII D16B.`,
    };
    findings.push(finding('input', 'INPUT-FORMAT', 'fatal', invoiceXml.name, why.fr, why.en));
    return { detection: { ...detected, format: 'unknown', reason: why }, root: null, xmlBytes: null, findings };
  }
  return { detection: detected, root: parsed.root, xmlBytes: invoiceXml.bytes, findings };
}

/** What the file is: Factur-X, plain PDF, UBL Invoice, UBL CreditNote, CII, or unknown with a reason. */
export async function detectFormat(bytes: Uint8Array, limits: InputLimits = DEFAULT_LIMITS): Promise<Detection> {
  return (await inspect(bytes, limits)).detection;
}
