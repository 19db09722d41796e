/** PDF objects as read by our lazy reader (lazy-pdf.ts). */
export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
export class PdfStream {
  constructor(
    readonly dict: Map<string, PdfValue>,
    readonly raw: Uint8Array,
  ) {}
}
export type PdfValue =
  null | boolean | number | Uint8Array | PdfName | PdfRef | PdfValue[] | Map<string, PdfValue> | PdfStream;

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** A cursor over PDF bytes that reads tokens and objects (PDF 32000-1 §7.2–7.3). */
export class PdfLexer {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
  ) {
    this.pos = start;
  }

  skipSpace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (WHITE.has(c)) this.pos++;
      else if (c === 0x25) while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      else break;
    }
  }

  /** A bare keyword or number token. */
  word(): string {
    this.skipSpace();
    const b = this.bytes;
    const start = this.pos;
    while (this.pos < b.length && !WHITE.has(b[this.pos]!) && !DELIM.has(b[this.pos]!)) this.pos++;
    let s = '';
    for (let i = start; i < this.pos; i++) s += String.fromCharCode(b[i]!);
    return s;
  }

  /** A token that must be there: an empty one (a delimiter or the end) is an error, never a loop. */
  requireWord(): string {
    const w = this.word();
    if (w === '') throw new Error(`pdf: token expected at ${this.pos}`);
    return w;
  }

  startsWith(text: string): boolean {
    this.skipSpace();
    for (let i = 0; i < text.length; i++) if (this.bytes[this.pos + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  value(depth = 0): PdfValue {
    if (depth > 64) throw new Error('pdf: nesting too deep');
    this.skipSpace();
    const b = this.bytes;
    const c = b[this.pos];
    if (c === undefined) throw new Error('pdf: unexpected end');
    if (c === 0x2f) {
      // /Name
      this.pos++;
      const start = this.pos;
      while (this.pos < b.length && !WHITE.has(b[this.pos]!) && !DELIM.has(b[this.pos]!)) this.pos++;
      let s = '';
      for (let i = start; i < this.pos; i++) s += String.fromCharCode(b[i]!);
      return new PdfName(s.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    }
    if (c === 0x3c && b[this.pos + 1] === 0x3c) {
      // << dict >>
      this.pos += 2;
      const dict = new Map<string, PdfValue>();
      for (;;) {
        this.skipSpace();
        if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          break;
        }
        const key = this.value(depth + 1);
        if (!(key instanceof PdfName)) throw new Error('pdf: dictionary key is not a name');
        dict.set(key.name, this.value(depth + 1));
      }
      return dict;
    }
    if (c === 0x3c) {
      // <hex string>
      this.pos++;
      const out: number[] = [];
      let hex = '';
      while (this.pos < b.length && b[this.pos] !== 0x3e) {
        const ch = b[this.pos++]!;
        if (!WHITE.has(ch)) hex += String.fromCharCode(ch);
      }
      this.pos++;
      if (hex.length % 2) hex += '0';
      for (let i = 0; i < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
      return Uint8Array.from(out);
    }
    if (c === 0x28) return this.literalString();
    if (c === 0x5b) {
      // [ array ]
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          break;
        }
        if (this.pos >= b.length) throw new Error('pdf: unterminated array');
        arr.push(this.value(depth + 1));
      }
      return arr;
    }
    const w = this.word();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) {
      // "n g R" is a reference: look ahead without consuming when it is not.
      if (/^\d+$/.test(w)) {
        const save = this.pos;
        const g = this.word();
        if (/^\d+$/.test(g) && this.word() === 'R') return new PdfRef(Number(w), Number(g));
        this.pos = save;
      }
      return Number(w);
    }
    throw new Error(`pdf: unexpected token ${w.slice(0, 20)}`);
  }

  private literalString(): Uint8Array {
    const b = this.bytes;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < b.length) {
      const ch = b[this.pos++]!;
      if (ch === 0x5c) {
        const n = b[this.pos++]!;
        const map: Record<number, number> = {
          0x6e: 10,
          0x72: 13,
          0x74: 9,
          0x62: 8,
          0x66: 12,
          0x28: 0x28,
          0x29: 0x29,
          0x5c: 0x5c,
        };
        if (map[n] !== undefined) out.push(map[n]!);
        else if (n >= 0x30 && n <= 0x37) {
          let oct = n - 0x30;
          for (let k = 0; k < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; k++)
            oct = oct * 8 + (b[this.pos++]! - 0x30);
          out.push(oct & 0xff);
        } else if (n === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (n !== 0x0a) out.push(n);
      } else if (ch === 0x28) {
        depth++;
        out.push(ch);
      } else if (ch === 0x29) {
        if (--depth === 0) break;
        out.push(ch);
      } else out.push(ch);
    }
    return Uint8Array.from(out);
  }
}

/** Text of a PDF string (UTF-16BE with BOM, else PDFDocEncoding read as Latin-1). */
export function pdfText(v: PdfValue | undefined): string | null {
  if (v instanceof PdfName) return v.name;
  if (!(v instanceof Uint8Array)) return null;
  if (v[0] === 0xfe && v[1] === 0xff) return new TextDecoder('utf-16be').decode(v.subarray(2));
  if (v[0] === 0xef && v[1] === 0xbb && v[2] === 0xbf) return new TextDecoder().decode(v.subarray(3));
  return new TextDecoder('latin1').decode(v);
}
