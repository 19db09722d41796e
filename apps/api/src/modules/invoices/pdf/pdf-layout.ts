import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { loadPdfLib, pdfLib } from '@chorale/einvoice';

/**
 * A small page writer over pdf-lib: A4, Noto Sans embedded (a subset of the glyphs used), a cursor
 * that opens a new page when the current one is full. The standard Helvetica only knows WinAnsi:
 * a Polish, Greek or Cyrillic name, or « ’ », came out as « ? » (issue 14). Noto Sans covers Latin,
 * Greek and Cyrillic; it comes from the npm package @expo-google-fonts/noto-sans, under the SIL Open
 * Font License 1.1 (its LICENSE_FONT), which allows embedding in documents.
 */
export const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;

const fontFile = (name: string) =>
  createRequire(import.meta.url).resolve(`@expo-google-fonts/noto-sans/${name}/NotoSans_${name}.ttf`);
let fontBytes: Promise<[Uint8Array, Uint8Array]> | undefined;
/** Read once per process: every PDF embeds its own subset of the same two files. */
function loadFonts(): Promise<[Uint8Array, Uint8Array]> {
  fontBytes ??= Promise.all([readFile(fontFile('400Regular')), readFile(fontFile('700Bold'))]);
  return fontBytes;
}

/**
 * Text as the PDF prints it: the narrow no-break space of French amounts becomes a no-break space
 * (same look, kept together by the line wrapping); control characters are dropped.
 */
export function pdfText(value: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return value.replace(/\u202f/g, '\u00a0').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

export class PdfWriter {
  private page!: PDFPage;
  y = 0;
  private constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    private readonly footer: string,
  ) {}

  static async create(title: string, footer: string): Promise<PdfWriter> {
    // pdf-lib itself is loaded with the first PDF too (issue 13).
    const doc = await (await loadPdfLib()).PDFDocument.create();
    // fontkit (~26 MB of memory) is loaded with the first PDF, not at the server's start (issue 13).
    doc.registerFontkit((await import('@pdf-lib/fontkit')).default);
    const [regular, bold] = await loadFonts();
    doc.setTitle(pdfText(title));
    doc.setLanguage('fr-FR');
    doc.setProducer('Chorale');
    doc.setCreator('Chorale');
    const w = new PdfWriter(
      doc,
      await doc.embedFont(regular, { subset: true }),
      await doc.embedFont(bold, { subset: true }),
      footer,
    );
    w.newPage();
    return w;
  }

  get width() {
    return A4.width - 2 * MARGIN;
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  /** Makes room for `height` points, opening a new page if needed. */
  ensure(height: number): void {
    if (this.y - height < MARGIN + 20) this.newPage();
  }

  text(
    value: string,
    opts: { x?: number; size?: number; bold?: boolean; color?: [number, number, number]; maxWidth?: number } = {},
  ): void {
    const size = opts.size ?? 9;
    const font = opts.bold ? this.bold : this.font;
    const lines = this.wrap(pdfText(value), font, size, opts.maxWidth ?? this.width - (opts.x ?? 0));
    for (const line of lines) {
      this.ensure(size + 3);
      this.page.drawText(line, {
        x: MARGIN + (opts.x ?? 0),
        y: this.y - size,
        size,
        font,
        color: pdfLib().rgb(...(opts.color ?? [0.1, 0.1, 0.1])),
      });
      this.y -= size + 3;
    }
  }

  /** One row of cells at fixed x offsets; returns nothing, moves the cursor below the tallest cell. */
  row(cells: { text: string; x: number; width: number; align?: 'left' | 'right'; bold?: boolean }[], size = 8.5): void {
    const wrapped = cells.map((c) => this.wrap(pdfText(c.text), c.bold ? this.bold : this.font, size, c.width - 4));
    const height = Math.max(...wrapped.map((w) => w.length)) * (size + 2.5) + 3;
    this.ensure(height);
    cells.forEach((c, i) => {
      const font = c.bold ? this.bold : this.font;
      (wrapped[i] ?? []).forEach((line, j) => {
        const lineWidth = font.widthOfTextAtSize(line, size);
        const x = MARGIN + c.x + (c.align === 'right' ? c.width - 4 - lineWidth : 0);
        this.page.drawText(line, {
          x,
          y: this.y - size - j * (size + 2.5),
          size,
          font,
          color: pdfLib().rgb(0.1, 0.1, 0.1),
        });
      });
    });
    this.y -= height;
  }

  rule(): void {
    this.ensure(6);
    this.page.drawLine({
      start: { x: MARGIN, y: this.y - 2 },
      end: { x: MARGIN + this.width, y: this.y - 2 },
      thickness: 0.5,
      color: pdfLib().rgb(0.6, 0.6, 0.6),
    });
    this.y -= 8;
  }

  space(points: number): void {
    this.y -= points;
  }

  async finish(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((p, i) =>
      p.drawText(pdfText(`${this.footer} – page ${i + 1}/${pages.length}`), {
        x: MARGIN,
        y: 24,
        size: 7,
        font: this.font,
        color: pdfLib().rgb(0.4, 0.4, 0.4),
      }),
    );
    return this.doc.save();
  }

  private wrap(value: string, font: PDFFont, size: number, maxWidth: number): string[] {
    const out: string[] = [];
    for (const paragraph of value.split('\n')) {
      let line = '';
      for (const word of paragraph.split(' ')) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= maxWidth || !line) line = candidate;
        else {
          out.push(line);
          line = word;
        }
      }
      out.push(line);
    }
    return out;
  }
}
