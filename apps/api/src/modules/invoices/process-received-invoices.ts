import type { InvoiceStatus } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { moveReceivedInvoice, requireReason } from './change-status.ts';
import { loadInvoiceRow, requireRecipient } from './invoice-access.ts';

export interface BulkStatusChange {
  ids: number[];
  status: InvoiceStatus;
  reason: string;
}

/**
 * « Factures à traiter », the ticked rows: each invoice goes through the one status change of a
 * received invoice (moveReceivedInvoice: the transition table, the history, the mails), one
 * after the other. The request is refused whole when one invoice is not the user's to process
 * (nothing is changed then); an invoice the lifecycle does not let move to that state is reported
 * on its row and the others still move.
 */
export async function processReceivedInvoices(ctx: AppContext, userId: number, cmd: BulkStatusChange) {
  requireReason(cmd.status, cmd.reason);
  const ids = [...new Set(cmd.ids)];
  const rows = [];
  for (const id of ids) {
    const inv = await loadInvoiceRow(ctx.db, id);
    await requireRecipient(ctx, userId, inv, 'modification');
    rows.push(inv);
  }
  const results = [];
  for (const inv of rows) {
    const number = inv.number ?? inv.draft_number;
    try {
      const status = await moveReceivedInvoice(ctx, userId, inv, cmd);
      results.push({ id: inv.id, number, ok: true, status, message: '' });
    } catch (error) {
      if (!(error instanceof AppError) || !['CONFLICT', 'VALIDATION_FAILED'].includes(error.code)) throw error;
      const current = await loadInvoiceRow(ctx.db, inv.id);
      results.push({ id: inv.id, number, ok: false, status: current.status, message: error.message });
    }
  }
  return { results };
}
