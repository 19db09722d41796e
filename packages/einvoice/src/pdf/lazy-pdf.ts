import { constants, inflateSync } from 'node:zlib';
import { PdfLexer, PdfName, PdfRef, PdfStream, type PdfValue } from './pdf-objects.ts';
import { StreamTooLarge } from './inflate.ts';

type XrefEntry = { type: 1; offset: number } | { type: 2; stream: number; index: number };

/**
 * Reads only the PDF objects asked for, through the cross-reference table or stream: finding
 * the embedded invoice costs a few objects instead of parsing the whole file. Anything
 * unexpected throws, and the caller falls back to pdf-lib, which also repairs broken files.
 */
export class LazyPdf {
  private readonly xref = new Map<number, XrefEntry>();
  private readonly cache = new Map<number, PdfValue>();
  private readonly objectStreams = new Map<number, { offsets: Map<number, number>; data: Uint8Array; first: number }>();
  readonly trailer: Map<string, PdfValue>;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxStreamBytes: number,
  ) {
    const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)/.exec(tail);
    if (!m) throw new Error('pdf: no startxref');
    let trailer: Map<string, PdfValue> | null = null;
    let offset: number | null = Number(m[1]);
    const seen = new Set<number>();
    while (offset !== null && !seen.has(offset) && seen.size < 32) {
      seen.add(offset);
      const section = this.readXrefSection(offset);
      trailer ??= section;
      const stm = section.get('XRefStm');
      if (typeof stm === 'number' && !seen.has(stm)) {
        seen.add(stm);
        this.readXrefSection(stm);
      }
      const prev = section.get('Prev');
      offset = typeof prev === 'number' ? prev : null;
    }
    if (!trailer) throw new Error('pdf: no trailer');
    if (trailer.has('Encrypt')) throw new Error('pdf: encrypted');
    this.trailer = trailer;
  }

  private readXrefSection(offset: number): Map<string, PdfValue> {
    const lx = new PdfLexer(this.bytes, offset);
    if (lx.startsWith('xref')) {
      lx.word();
      for (;;) {
        if (lx.startsWith('trailer')) {
          lx.word();
          break;
        }
        const start = Number(lx.requireWord());
        const count = Number(lx.requireWord());
        if (!Number.isInteger(start) || !Number.isInteger(count) || count < 0 || count * 18 > this.bytes.length)
          throw new Error('pdf: bad xref');
        for (let i = 0; i < count; i++) {
          const off = Number(lx.requireWord());
          lx.requireWord();
          const kind = lx.requireWord();
          if (kind === 'n' && !this.xref.has(start + i)) this.xref.set(start + i, { type: 1, offset: off });
        }
      }
      const trailer = lx.value();
      if (!(trailer instanceof Map)) throw new Error('pdf: bad trailer');
      return trailer;
    }
    const stream = this.objectAt(offset);
    if (!(stream instanceof PdfStream)) throw new Error('pdf: bad xref stream');
    const w = stream.dict.get('W') as number[];
    const size = stream.dict.get('Size') as number;
    const index = (stream.dict.get('Index') as number[] | undefined) ?? [0, size];
    if (
      !Array.isArray(w) ||
      w.length !== 3 ||
      !w.every((n) => Number.isInteger(n) && n >= 0 && n <= 8) ||
      !Array.isArray(index) ||
      !index.every((n) => Number.isInteger(n) && n >= 0)
    ) {
      throw new Error('pdf: bad xref stream');
    }
    const data = this.decode(stream);
    const rowLength = w[0]! + w[1]! + w[2]!;
    let pos = 0;
    const field = (n: number, dflt: number) => {
      if (n === 0) return dflt;
      let v = 0;
      for (let i = 0; i < n; i++) v = v * 256 + data[pos++]!;
      return v;
    };
    for (let s = 0; s < index.length; s += 2) {
      for (let i = 0; i < index[s + 1]!; i++) {
        if (pos + rowLength > data.length) throw new Error('pdf: short xref stream');
        const type = field(w[0]!, 1);
        const a = field(w[1]!, 0);
        const b = field(w[2]!, 0);
        const num = index[s]! + i;
        if (this.xref.has(num)) continue;
        if (type === 1) this.xref.set(num, { type: 1, offset: a });
        else if (type === 2) this.xref.set(num, { type: 2, stream: a, index: b });
      }
    }
    return stream.dict;
  }

  /** "n g obj value [stream]" at a byte offset. */
  private objectAt(offset: number): PdfValue {
    const lx = new PdfLexer(this.bytes, offset);
    lx.requireWord();
    lx.requireWord();
    if (lx.requireWord() !== 'obj') throw new Error('pdf: object expected');
    const value = lx.value();
    if (value instanceof Map && lx.startsWith('stream')) {
      lx.pos += 6;
      if (this.bytes[lx.pos] === 0x0d) lx.pos++;
      if (this.bytes[lx.pos] === 0x0a) lx.pos++;
      const lengthValue = this.resolve(value.get('Length') ?? null);
      const length = typeof lengthValue === 'number' ? lengthValue : -1;
      if (length < 0 || lx.pos + length > this.bytes.length) throw new Error('pdf: bad stream length');
      return new PdfStream(value, this.bytes.subarray(lx.pos, lx.pos + length));
    }
    return value;
  }

  resolve(v: PdfValue | undefined): PdfValue {
    let value: PdfValue = v ?? null;
    for (let hops = 0; value instanceof PdfRef && hops < 32; hops++) value = this.object(value.num);
    return value;
  }

  private object(num: number): PdfValue {
    if (this.cache.has(num)) return this.cache.get(num)!;
    const entry = this.xref.get(num);
    // Mark it first: an object whose /Length points at itself must not recurse forever.
    this.cache.set(num, null);
    let value: PdfValue = null;
    if (entry?.type === 1) value = this.objectAt(entry.offset);
    else if (entry?.type === 2) value = this.fromObjectStream(entry.stream, num);
    this.cache.set(num, value);
    return value;
  }

  private fromObjectStream(streamNum: number, num: number): PdfValue {
    let objStm = this.objectStreams.get(streamNum);
    if (!objStm) {
      const s = this.object(streamNum);
      if (!(s instanceof PdfStream)) throw new Error('pdf: object stream missing');
      const data = this.decode(s);
      const n = s.dict.get('N') as number;
      const lx = new PdfLexer(data);
      const offsets = new Map<number, number>();
      if (!Number.isInteger(n) || n < 0 || n > data.length) throw new Error('pdf: bad object stream');
      for (let i = 0; i < n; i++) offsets.set(Number(lx.requireWord()), Number(lx.requireWord()));
      objStm = { offsets, data, first: s.dict.get('First') as number };
      this.objectStreams.set(streamNum, objStm);
    }
    const at = objStm.offsets.get(num);
    if (at === undefined) return null;
    return new PdfLexer(objStm.data, objStm.first + at).value();
  }

  /** Decoded stream data: Flate (with PNG predictors) only, capped at maxStreamBytes. */
  decode(stream: PdfStream): Uint8Array {
    const filter = this.resolve(stream.dict.get('Filter'));
    const filters = Array.isArray(filter) ? filter : filter ? [filter] : [];
    if (filters.length === 0) return stream.raw;
    if (filters.length !== 1 || !(filters[0] instanceof PdfName) || filters[0].name !== 'FlateDecode')
      throw new Error('pdf: unsupported filter');
    let data: Uint8Array;
    try {
      data = inflateSync(stream.raw, { maxOutputLength: this.maxStreamBytes, finishFlush: constants.Z_SYNC_FLUSH });
    } catch (e) {
      if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new StreamTooLarge();
      throw e;
    }
    const parms = this.resolve(stream.dict.get('DecodeParms'));
    const predictor = parms instanceof Map ? ((parms.get('Predictor') as number | undefined) ?? 1) : 1;
    if (predictor >= 10)
      return unpredictPng(data, parms instanceof Map ? ((parms.get('Columns') as number | undefined) ?? 1) : 1);
    if (predictor !== 1) throw new Error('pdf: unsupported predictor');
    return data;
  }
}

function unpredictPng(data: Uint8Array, columns: number): Uint8Array {
  const rowLength = columns + 1;
  const rows = Math.floor(data.length / rowLength);
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowLength]!;
    for (let c = 0; c < columns; c++) {
      const raw = data[r * rowLength + 1 + c]!;
      const left = c > 0 ? out[r * columns + c - 1]! : 0;
      const up = r > 0 ? out[(r - 1) * columns + c]! : 0;
      const upLeft = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1]! : 0;
      let v = raw;
      if (type === 1) v = raw + left;
      else if (type === 2) v = raw + up;
      else if (type === 3) v = raw + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left),
          pb = Math.abs(p - up),
          pc = Math.abs(p - upLeft);
        v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[r * columns + c] = v & 0xff;
    }
  }
  return out;
}
