import { canTransition, type InvoiceStatus } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { platformActor, recordStatus } from './invoice-history.ts';
import { statusChangeMails } from './status-mails.ts';

/**
 * The platform's own steps after a deposit, run by the outbox worker: DEPOSEE →
 * EN_COURS_ACHEMINEMENT → MISE_A_DISPOSITION (the start of the payment period). Each step is its
 * own transaction and re-queues the next, so a crash in between resumes where it stopped.
 */
export async function routeInvoice(ctx: AppContext, payload: { invoiceId: number }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const inv = await trx
      .selectFrom('invoices')
      .select(['id', 'status'])
      .where('id', '=', payload.invoiceId)
      .executeTakeFirst();
    if (!inv) return;
    const next: InvoiceStatus | null =
      inv.status === 'DEPOSEE'
        ? 'EN_COURS_ACHEMINEMENT'
        : inv.status === 'EN_COURS_ACHEMINEMENT'
          ? 'MISE_A_DISPOSITION'
          : null;
    if (!next || !canTransition(inv.status as InvoiceStatus, next, 'platform')) return;
    const now = isoNow(ctx);
    const updated = await trx
      .updateTable('invoices')
      .set({
        status: next,
        status_at: now,
        updated_at: now,
        ...(next === 'MISE_A_DISPOSITION' ? { made_available_at: now } : {}),
      })
      .where('id', '=', inv.id)
      .where('status', '=', inv.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return;
    await recordStatus(trx, ctx, inv.id, next, platformActor);
    for (const mail of await statusChangeMails(trx, ctx, inv.id, next, null))
      await enqueue(trx, ctx, 'mail.send', mail);
    if (next === 'EN_COURS_ACHEMINEMENT') await enqueue(trx, ctx, 'invoice.route', { invoiceId: inv.id });
  });
  ctx.nudgeOutbox();
}
