import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  billingFrameworkLabels,
  businessDate,
  formatParisDate,
  invoiceStatusLabels,
  invoiceTypeLabels,
  type BillingFramework,
  type InvoiceStatus,
} from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { CSV_BOM, csvLine } from '../../platform/csv.ts';
import {
  afterRow,
  ordered,
  searchScope,
  selectRows,
  sortExpression,
  toSummary,
  type InvoiceListQuery,
} from './list-invoices.ts';

/** Rows read per query: the export never holds more than one batch in memory. */
export const EXPORT_BATCH = 1000;

type Summary = ReturnType<typeof toSummary> & {
  marketNumber: string;
  billingFramework: string;
};

/**
 * Every result of a search (not only the page), in the search's order, read in keyset batches
 * (« after the last row of the previous batch »): memory stays flat whatever the count.
 */
async function* resultRows(ctx: AppContext, userId: number, q: InvoiceListQuery): AsyncGenerator<Summary> {
  const today = businessDate(ctx.now());
  const base = await searchScope(ctx, userId, q, today);
  if (!base) return;
  let last: { key: string | number; id: number } | null = null;
  for (;;) {
    const scoped: typeof base = last ? base.where(afterRow(q, last)) : base;
    const rows = await ordered(selectRows(scoped), q)
      .select(sortExpression(q.sort ?? 'statusAt').as('sort_key'))
      .limit(EXPORT_BATCH)
      .execute();
    for (const r of rows)
      yield { ...toSummary(r, today), marketNumber: r.market_number ?? '', billingFramework: r.billing_framework };
    const end = rows.at(-1);
    if (!end || rows.length < EXPORT_BATCH) return;
    last = { key: end.sort_key as string | number, id: end.id };
  }
}

/** How many rows the export will hold (the portal shows it beside its progress). */
export async function exportCount(ctx: AppContext, userId: number, q: InvoiceListQuery): Promise<number> {
  const base = await searchScope(ctx, userId, q, businessDate(ctx.now()));
  if (!base) return 0;
  const r = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export const exportHeader = [
  'Type facture',
  'Fournisseur (identifiant)',
  'Fournisseur',
  'Destinataire (identifiant)',
  'Destinataire',
  'Service exécutant',
  'Numéro',
  'Date fournisseur',
  'Date de dépôt',
  'Mt HT',
  'Mt TTC',
  'Devise',
  'État courant',
  'Date de l’état courant',
  'Numéro d’engagement',
  'Numéro de marché',
  'Cadre de facturation',
  'Taille PJ (octets)',
  'Date d’échéance',
  'Jours écoulés',
  'En retard',
] as const;

/** Euros with a decimal comma and no thousands separator: a French spreadsheet reads a number. */
const euros = (cents: number) => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
};

function cells(s: Summary) {
  return {
    type: invoiceTypeLabels[s.type],
    supplierId: s.supplier.identifier,
    supplier: s.supplier.name,
    recipientId: s.recipient?.identifier ?? '',
    recipient: s.recipient?.name ?? '',
    service: s.recipient?.serviceCode ?? '',
    number: s.number,
    invoiceDate: s.invoiceDate,
    depositedDay: s.depositedAt ? businessDate(new Date(s.depositedAt)) : '',
    state: invoiceStatusLabels[s.status as InvoiceStatus] ?? s.status,
    stateDay: businessDate(new Date(s.statusAt)),
    framework: billingFrameworkLabels[s.billingFramework as BillingFramework] ?? s.billingFramework,
    late: s.payment ? (s.payment.late ? 'oui' : 'non') : '',
  };
}

/** The CSV French spreadsheets open cleanly (platform/csv.ts: BOM, « ; », CRLF, no formulas). */
export function invoicesCsv(ctx: AppContext, userId: number, q: InvoiceListQuery): Readable {
  async function* lines() {
    yield CSV_BOM + csvLine(exportHeader);
    let chunk = '';
    let n = 0;
    for await (const s of resultRows(ctx, userId, q)) {
      const c = cells(s);
      chunk += csvLine([
        c.type,
        c.supplierId,
        c.supplier,
        c.recipientId,
        c.recipient,
        c.service,
        c.number,
        formatParisDate(c.invoiceDate, ''),
        formatParisDate(c.depositedDay, ''),
        euros(s.netCents),
        euros(s.netPayableCents),
        s.currency,
        c.state,
        formatParisDate(c.stateDay, ''),
        s.commitmentNumber,
        s.marketNumber,
        c.framework,
        s.attachmentsSize,
        formatParisDate(s.payment?.dueDate ?? '', ''),
        s.payment ? s.payment.daysElapsed : '',
        c.late,
      ]);
      if (++n % 200 === 0) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  return Readable.from(lines(), { objectMode: false });
}

const asDate = (day: string) => (day ? new Date(`${day}T00:00:00Z`) : null);

/**
 * The same export as an Excel workbook, written by exceljs's streaming writer: each row is
 * committed (serialised into the zip) as soon as it is read, and the writer waits for the HTTP
 * answer to drain before the next batch.
 */
export function invoicesXlsx(ctx: AppContext, userId: number, q: InvoiceListQuery, sheetName: string): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Chorale';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const date = { numFmt: 'dd/mm/yyyy' };
  const money = { numFmt: '#,##0.00' };
  sheet.columns = exportHeader.map((header, i) => ({
    header,
    width: [7, 8, 18, 19].includes(i) ? 14 : i === 2 || i === 4 ? 32 : 18,
    style: [7, 8, 13, 18].includes(i) ? date : [9, 10].includes(i) ? money : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  (async () => {
    let n = 0;
    for await (const s of resultRows(ctx, userId, q)) {
      const c = cells(s);
      sheet
        .addRow([
          c.type,
          c.supplierId,
          c.supplier,
          c.recipientId,
          c.recipient,
          c.service,
          c.number,
          asDate(c.invoiceDate),
          asDate(c.depositedDay),
          s.netCents / 100,
          s.netPayableCents / 100,
          s.currency,
          c.state,
          asDate(c.stateDay),
          s.commitmentNumber,
          s.marketNumber,
          c.framework,
          s.attachmentsSize,
          asDate(s.payment?.dueDate ?? ''),
          s.payment ? s.payment.daysElapsed : null,
          c.late,
        ])
        .commit();
      if (++n % 500 === 0 && out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
