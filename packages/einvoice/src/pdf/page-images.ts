import type { PDFNumber } from 'pdf-lib';
import { decodeStream } from './inflate.ts';
import { loadPdfLib } from './pdf-lib.ts';
import { encodePng } from './png.ts';

export interface PageImage {
  readonly page: number;
  /** An image file the OCR engine reads: JPEG as stored, or PNG rebuilt from raw pixels. */
  readonly file: Uint8Array;
  readonly width: number;
  readonly height: number;
}

const MAX_PIXELS = 60_000_000;

/**
 * The largest image of each page of a scanned PDF. JPEG (DCTDecode) is passed through; 8-bit
 * gray or RGB Flate images are turned into PNG. Other encodings (CCITT, JBIG2…) are skipped.
 */
export async function extractPageImages(bytes: Uint8Array): Promise<PageImage[]> {
  const { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, ParseSpeeds } = await loadPdfLib();
  const doc = await PDFDocument.load(bytes, {
    ignoreEncryption: true,
    updateMetadata: false,
    parseSpeed: ParseSpeeds.Fastest,
  });
  const out: PageImage[] = [];
  doc.getPages().forEach((page, index) => {
    const resources = page.node.Resources();
    const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    let best: PageImage | null = null;
    for (const key of xobjects?.keys() ?? []) {
      const stream = xobjects!.lookup(key);
      if (!(stream instanceof PDFRawStream) || String(stream.dict.get(PDFName.of('Subtype'))) !== '/Image') continue;
      const num = (name: string) => (stream.dict.lookup(PDFName.of(name)) as PDFNumber | undefined)?.asNumber() ?? 0;
      const width = num('Width');
      const height = num('Height');
      if (width * height === 0 || width * height > MAX_PIXELS || (best && best.width * best.height >= width * height))
        continue;
      const filter = stream.dict.lookup(PDFName.of('Filter'));
      const filters = filter instanceof PDFArray ? filter.asArray().map(String) : filter ? [String(filter)] : [];
      let file: Uint8Array | null = null;
      if (filters.length === 1 && filters[0] === '/DCTDecode') file = stream.contents;
      else if (num('BitsPerComponent') === 8 && filters.every((f) => f === '/FlateDecode')) {
        const space = String(stream.dict.lookup(PDFName.of('ColorSpace')));
        const channels = space === '/DeviceGray' ? 1 : space === '/DeviceRGB' ? 3 : 0;
        if (channels) {
          const pixels = decodeStream(stream, width * height * channels + 1024);
          if (pixels.length >= width * height * channels) file = encodePng(pixels, width, height, channels);
        }
      }
      if (file) best = { page: index + 1, file, width, height };
    }
    if (best) out.push(best);
  });
  return out;
}
