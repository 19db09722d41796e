import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { DirectoryFormatError, sheetKind } from './directory-columns.ts';

/**
 * Streams the sheets of a directory file, CSV or XLSX, row by row: a 100 MB export is never held
 * in memory. Each sheet must be read to its end before the next one is asked for.
 */

export interface SheetRow {
  /** Line (CSV) or row (XLSX) number as a spreadsheet shows it. */
  line: number;
  values: string[];
}

export interface SourceSheet {
  /** « feuille Structures » or the file name, for messages. */
  name: string;
  header: string[];
  rows: AsyncGenerator<SheetRow>;
}

export type FileFormat = 'xlsx' | 'csv';
export type TextEncoding = 'utf-8' | 'windows-1252';

export async function detectFormat(path: string): Promise<FileFormat> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    // Every XLSX is a ZIP archive: it starts with a local file header "PK\3\4".
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50 ? 'xlsx' : 'csv';
  } finally {
    await handle.close();
  }
}

/**
 * UTF-8 if the whole file decodes as UTF-8, else Windows-1252 (the superset of Latin-1 that
 * French spreadsheets write). Scanning the whole file costs a fast read but avoids switching
 * encoding after rows were already imported.
 */
export async function detectEncoding(path: string): Promise<TextEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
      decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function decoding(encoding: TextEncoding): Transform {
  // TextDecoder drops a UTF-8 byte-order mark by itself.
  const decoder = new TextDecoder(encoding);
  return new Transform({
    decodeStrings: true,
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

const blank = (values: string[]) => values.every((v) => v.trim() === '');

/** How far down a title block (« Annuaire des destinataires… ») may push the header row. */
const HEADER_SEARCH_ROWS = 10;

/**
 * The header is the first of the first non-blank rows that names our columns; failing that, the
 * first non-blank row, which the import then reports as not recognised.
 */
async function findHeader(next: () => Promise<string[] | null>): Promise<string[] | null> {
  let first: string[] | null = null;
  for (let seen = 0; seen < HEADER_SEARCH_ROWS;) {
    const values = await next();
    if (values === null) break;
    if (blank(values)) continue;
    seen++;
    first ??= values;
    if (sheetKind(values)) return values;
  }
  return first;
}

function counted(path: string, onBytes: (n: number) => void, onLastByte?: (b: number) => void): Readable {
  const stream = createReadStream(path, { highWaterMark: 1 << 18 });
  stream.on('data', (chunk) => {
    const b = chunk as Buffer;
    onBytes(b.length);
    if (b.length) onLastByte?.(b[b.length - 1] as number);
  });
  return stream;
}

function csvError(path: string, err: unknown): DirectoryFormatError {
  const e = err as { code?: string; lines?: number; message?: string };
  const where = e.lines ? ` vers la ligne ${e.lines}` : '';
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new DirectoryFormatError(
      `Fichier ${basename(path)} illisible${where} : guillemet non refermé (fichier tronqué ?).`,
    );
  }
  return new DirectoryFormatError(`Fichier ${basename(path)} illisible${where} : ${e.message ?? String(err)}`);
}

/** Reads just the header of a CSV file (to order files: structures before services). */
export async function readCsvHeader(path: string): Promise<string[] | null> {
  // The header is plain ASCII in every encoding we accept: no need to scan the whole file.
  for await (const sheet of readCsv(path, () => {}, 'utf-8')) {
    await sheet.rows.return(undefined);
    return sheet.header;
  }
  return null;
}

async function* readCsv(
  path: string,
  onBytes: (n: number) => void,
  encoding: TextEncoding,
): AsyncGenerator<SourceSheet> {
  let lastByte = -1;
  const source = counted(path, onBytes, (b) => (lastByte = b));
  const parser = parse({
    delimiter: ';',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
  });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(decoding(encoding)).pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const next = async () => {
    try {
      return await records.next();
    } catch (err) {
      throw err instanceof DirectoryFormatError || (err as NodeJS.ErrnoException).syscall ? err : csvError(path, err);
    }
  };
  const header = await findHeader(async () => {
    const r = await next();
    return r.done ? null : r.value.record;
  });
  if (!header) throw new DirectoryFormatError(`Le fichier ${basename(path)} est vide.`);
  const width = header.length;
  async function* rows(): AsyncGenerator<SheetRow> {
    try {
      // One row of look-ahead: a short last row without final newline means a cut-off file.
      let pending: SheetRow | null = null;
      for (let r = await next(); !r.done; r = await next()) {
        // A spreadsheet saves emptied rows as « ;;;; »: nothing to import, nothing to reject.
        if (blank(r.value.record)) continue;
        if (pending) yield pending;
        pending = { line: r.value.info.lines, values: r.value.record };
      }
      if (pending) {
        if (pending.values.length < width && lastByte !== 0x0a && lastByte !== 0x0d) {
          throw new DirectoryFormatError(
            `Le fichier ${basename(path)} semble tronqué : sa dernière ligne (${pending.line}) est incomplète (${pending.values.length} colonnes au lieu de ${width}).`,
          );
        }
        yield pending;
      }
    } finally {
      source.destroy();
      parser.destroy();
    }
  }
  yield { name: `fichier ${basename(path)}`, header, rows: rows() };
}

/** Spreadsheet cells may hold numbers, rich text, hyperlinks or formula results: all become text. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
    if (v.error) return '';
  }
  return String(value);
}

function rowValues(row: ExcelJS.Row): string[] {
  // exceljs rows are 1-based sparse arrays.
  const raw = (row.values as unknown[]).slice(1);
  return Array.from(raw, (v) => cellText(v));
}

function xlsxError(path: string, err: unknown): Error {
  if (err instanceof DirectoryFormatError) return err;
  return new DirectoryFormatError(
    `Le classeur ${basename(path)} est illisible (XLSX endommagé ou tronqué) : ${err instanceof Error ? err.message : String(err)}`,
  );
}

async function* readXlsx(path: string, onBytes: (n: number) => void): AsyncGenerator<SourceSheet> {
  // Loaded when a workbook is read, not at the server's start (issue 13: memory of every process).
  const { default: Excel } = await import('exceljs');
  const input = counted(path, onBytes);
  const workbook = new Excel.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sheetIndex = 0;
  let sheetsSeen = 0;
  try {
    for await (const worksheet of workbook) {
      sheetIndex++;
      const iterator = worksheet[Symbol.asyncIterator]();
      const header = await findHeader(async () => {
        const r = await iterator.next();
        return r.done ? null : rowValues(r.value);
      });
      if (!header) continue;
      sheetsSeen++;
      const width = header.length;
      async function* rows(): AsyncGenerator<SheetRow> {
        try {
          for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
            const values = rowValues(r.value);
            // A worksheet row simply ends at its last filled cell: that is no missing column.
            while (values.length < width) values.push('');
            if (!blank(values)) yield { line: r.value.number, values };
          }
        } catch (err) {
          throw xlsxError(path, err);
        }
      }
      yield { name: `feuille ${sheetIndex} de ${basename(path)}`, header, rows: rows() };
    }
  } catch (err) {
    throw xlsxError(path, err);
  } finally {
    input.destroy();
  }
  if (sheetsSeen === 0)
    throw new DirectoryFormatError(`Le classeur ${basename(path)} ne contient aucune feuille lisible.`);
}

/** The sheets of a file: one for a CSV, every non-empty worksheet for an XLSX. */
export async function* readSheets(path: string, onBytes: (n: number) => void): AsyncGenerator<SourceSheet> {
  if ((await detectFormat(path)) === 'xlsx') yield* readXlsx(path, onBytes);
  else yield* readCsv(path, onBytes, await detectEncoding(path));
}
