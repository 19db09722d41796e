import type { PDFDict, PDFDocument, PDFObject } from 'pdf-lib';
import { finding, type Finding } from '../validation/finding.ts';
import { DEFAULT_LIMITS, type InputLimits } from '../xml/limits.ts';
import { decodeStream, StreamTooLarge } from './inflate.ts';
import { loadPdfLib, pdfLib } from './pdf-lib.ts';
import { readPdfLazily } from './read-pdf-lazy.ts';

export interface PdfAttachment {
  readonly name: string;
  /** /AFRelationship without the slash (Source, Data, Alternative…), null when absent. */
  readonly afRelationship: string | null;
  readonly mimeType: string | null;
  readonly description: string | null;
  readonly bytes: Uint8Array;
  /** True when the file specification is listed in the catalogue's /AF array. */
  readonly inAf: boolean;
}

export interface XmpInfo {
  readonly conformanceLevel: string | null;
  readonly documentFileName: string | null;
  readonly documentType: string | null;
  readonly version: string | null;
  readonly pdfaPart: string | null;
  readonly pdfaConformance: string | null;
}

export type PdfReadResult =
  | {
      readonly ok: true;
      readonly pageCount: number;
      readonly attachments: PdfAttachment[];
      readonly xmp: XmpInfo | null;
      readonly findings: Finding[];
    }
  | { readonly ok: false; readonly findings: Finding[] };

function pdfText(obj: PDFObject | undefined): string | null {
  const { PDFHexString, PDFName, PDFString } = pdfLib();
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  if (obj instanceof PDFName) return obj.decodeText();
  return null;
}

