import { setImmediate } from 'node:timers/promises';
import { Readable } from 'node:stream';
import {
  billingFrameworkLabels,
  businessDate,
  formatParisDate,
  invoiceDelayState,
  invoiceStatusLabels,
  invoiceTypeLabels,
  type BillingFramework,
  type InvoiceStatus,
  type InvoiceType,
} from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { CSV_BOM, csvLine } from '../../platform/csv.ts';
import { xlsxStream, type XlsxColumn } from '../../platform/xlsx.ts';
import {
  afterRow,
  ordered,
  searchScope,
  selectRows,
  sortExpression,
  type InvoiceListQuery,
  type ResultRow,
} from './list-invoices.ts';

/** Rows read per query: the export never holds more than one batch in memory. */
export const EXPORT_BATCH = 1000;

/**
 * Every result of a search (not only the page), in the search's order, read in keyset batches
 * (« after the last row of the previous batch »): never more than one batch in memory. The rows
 * are the database's, turned into cells as they are written (`exportCells`): building the
 * list's answer objects for each of 100 000 lines made the server's heap grow by ~150 MB before
 * V8 collected it (issue 12 bench).
 */
async function* resultRows(ctx: AppContext, userId: number, q: InvoiceListQuery): AsyncGenerator<ResultRow> {
  const base = await searchScope(ctx, userId, q, businessDate(ctx.now()));
  if (!base) return;
  let last: { key: string | number; id: number } | null = null;
  for (;;) {
    const scoped: typeof base = last ? base.where(afterRow(q, last)) : base;
    const rows = await ordered(selectRows(scoped), q)
      .select(sortExpression(q.sort ?? 'statusAt').as('sort_key'))
      .limit(EXPORT_BATCH)
      .execute();
    yield* rows;
    // A turn of the event loop between pages: SQLite answers synchronously, and without it an
    // export would hold the process (other requests, timers and the garbage collector's tasks)
    // until its last line, its memory growing all along.
    await setImmediate();
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

/**
 * The Paris business day of stored instants, for one export: Paris is a whole number of hours
 * from UTC, so the day is the same for every instant of a UTC hour; one date formatting per hour
 * met instead of three per line.
 */
function parisDays() {
  const byHour = new Map<number, string>();
  return (instant: string | null): string => {
    if (!instant) return '';
    const hour = Math.floor(Date.parse(instant) / 3_600_000);
    let day = byHour.get(hour);
    if (day === undefined) {
      if (byHour.size >= 10_000) byHour.clear();
      day = businessDate(new Date(hour * 3_600_000));
      byHour.set(hour, day);
    }
    return day;
  };
}

/** The cells of one line, in `exportHeader`'s order: dates as business days, amounts in cents. */
function exportCells(r: ResultRow, today: string, day: (instant: string | null) => string) {
  const status = r.status as InvoiceStatus;
  const statusDay = day(r.status_at);
  const payment = invoiceDelayState(
    { startDay: day(r.made_available_at) || null, dueDate: r.due_date, status, statusDay },
    today,
  );
  return {
    type: invoiceTypeLabels[r.type as InvoiceType],
    supplierId: r.supplier_identifier ?? '',
    supplier: r.supplier_name ?? '',
    recipientId: r.recipient_identifier ?? '',
    recipient: r.recipient_identifier ? (r.recipient_name ?? '') : '',
    service: r.recipient_identifier ? (r.recipient_service_code ?? '') : '',
    number: r.number ?? r.draft_number,
    invoiceDate: r.invoice_date,
    depositedDay: day(r.deposited_at),
    netCents: Number(r.total_net_cents),
    grossCents: Number(r.net_payable_cents),
    currency: r.currency,
    state: invoiceStatusLabels[status] ?? r.status,
    stateDay: statusDay,
    commitment: r.commitment_number ?? '',
    market: r.market_number ?? '',
    framework: billingFrameworkLabels[r.billing_framework as BillingFramework] ?? r.billing_framework,
    attachmentsSize: Number(r.attachments_size ?? 0),
    dueDay: payment?.dueDate ?? '',
    daysElapsed: payment ? payment.daysElapsed : null,
    late: payment ? (payment.late ? 'oui' : 'non') : '',
  };
}

/**
 * The export's line for one result, in the order of `exportHeader`; days and amounts written by
 * the format's own functions (text for the CSV, typed cells for Excel).
 */
async function* exportLines<Day, Money>(
  ctx: AppContext,
  userId: number,
  q: InvoiceListQuery,
  format: { day: (day: string) => Day; money: (cents: number) => Money },
) {
  const today = businessDate(ctx.now());
  const day = parisDays();
  for await (const r of resultRows(ctx, userId, q)) {
    const c = exportCells(r, today, day);
    yield [
      c.type,
      c.supplierId,
      c.supplier,
      c.recipientId,
      c.recipient,
      c.service,
      c.number,
      format.day(c.invoiceDate),
      format.day(c.depositedDay),
      format.money(c.netCents),
      format.money(c.grossCents),
      c.currency,
      c.state,
      format.day(c.stateDay),
      c.commitment,
      c.market,
      c.framework,
      c.attachmentsSize,
      format.day(c.dueDay),
      c.daysElapsed,
      c.late,
    ];
  }
}

/** The CSV French spreadsheets open cleanly (platform/csv.ts: BOM, « ; », CRLF, no formulas). */
export function invoicesCsv(ctx: AppContext, userId: number, q: InvoiceListQuery): Readable {
  async function* lines() {
    yield CSV_BOM + csvLine(exportHeader);
    let chunk = '';
    let n = 0;
    const text = { day: (day: string) => formatParisDate(day, ''), money: euros };
    for await (const cells of exportLines(ctx, userId, q, text)) {
      chunk += csvLine(cells.map((v) => v ?? ''));
      if (++n % 200 === 0) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  return Readable.from(lines(), { objectMode: false });
}

/** The same export as an Excel workbook (platform/xlsx.ts): typed dates and amounts, streamed. */
export function invoicesXlsx(
  ctx: AppContext,
  userId: number,
  q: InvoiceListQuery,
  sheetName: string,
): Promise<Readable> {
  const typed = {
    day: (day: string) => (day ? new Date(`${day}T00:00:00Z`) : null),
    money: (cents: number) => cents / 100,
  };
  return xlsxStream(sheetName, xlsxColumns, exportLines(ctx, userId, q, typed));
}

const xlsxColumns: XlsxColumn[] = exportHeader.map((header, i) => ({
  header,
  width: [7, 8, 18, 19].includes(i) ? 14 : i === 2 || i === 4 ? 32 : 18,
  format: [7, 8, 13, 18].includes(i) ? 'date' : [9, 10].includes(i) ? 'money' : undefined,
}));
