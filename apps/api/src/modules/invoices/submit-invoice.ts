import { canTransition } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { certificateDigest, depositDocument } from './certificate.ts';
import { nextCounter } from './counters.ts';
import { loadInvoiceRow, requireSupplier } from './invoice-access.ts';
import { actorFor, recordStatus } from './invoice-history.ts';
import { invoiceView } from './invoice-view.ts';
import { statusChangeMails } from './status-mails.ts';
import { sendRuleProblems } from './send-rules.ts';

/**
 * « Confirmer et envoyer »: checks every rule, gives the final number, seals the deposit with its
 * certificate and queues the routing, all in one transaction: once this answers, nothing is lost.
 */
export async function submitInvoice(ctx: AppContext, userId: number, invoiceId: number) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx.db, userId, inv, 'modification');
  if (!canTransition(inv.status as 'BROUILLON', 'DEPOSEE', 'supplier'))
    throw new AppError('CONFLICT', 'Cette facture a déjà été envoyée.');
  const problems = await sendRuleProblems(ctx.db, inv, isoNow(ctx).slice(0, 10));
  if (Object.keys(problems).length)
    throw new AppError(
      'VALIDATION_FAILED',
      'La facture ne peut pas être envoyée : corrigez les points signalés.',
      problems,
    );

  await ctx.db.transaction().execute(async (trx) => {
    let number = inv.number;
    if (!number) {
      const year = ctx.now().getUTCFullYear();
      number = `${year}${String(await nextCounter(trx, `invoice-${year}`)).padStart(10, '0')}`;
    }
    const now = isoNow(ctx);
    const updated = await trx
      .updateTable('invoices')
      .set({ number, status: 'DEPOSEE', status_at: now, deposited_at: now, updated_at: now })
      .where('id', '=', invoiceId)
      .where('status', '=', 'BROUILLON')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'Cette facture a déjà été envoyée.');
    const certificate = certificateDigest(depositDocument(await invoiceView(trx, invoiceId)));
    await trx.updateTable('invoices').set({ certificate }).where('id', '=', invoiceId).execute();
    await recordStatus(
      trx,
      ctx,
      invoiceId,
      'DEPOSEE',
      await actorFor(trx, userId, inv.supplier_structure_id, inv.supplier_service_id),
    );
    await enqueue(trx, ctx, 'invoice.route', { invoiceId });
    for (const mail of await statusChangeMails(trx, ctx, invoiceId, 'DEPOSEE', null))
      await enqueue(trx, ctx, 'mail.send', mail);
  });
  ctx.nudgeOutbox();
  return invoiceView(ctx.db, invoiceId);
}
