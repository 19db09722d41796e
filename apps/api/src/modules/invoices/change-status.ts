import {
  allowedTransitions,
  canTransition,
  invoiceStatusLabels,
  reasonRequired,
  type Actor,
  type InvoiceStatus,
} from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { applyStatusChange } from './apply-status.ts';
import { loadInvoiceRow, requireRecipient, requireSupplier } from './invoice-access.ts';
import { actorFor } from './invoice-history.ts';
import { invoiceView } from './invoice-view.ts';

/** « Motif » is mandatory for the returns (« Suspendue », « Rejetée », « A recycler »). */
export function requireReason(to: InvoiceStatus, reason: string): void {
  if (reasonRequired.has(to) && !reason)
    throw new AppError(
      'VALIDATION_FAILED',
      `Indiquez le motif : il est obligatoire pour l’état « ${invoiceStatusLabels[to]} ».`,
      { reason: 'Le motif est obligatoire pour cet état.' },
    );
}

/** The public entity processes a received invoice (« Factures reçues »), through the transition table. */
export async function processReceivedInvoice(
  ctx: AppContext,
  userId: number,
  invoiceId: number,
  cmd: { status: string; reason: string },
) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireRecipient(ctx, userId, inv, 'modification');
  await moveReceivedInvoice(ctx, userId, inv, cmd);
  return invoiceView(ctx, invoiceId);
}

/**
 * The change itself, on an invoice row the caller loaded and whose recipient it checked: the
 * transition table says whether the state is possible, the reason is checked, then the one status
 * change path writes it (history, mails).
 */
export async function moveReceivedInvoice(
  ctx: AppContext,
  userId: number,
  inv: Awaited<ReturnType<typeof loadInvoiceRow>>,
  cmd: { status: string; reason: string },
): Promise<InvoiceStatus> {
  const from = inv.status;
  const to = cmd.status as InvoiceStatus;
  if (!canTransition(from, to, 'recipient')) {
    const allowed = allowedTransitions(from, 'recipient').map((s) => `« ${invoiceStatusLabels[s]} »`);
    throw new AppError(
      'CONFLICT',
      allowed.length
        ? `Depuis l’état « ${invoiceStatusLabels[from]} », la facture peut passer à : ${allowed.join(', ')}.`
        : `Depuis l’état « ${invoiceStatusLabels[from]} », plus aucun changement n’est possible.`,
      { status: 'Cet état n’est pas possible depuis l’état courant.' },
    );
  }
  requireReason(to, cmd.reason);
  await changeStatus(
    ctx,
    userId,
    inv,
    { to, by: 'recipient', comment: cmd.reason || null },
    inv.recipient_structure_id ?? 0,
    inv.recipient_service_id,
  );
  return to;
}

/** « Si la facture m'est retournée à l'état Suspendue … » : the supplier completes it and sends it back. */
export async function completeInvoice(ctx: AppContext, userId: number, invoiceId: number, cmd: { comment: string }) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, inv, 'modification');
  if (!canTransition(inv.status, 'COMPLETEE', 'supplier'))
    throw new AppError('CONFLICT', 'Seule une facture suspendue peut être complétée.');
  await changeStatus(
    ctx,
    userId,
    inv,
    { to: 'COMPLETEE', by: 'supplier', comment: cmd.comment },
    inv.supplier_structure_id,
    inv.supplier_service_id,
  );
  return invoiceView(ctx, invoiceId);
}

async function changeStatus(
  ctx: AppContext,
  userId: number,
  inv: { id: number; status: InvoiceStatus },
  change: { to: InvoiceStatus; by: Actor; comment: string | null },
  structureId: number,
  serviceId: number | null,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const actor = await actorFor({ ...ctx, db: trx }, userId, structureId, serviceId);
    await applyStatusChange(trx, ctx, inv, { ...change, actor });
  });
  ctx.nudgeOutbox();
}
