import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * A small page writer over pdf-lib: A4, Helvetica (WinAnsi, which covers French accents, « » and
 * €), a cursor that opens a new page when the current one is full.
 */
export const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;

/** WinAnsi has no narrow no-break space: French amounts keep a plain space in PDFs. */
export function pdfText(value: string): string {
  return value
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/[’]/g, "'")
    .replace(/[^\x20-\x7e\u00a0-\u00ff€«»–—œŒ…]/g, '?');
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
    const doc = await PDFDocument.create();
    doc.setTitle(pdfText(title));
    doc.setLanguage('fr-FR');
    doc.setProducer('Chorale');
    doc.setCreator('Chorale');
    const w = new PdfWriter(
      doc,
      await doc.embedFont(StandardFonts.Helvetica),
      await doc.embedFont(StandardFonts.HelveticaBold),
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
        color: rgb(...(opts.color ?? [0.1, 0.1, 0.1])),
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
        this.page.drawText(line, { x, y: this.y - size - j * (size + 2.5), size, font, color: rgb(0.1, 0.1, 0.1) });
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
      color: rgb(0.6, 0.6, 0.6),
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
        color: rgb(0.4, 0.4, 0.4),
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
