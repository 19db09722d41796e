import { Readable } from 'node:stream';
import { escapeXml } from '@chorale/einvoice';

/** A cell: text, number, day (a `Date` at UTC midnight) or nothing. */
export type XlsxCell = string | number | Date | null | undefined;

export interface XlsxColumn {
  header: string;
  /** In characters, as Excel counts them. */
  width: number;
  format?: 'date' | 'money';
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Style indexes of styles.xml's cellXfs below. */
const STYLE = { header: 1, date: 2, money: 3 } as const;

const contentTypes = `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;

const rootRels = `${XML}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`;

const workbookRels = `${XML}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

const styles = `${XML}<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** A, B, … Z, AA, AB … */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function cellXml(ref: string, value: XlsxCell, column: XlsxColumn | undefined, header: boolean): string {
  if (value === null || value === undefined || value === '') return '';
  if (value instanceof Date) {
    const serial = (value.getTime() - EXCEL_EPOCH) / 86_400_000;
    return `<c r="${ref}" s="${STYLE.date}"><v>${serial}</v></c>`;
  }
  if (typeof value === 'number') {
    const style = column?.format === 'money' ? ` s="${STYLE.money}"` : '';
    return Number.isFinite(value) ? `<c r="${ref}"${style}><v>${value}</v></c>` : '';
  }
  const style = header ? ` s="${STYLE.header}"` : '';
  // Inline strings: a cell never becomes a formula, whatever it starts with.
  return `<c r="${ref}" t="inlineStr"${style}><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
}

/** Column names of the first 100 columns, computed once. */
const COLUMN_NAMES = Array.from({ length: 100 }, (_, i) => columnName(i));

function rowXml(index: number, cells: XlsxCell[], columns: XlsxColumn[], header = false): string {
  const r = index + 1;
  let xml = `<row r="${r}">`;
  for (let i = 0; i < cells.length; i++)
    xml += cellXml(`${COLUMN_NAMES[i] ?? columnName(i)}${r}`, cells[i], columns[i], header);
  return `${xml}</row>`;
}

/**
 * A workbook of one sheet (SpreadsheetML), streamed: the header row is frozen, dates and amounts
 * are typed cells, and the rows are pulled from `rows` only as fast as the zip is compressed and
 * read — memory stays flat whatever the size (exceljs's streaming writer kept the XML of every
 * row until the end: +150 MB for an export of 110 000 lines).
 */
export async function xlsxStream(
  sheetName: string,
  columns: XlsxColumn[],
  rows: AsyncIterable<XlsxCell[]>,
): Promise<Readable> {
  // Loaded with the first workbook, not at start-up (issue 13).
  const { default: archiver } = await import('archiver');
  // 64 KB of the zip ahead of its reader at most (archiver's default: 1 MB).
  const zip = archiver('zip', { zlib: { level: 6 }, highWaterMark: 64 * 1024 });
  const name = escapeXml(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31), true);
  async function* sheet() {
    const cols = columns
      .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
      .join('');
    yield `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`;
    yield rowXml(
      0,
      columns.map((c) => c.header),
      columns,
      true,
    );
    let n = 1;
    let chunk = '';
    for await (const cells of rows) {
      chunk += rowXml(n++, cells, columns);
      if (chunk.length > 32_768) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}</sheetData></worksheet>`;
  }
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  zip.append(contentTypes, { name: '[Content_Types].xml' });
  zip.append(rootRels, { name: '_rels/.rels' });
  zip.append(
    `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Chorale</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created></cp:coreProperties>`,
    { name: 'docProps/core.xml' },
  );
  zip.append(
    `${XML}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    { name: 'xl/workbook.xml' },
  );
  zip.append(workbookRels, { name: 'xl/_rels/workbook.xml.rels' });
  zip.append(styles, { name: 'xl/styles.xml' });
  const sheetXml = Readable.from(sheet());
  // A failed read (the database gone mid-export) ends the answer in error, not as a cut workbook.
  sheetXml.once('error', (err) => zip.destroy(err));
  zip.append(sheetXml, { name: 'xl/worksheets/sheet1.xml' });
  void zip.finalize().catch((err: unknown) => zip.destroy(err instanceof Error ? err : new Error(String(err))));
  return zip;
}
