import { LazyPdf } from './lazy-pdf.ts';
import { PdfName, PdfRef, PdfStream, pdfText, type PdfValue } from './pdf-objects.ts';
import { parseXmp, type PdfAttachment, type XmpInfo } from './read-pdf.ts';

type Dict = Map<string, PdfValue>;

/**
 * Embedded files, /AF and XMP read through the lazy object reader. Returns null when the file
 * has no page tree (then pdf-lib decides); throws on anything it does not handle.
 */
export function readPdfLazily(
  bytes: Uint8Array,
  maxStreamBytes: number,
): { pageCount: number; attachments: PdfAttachment[]; xmp: XmpInfo | null } | null {
  const pdf = new LazyPdf(bytes, maxStreamBytes);
  const dict = (v: PdfValue | undefined): Dict | null => {
    const r = pdf.resolve(v);
    return r instanceof Map ? r : null;
  };
  const root = dict(pdf.trailer.get('Root'));
  const pages = dict(root?.get('Pages'));
  const count = pdf.resolve(pages?.get('Count'));
  if (!root || typeof count !== 'number' || count < 1) return null;

  const specs: { spec: Dict; key: string | null; id: number | Dict }[] = [];
  const seen = new Set<Dict>();
  const walk = (node: Dict | null, depth: number) => {
    if (!node || depth > 32 || seen.has(node)) return;
    seen.add(node);
    const names = pdf.resolve(node.get('Names'));
    if (Array.isArray(names)) {
      for (let i = 0; i + 1 < names.length; i += 2) {
        const ref = names[i + 1];
        const spec = dict(ref);
        if (spec) specs.push({ spec, key: pdfText(pdf.resolve(names[i])), id: ref instanceof PdfRef ? ref.num : spec });
      }
    }
    const kids = pdf.resolve(node.get('Kids'));
    if (Array.isArray(kids)) for (const k of kids) walk(dict(k), depth + 1);
  };
  walk(dict(dict(root.get('Names'))?.get('EmbeddedFiles')), 0);

  const afIds = new Set<number | Dict>();
  const af = pdf.resolve(root.get('AF'));
  if (Array.isArray(af)) {
    for (const ref of af) {
      const spec = dict(ref);
      if (!spec) continue;
      const id = ref instanceof PdfRef ? ref.num : spec;
      afIds.add(id);
      if (!specs.some((s) => s.id === id)) specs.push({ spec, key: null, id });
    }
  }

  const attachments: PdfAttachment[] = [];
  for (const { spec, key, id } of specs) {
    const ef = dict(spec.get('EF'));
    const stream = pdf.resolve(ef?.get('F') ?? ef?.get('UF'));
    if (!(stream instanceof PdfStream)) continue;
    const relationship = pdf.resolve(spec.get('AFRelationship'));
    const subtype = pdf.resolve(stream.dict.get('Subtype'));
    attachments.push({
      name: pdfText(pdf.resolve(spec.get('UF'))) ?? pdfText(pdf.resolve(spec.get('F'))) ?? key ?? '',
      afRelationship: relationship instanceof PdfName ? relationship.name : null,
      mimeType: subtype instanceof PdfName ? subtype.name : null,
      description: pdfText(pdf.resolve(spec.get('Desc'))),
      bytes: pdf.decode(stream),
      inAf: afIds.has(id),
    });
  }
  const metadata = pdf.resolve(root.get('Metadata'));
  const xmp = metadata instanceof PdfStream ? parseXmp(new TextDecoder().decode(pdf.decode(metadata))) : null;
  return { pageCount: count, attachments, xmp };
}
