import {
  allowedTransitions,
  canTransition,
  invoiceStatusLabels,
  reasonRequired,
  type InvoiceStatus,
} from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { loadInvoiceRow, requireRecipient, requireSupplier } from './invoice-access.ts';
import { actorFor, recordStatus } from './invoice-history.ts';
import { invoiceView } from './invoice-view.ts';
import { statusChangeMails } from './status-mails.ts';

/** The public entity processes a received invoice (« Factures reçues »), through the transition table. */
export async function processReceivedInvoice(
  ctx: AppContext,
  userId: number,
  invoiceId: number,
  cmd: { status: string; reason: string },
) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireRecipient(ctx.db, userId, inv, 'modification');
  const from = inv.status as InvoiceStatus;
  const to = cmd.status as InvoiceStatus;
  if (!canTransition(from, to, 'recipient')) {
    const allowed = allowedTransitions(from, 'recipient').map((s) => `« ${invoiceStatusLabels[s]} »`);
    throw new AppError(
      'CONFLICT',
      allowed.length
        ? `Depuis l'état « ${invoiceStatusLabels[from]} », la facture peut passer à : ${allowed.join(', ')}.`
        : `Depuis l'état « ${invoiceStatusLabels[from]} », plus aucun changement n'est possible.`,
      { status: "Cet état n'est pas possible depuis l'état courant." },
    );
  }
  if (reasonRequired.has(to) && !cmd.reason)
    throw new AppError(
      'VALIDATION_FAILED',
      `Indiquez le motif : il est obligatoire pour l'état « ${invoiceStatusLabels[to]} ».`,
      { reason: 'Le motif est obligatoire pour cet état.' },
    );
  await changeStatus(
    ctx,
    userId,
    inv,
    to,
    cmd.reason || null,
    inv.recipient_structure_id ?? 0,
    inv.recipient_service_id,
  );
  return invoiceView(ctx.db, invoiceId);
}

/** « Si la facture m'est retournée à l'état Suspendue … » : the supplier completes it and sends it back. */
export async function completeInvoice(ctx: AppContext, userId: number, invoiceId: number, cmd: { comment: string }) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx.db, userId, inv, 'modification');
  if (!canTransition(inv.status as InvoiceStatus, 'COMPLETEE', 'supplier'))
    throw new AppError('CONFLICT', 'Seule une facture suspendue peut être complétée.');
  await changeStatus(ctx, userId, inv, 'COMPLETEE', cmd.comment, inv.supplier_structure_id, inv.supplier_service_id);
  return invoiceView(ctx.db, invoiceId);
}

async function changeStatus(
  ctx: AppContext,
  userId: number,
  inv: { id: number; status: string },
  to: InvoiceStatus,
  comment: string | null,
  structureId: number,
  serviceId: number | null,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const now = isoNow(ctx);
    const updated = await trx
      .updateTable('invoices')
      .set({ status: to, status_at: now, updated_at: now })
      .where('id', '=', inv.id)
      .where('status', '=', inv.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new AppError('CONFLICT', "L'état de la facture vient de changer : rechargez la page.");
    await recordStatus(trx, ctx, inv.id, to, await actorFor(trx, userId, structureId, serviceId), comment);
    for (const mail of await statusChangeMails(trx, ctx, inv.id, to, comment))
      await enqueue(trx, ctx, 'mail.send', mail);
  });
  ctx.nudgeOutbox();
}
