import { platformNextStep } from '@chorale/domain';
import { preparedQuery } from '@chorale/db';
import type { AppContext } from '../../platform/context.ts';
import { applyStatusChange } from './apply-status.ts';
import { platformActor } from './invoice-history.ts';

/**
 * The platform's own steps after a deposit, run by the outbox worker, as the lifecycle table
 * gives them (DEPOSEE → EN_COURS_ACHEMINEMENT → MISE_A_DISPOSITION, the start of the payment
 * period). Each step is its own transaction and queues the next, so a crash in between resumes
 * where it stopped; a job whose invoice has moved on meanwhile does nothing.
 */
export async function routeInvoice(ctx: AppContext, payload: { invoiceId: number }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const inv = await invoiceStatus.first(trx, { id: payload.invoiceId });
    const next = inv && platformNextStep(inv.status);
    if (!inv || !next) return;
    await applyStatusChange(trx, ctx, inv, { to: next, by: 'platform', actor: platformActor });
  });
  ctx.nudgeOutbox();
}

const invoiceStatus = preparedQuery((db, p: { id: number }) =>
  db.selectFrom('invoices').select(['id', 'status']).where('id', '=', p.id),
);
