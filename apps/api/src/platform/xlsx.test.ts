import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { columnName, xlsxStream, type XlsxCell, type XlsxColumn } from './xlsx.ts';

const columns: XlsxColumn[] = [
  { header: 'Numéro', width: 14 },
  { header: 'Date', width: 12, format: 'date' },
  { header: 'Mt TTC', width: 12, format: 'money' },
  { header: 'Jours', width: 8 },
];

async function* from(rows: XlsxCell[][]) {
  for (const row of rows) yield row;
}

async function read(stream: NodeJS.ReadableStream) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook;
}

test('column names', () => {
  assert.deepEqual([0, 25, 26, 51, 701, 702].map(columnName), ['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
});

test('a workbook Excel reads: header in bold and frozen, typed dates and amounts, text kept as text', async () => {
  const workbook = await read(
    await xlsxStream(
      'Factures reçues',
      columns,
      from([
        ['F-1 & <2>', new Date('2026-01-15T00:00:00Z'), 1200.5, 30],
        ['=HYPERLINK("http://x")', null, 0, null],
        ['', undefined, -12.34, 0],
        ['Dupont & Fils "A"\u0007 — Émetteur’s ✓ 😀', null, 1, 1],
      ]),
    ),
  );
  const sheet = workbook.worksheets[0]!;
  assert.equal(sheet.name, 'Factures reçues');
  assert.equal(sheet.actualRowCount, 5);
  assert.deepEqual(
    [1, 2, 3, 4].map((c) => sheet.getRow(1).getCell(c).value),
    ['Numéro', 'Date', 'Mt TTC', 'Jours'],
  );
  assert.equal(sheet.getRow(1).getCell(1).font?.bold, true);
  assert.equal(sheet.views[0]?.state, 'frozen');
  assert.equal(sheet.getRow(2).getCell(1).value, 'F-1 & <2>');
  assert.equal((sheet.getRow(2).getCell(2).value as Date).toISOString(), '2026-01-15T00:00:00.000Z');
  assert.equal(sheet.getRow(2).getCell(2).numFmt, 'dd/mm/yyyy');
  assert.equal(sheet.getRow(2).getCell(3).value, 1200.5);
  assert.equal(sheet.getRow(2).getCell(3).numFmt, '#,##0.00');
  // A value that looks like a formula stays the text it is.
  assert.equal(sheet.getRow(3).getCell(1).value, '=HYPERLINK("http://x")');
  assert.equal(sheet.getRow(3).getCell(2).value, null);
  assert.equal(sheet.getRow(4).getCell(3).value, -12.34);
  assert.equal(sheet.getRow(4).getCell(4).value, 0);
  // Quotes and any character kept; what XML 1.0 cannot hold (a bell) dropped.
  assert.equal(sheet.getRow(5).getCell(1).value, 'Dupont & Fils "A" — Émetteur’s ✓ 😀');
  assert.equal(sheet.getColumn(1).width, 14);
});

test('rows are read only as fast as the workbook is read (memory flat, whatever the size)', async () => {
  let pulled = 0;
  async function* endless() {
    for (;;) {
      pulled++;
      yield [
        `F-${pulled}-${Math.random().toString(36)}`,
        new Date(Date.UTC(2026, 0, pulled % 28)),
        Math.random() * 1e6,
        pulled,
      ] as XlsxCell[];
    }
  }
  const stream = await xlsxStream('Factures', columns, endless());
  // Nobody reads: the pipeline fills its buffers, then stops pulling rows.
  let waiting = -1;
  for (let i = 0; i < 30 && pulled !== waiting; i++) {
    waiting = pulled;
    await sleep(200);
  }
  assert.equal(pulled, waiting, 'it waits for its reader');
  assert.ok(waiting > 0, 'the sheet has started');
  assert.ok(waiting < 30_000, `${waiting} rows read although nothing was read from the workbook`);
  // Once read, it goes on.
  let bytes = 0;
  for await (const chunk of stream) if ((bytes += (chunk as Buffer).length) > 1_000_000) break;
  assert.ok(pulled > waiting + 1_000, 'reading the workbook pulls the rows');
  stream.destroy();
});

test('a failure while reading the rows ends the workbook in error, not as a cut file', async () => {
  async function* failing() {
    yield ['F-1', null, 1, 1] as XlsxCell[];
    throw new Error('base indisponible');
  }
  await assert.rejects(read(await xlsxStream('Factures', columns, failing())));
});
