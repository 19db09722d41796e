/**
 * CSV that French spreadsheets open cleanly: UTF-8 with a BOM, « ; » separators, CRLF line ends.
 * A cell starting with = + - @ is prefixed with « ' » so that a spreadsheet never runs it as a
 * formula (CSV injection).
 */
export const CSV_BOM = '\uFEFF';

export function csvField(value: string | number): string {
  const s = String(value).replace(/^([=+\-@])/, "'$1");
  return /[";\r\n]/.test(s) || s !== String(value) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number)[]): string {
  return `${cells.map(csvField).join(';')}\r\n`;
}

export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return CSV_BOM + csvLine(header) + rows.map(csvLine).join('');
}
