import { constants, inflateSync } from 'node:zlib';
import type { PDFRawStream } from 'pdf-lib';
import { pdfLib } from './pdf-lib.ts';

export class StreamTooLarge extends Error {}

/**
 * Decoded bytes of a PDF stream, refusing to produce more than maxBytes (a "PDF bomb" is a tiny
 * Flate stream inflating to gigabytes). Flate is inflated by zlib with an output cap; other
 * filters go through pdf-lib's decoders, whose output is checked afterwards.
 */
export function decodeStream(stream: PDFRawStream, maxBytes: number): Uint8Array {
  // A stream of a document pdf-lib opened: the library is loaded.
  const { decodePDFRawStream, PDFName, PDFArray } = pdfLib();
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  const names = filters.map((f) => String(f));
  if (names.length === 0) return stream.contents;
  if (names.length === 1 && names[0] === '/FlateDecode' && !stream.dict.get(PDFName.of('DecodeParms'))) {
    try {
      return inflateSync(stream.contents, { maxOutputLength: maxBytes, finishFlush: constants.Z_SYNC_FLUSH });
    } catch (e) {
      if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new StreamTooLarge();
      throw e;
    }
  }
  if (stream.contents.length * 1000 > maxBytes * 4) throw new StreamTooLarge();
  const decoded = decodePDFRawStream(stream).decode();
  if (decoded.length > maxBytes) throw new StreamTooLarge();
  return decoded;
}
