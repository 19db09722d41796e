import { structuredDepositFormats, type DepositFormat, type DepositMode } from '@chorale/domain';
import type { Guess, InvoiceDeposit, ReportLine } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { readStoredFile } from '../files/file-store.ts';
import { invoiceNotFound, loadInvoiceRow, requireEitherSide } from '../invoices/invoice-access.ts';
import { editableFieldsOf } from './structured-draft-guard.ts';
import { storedTypedTotals } from './typed-totals.ts';

async function depositedInvoice(ctx: AppContext, userId: number, invoiceId: number) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireEitherSide(ctx, userId, inv);
  if (!inv.original_sha256 || !inv.original_format) throw invoiceNotFound();
  return inv;
}

type InvoiceRow = Awaited<ReturnType<typeof loadInvoiceRow>>;

/**
 * The stored original of a deposited invoice, or null for a typed one. Also what « Visualiser la
 * facture » gives for a deposited invoice (invoices/facturx/invoice-document.ts).
 */
export async function originalFile(ctx: Pick<AppContext, 'config'>, inv: InvoiceRow) {
  if (!inv.original_sha256 || !inv.original_format) return null;
  const contentType =
    inv.original_format === 'UBL' || inv.original_format === 'CII' ? 'application/xml' : 'application/pdf';
  return {
    fileName: inv.original_file_name ?? `facture-${inv.number ?? inv.draft_number}`,
    bytes: await readStoredFile(ctx, inv.original_sha256),
    contentType,
  };
}

/** The deposited file, byte for byte: the invoice's legal original. Same access as the invoice. */
export async function downloadOriginal(ctx: AppContext, userId: number, invoiceId: number) {
  const file = await originalFile(ctx, await depositedInvoice(ctx, userId, invoiceId));
  if (!file) throw invoiceNotFound();
  return file;
}

/** How a deposited invoice came in: its report, its guesses and what may still change. */
export async function invoiceDeposit(ctx: AppContext, userId: number, invoiceId: number): Promise<InvoiceDeposit> {
  const inv = await depositedInvoice(ctx, userId, invoiceId);
  const structured = structuredDepositFormats.has(inv.original_format as DepositFormat);
  return {
    invoiceId: inv.id,
    depositMode: inv.deposit_mode as DepositMode,
    format: inv.original_format as DepositFormat,
    originalFileName: inv.original_file_name ?? '',
    originalSize: inv.original_size ?? 0,
    originalSha256: inv.original_sha256!,
    report: JSON.parse(inv.deposit_report ?? '[]') as ReportLine[],
    guesses: JSON.parse(inv.deposit_guesses ?? '[]') as Guess[],
    editableFields: structured ? editableFieldsOf(inv) : null,
    linesEditable: false,
    typedTotals: storedTypedTotals(inv),
  };
}