function fileSpecs(doc: PDFDocument): { spec: PDFDict; key: string | null }[] {
  const { PDFArray, PDFDict, PDFName } = pdfLib();
  const out: { spec: PDFDict; key: string | null }[] = [];
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const seen = new Set<PDFDict>();
  const walk = (node: PDFDict, depth: number): void => {
    if (depth > 32 || seen.has(node)) return;
    seen.add(node);
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    if (pairs) {
      for (let i = 0; i + 1 < pairs.size(); i += 2) {
        const spec = pairs.lookup(i + 1);
        if (spec instanceof PDFDict) out.push({ spec, key: pdfText(pairs.lookup(i)) });
      }
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    if (kids)
      for (let i = 0; i < kids.size(); i++) {
        const kid = kids.lookup(i);
        if (kid instanceof PDFDict) walk(kid, depth + 1);
      }
  };
  if (tree) walk(tree, 0);
  return out;
}

function readXmp(doc: PDFDocument, maxBytes: number): XmpInfo | null {
  const { PDFName, PDFRawStream } = pdfLib();
  const stream = doc.catalog.lookup(PDFName.of('Metadata'));
  if (!(stream instanceof PDFRawStream)) return null;
  return parseXmp(new TextDecoder().decode(decodeStream(stream, maxBytes)));
}

/** The Factur-X and PDF/A properties of an XMP packet. */
export function parseXmp(xmp: string): XmpInfo {
  // XMP writes properties either as elements or as attributes, under varying prefixes.
  const prop = (local: string): string | null => {
    const m =
      new RegExp(`<(?:[\\w-]+:)?${local}>\\s*([^<]*?)\\s*</`).exec(xmp) ??
      new RegExp(`\\s(?:[\\w-]+:)?${local}="([^"]*)"`).exec(xmp);
    return m ? m[1]! : null;
  };
  return {
    conformanceLevel: prop('ConformanceLevel'),
    documentFileName: prop('DocumentFileName'),
    documentType: prop('DocumentType'),
    version: prop('Version'),
    pdfaPart: prop('part'),
    pdfaConformance: prop('conformance'),
  };
}

/** Opens a PDF and lists its embedded files (name tree and /AF) and XMP; never throws. */
export async function readPdf(bytes: Uint8Array, limits: InputLimits = DEFAULT_LIMITS): Promise<PdfReadResult> {
  if (bytes.byteLength > limits.maxPdfBytes) {
    return {
      ok: false,
      findings: [
        finding(
          'pdf',
          'PDF-SIZE',
          'fatal',
          '/',
          `PDF trop volumineux (${bytes.byteLength} octets, maximum ${limits.maxPdfBytes}) : réduisez sa taille (images compressées).`,
          `PDF too large (${bytes.byteLength} bytes, maximum ${limits.maxPdfBytes}): reduce its size.`,
        ),
      ],
    };
  }
  try {
    const lazy = readPdfLazily(bytes, limits.maxXmlBytes);
    if (lazy) return { ok: true, ...lazy, findings: [] };
  } catch (e) {
    if (e instanceof StreamTooLarge) return { ok: false, findings: [bombFinding()] };
    // Anything unusual (broken xref, other filters, encryption): pdf-lib reads it below.
  }
  return readWithPdfLib(bytes, limits);
}

function bombFinding(): Finding {
  return finding(
    'pdf',
    'PDF-BOMB',
    'fatal',
    '/',
    'Un flux du PDF se décompresse en une taille excessive (bombe de décompression) : fichier refusé.',
    'A PDF stream decompresses to an excessive size (decompression bomb): file refused.',
  );
}

/** The pdf-lib path, used when the lazy reader declines (exported for the comparison test). */
export async function readWithPdfLib(bytes: Uint8Array, limits: InputLimits): Promise<PdfReadResult> {
  const { ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } = await loadPdfLib();
  let doc: PDFDocument;
  try {
    // Parsed in one go (no yielding between objects): the size limit already bounds the work.
    // pdf-lib reports each object it repairs on the console; the finding says enough.
    const warn = console.warn;
    const log = console.log;
    console.warn = () => {};
    console.log = () => {};
    try {
      doc = await PDFDocument.load(bytes, {
        ignoreEncryption: true,
        updateMetadata: false,
        throwOnInvalidObject: false,
        parseSpeed: ParseSpeeds.Fastest,
      });
    } finally {
      console.warn = warn;
      console.log = log;
    }
  } catch (e) {
    return { ok: false, findings: [corrupt(e)] };
  }
  const findings: Finding[] = [];
  try {
    const pageCount = doc.getPageCount();
    if (pageCount === 0) throw new Error('no page');
    const af = doc.catalog.lookupMaybe(PDFName.of('AF'), PDFArray);
    const afSpecs = new Set<PDFDict>();
    if (af)
      for (let i = 0; i < af.size(); i++) {
        const s = af.lookup(i);
        if (s instanceof PDFDict) afSpecs.add(s);
      }
    const specs = fileSpecs(doc);
    for (const s of afSpecs) if (!specs.some((x) => x.spec === s)) specs.push({ spec: s, key: null });
    const attachments: PdfAttachment[] = [];
    for (const { spec, key } of specs) {
      const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
      const stream = ef?.lookup(PDFName.of('F')) ?? ef?.lookup(PDFName.of('UF'));
      if (!(stream instanceof PDFRawStream)) continue;
      const name = pdfText(spec.lookup(PDFName.of('UF'))) ?? pdfText(spec.lookup(PDFName.of('F'))) ?? key ?? '';
      const subtype = stream.dict.lookup(PDFName.of('Subtype'));
      attachments.push({
        name,
        afRelationship: pdfText(spec.lookup(PDFName.of('AFRelationship'))),
        mimeType: subtype instanceof PDFName ? subtype.decodeText().replace('#2F', '/') : null,
        description: pdfText(spec.lookup(PDFName.of('Desc'))),
        bytes: decodeStream(stream, limits.maxXmlBytes),
        inAf: afSpecs.has(spec),
      });
    }
    let xmp: XmpInfo | null = null;
    try {
      xmp = readXmp(doc, 4 * 1024 * 1024);
    } catch {
      findings.push(
        finding(
          'pdf',
          'PDF-XMP',
          'warning',
          '/Catalog/Metadata',
          'Les métadonnées XMP du PDF sont illisibles : régénérez le PDF/A.',
          "The PDF's XMP metadata cannot be read: regenerate the PDF/A.",
        ),
      );
    }
    return { ok: true, pageCount, attachments, xmp, findings };
  } catch (e) {
    if (e instanceof StreamTooLarge) return { ok: false, findings: [bombFinding()] };
    return { ok: false, findings: [corrupt(e)] };
  }
}

function corrupt(e: unknown): Finding {
  const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return finding(
    'pdf',
    'PDF-CORRUPT',
    'fatal',
    '/',
    `PDF illisible ou corrompu (${detail}) : renvoyez le fichier complet, tel que produit par votre logiciel.`,
    `Unreadable or corrupt PDF (${detail}): send the complete file as produced by your software.`,
  );
}
