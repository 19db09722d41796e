import { createHash } from 'node:crypto';
import type { PDFDict, PDFDocument, PDFHexString, PDFRef, PDFString } from 'pdf-lib';
import { loadPdfLib, pdfLib } from '../pdf/pdf-lib.ts';
import { writeCii } from '../cii/write-cii.ts';
import type { Invoice } from '../model/invoice.ts';
import { profileOfGuideline, type FacturxProfile } from './profile.ts';
import { buildSrgbIccProfile } from './srgb-icc.ts';
import { buildFacturxXmp } from './xmp.ts';

export interface FacturxOptions {
  /** Defaults to the profile announced by the invoice's BT-24, else EN 16931. */
  readonly profile?: FacturxProfile;
  /** Factur-X recommends Data for MINIMUM/BASIC WL and Alternative otherwise. */
  readonly afRelationship?: 'Data' | 'Alternative' | 'Source';
  readonly now?: Date;
}

const XML_NAME = 'factur-x.xml';

function existingAttachments(doc: PDFDocument): [PDFString | PDFHexString, PDFRef | PDFDict][] {
  const { PDFArray, PDFDict, PDFHexString, PDFName, PDFString } = pdfLib();
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const pairs: [PDFString | PDFHexString, PDFRef | PDFDict][] = [];
  const walk = (node: PDFDict, depth: number) => {
    if (depth > 16) return;
    const arr = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    if (arr)
      for (let i = 0; i + 1 < arr.size(); i += 2) {
        const key = arr.get(i);
        const value = arr.get(i + 1);
        if ((key instanceof PDFString || key instanceof PDFHexString) && key.decodeText() !== XML_NAME)
          pairs.push([key, value as PDFRef]);
      }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    if (kids)
      for (let i = 0; i < kids.size(); i++) {
        const kid = kids.lookup(i);
        if (kid instanceof PDFDict) walk(kid, depth + 1);
      }
  };
  if (tree) walk(tree, 0);
  return pairs;
}

/**
 * Turns a PDF into a Factur-X invoice: the model is written as CII, attached as factur-x.xml
 * (embedded file stream, file specification with AFRelationship, catalogue /AF and name tree),
 * with PDF/A-3B + Factur-X XMP metadata and an sRGB output intent. The visual PDF must itself
 * follow PDF/A rules (embedded fonts…) for the result to be PDF/A-3 conformant.
 */
export async function writeFacturx(
  basePdf: Uint8Array,
  invoice: Invoice,
  options: FacturxOptions = {},
): Promise<Uint8Array> {
  const profile = options.profile ?? profileOfGuideline(invoice.customizationId) ?? 'EN 16931';
  const relationship =
    options.afRelationship ?? (profile === 'MINIMUM' || profile === 'BASIC WL' ? 'Data' : 'Alternative');
  const now = options.now ?? new Date();
  const xml = new TextEncoder().encode(writeCii(invoice));
  const { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } = await loadPdfLib();

  const doc = await PDFDocument.load(basePdf, { updateMetadata: false });
  const ctx = doc.context;
  const pdfDate = PDFString.fromDate(now);
  const fileStream = ctx.flateStream(xml, {
    Type: 'EmbeddedFile',
    Subtype: 'text/xml',
    Params: {
      ModDate: pdfDate,
      Size: xml.byteLength,
      CheckSum: PDFHexString.of(createHash('md5').update(xml).digest('hex')),
    },
  });
  const fileRef = ctx.register(fileStream);
  const specRef = ctx.register(
    ctx.obj({
      Type: 'Filespec',
      F: PDFString.of(XML_NAME),
      UF: PDFHexString.fromText(XML_NAME),
      EF: { F: fileRef, UF: fileRef },
      Desc: PDFString.of('Factur-X invoice'),
      AFRelationship: relationship,
    }),
  );

  const pairs = existingAttachments(doc);
  pairs.push([PDFString.of(XML_NAME), specRef]);
  pairs.sort((a, b) => a[0].decodeText().localeCompare(b[0].decodeText()));
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict) ?? ctx.obj({});
  names.set(PDFName.of('EmbeddedFiles'), ctx.obj({ Names: pairs.flat() }));
  doc.catalog.set(PDFName.of('Names'), names);

  // An earlier factur-x.xml is replaced, in /AF as in the name tree.
  const oldAf = doc.catalog.lookupMaybe(PDFName.of('AF'), PDFArray);
  const af = ctx.obj([]);
  if (oldAf)
    for (let i = 0; i < oldAf.size(); i++) {
      const spec = oldAf.lookup(i);
      const fileName =
        spec instanceof PDFDict ? (spec.lookup(PDFName.of('UF')) ?? spec.lookup(PDFName.of('F'))) : undefined;
      const isOld =
        (fileName instanceof PDFString || fileName instanceof PDFHexString) && fileName.decodeText() === XML_NAME;
      if (!isOld) af.push(oldAf.get(i));
    }
  af.push(specRef);
  doc.catalog.set(PDFName.of('AF'), af);

  const title = `Facture ${invoice.invoiceNumber ?? ''}`.trim();
  const producer = 'Chorale @chorale/einvoice';
  const xmp = new TextEncoder().encode(
    buildFacturxXmp({ title, producer, createdAt: now, profile, xmlFileName: XML_NAME }),
  );
  // XMP must stay uncompressed so that PDF/A readers can find it.
  doc.catalog.set(
    PDFName.of('Metadata'),
    ctx.register(ctx.stream(xmp, { Type: 'Metadata', Subtype: 'XML', Length: xmp.byteLength })),
  );
  doc.setTitle(title);
  doc.setProducer(producer);
  doc.setCreator(producer);
  doc.setCreationDate(now);
  doc.setModificationDate(now);

  if (!doc.catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray)) {
    const icc = ctx.register(ctx.flateStream(buildSrgbIccProfile(), { N: 3 }));
    doc.catalog.set(
      PDFName.of('OutputIntents'),
      ctx.obj([
        ctx.obj({
          Type: 'OutputIntent',
          S: 'GTS_PDFA1',
          OutputConditionIdentifier: PDFString.of('sRGB'),
          Info: PDFString.of('sRGB IEC61966-2.1'),
          DestOutputProfile: icc,
        }),
      ]),
    );
  }
  const id = PDFHexString.of(createHash('md5').update(xml).update(now.toISOString()).digest('hex'));
  ctx.trailerInfo.ID = ctx.obj([id, id]);
  return doc.save({ useObjectStreams: false });
}
