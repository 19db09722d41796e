import { businessDate, businessYear } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { applyStatusChange } from './apply-status.ts';
import { certificateDigest, depositDocument } from './certificate.ts';
import { nextCounter } from './counters.ts';
import { loadInvoiceRow, lockDraft, requireSupplier } from './invoice-access.ts';
import { actorFor } from './invoice-history.ts';
import { invoiceView } from './invoice-view.ts';
import { sendRuleProblems } from './send-rules.ts';

const alreadySent = 'Cette facture a déjà été envoyée.';

/**
 * The next automatic number (« <année><séquence> », the year in Paris) that this supplier has not
 * already typed by hand on another invoice (issue 15, defect 1: a typed number equal to the next
 * automatic one used to block every later submission).
 */
async function automaticNumber(trx: Db, ctx: AppContext, supplierStructureId: number): Promise<string> {
  const year = businessYear(ctx.now());
  for (;;) {
    const number = `${year}${String(await nextCounter(trx, `invoice-${year}`)).padStart(10, '0')}`;
    const taken = await trx
      .selectFrom('invoices')
      .select('id')
      .where('supplier_structure_id', '=', supplierStructureId)
      .where('number', '=', number)
      .executeTakeFirst();
    if (!taken) return number;
  }
}

/**
 * « Confirmer et envoyer »: checks every rule, gives the final number, seals the deposit with its
 * certificate and queues the routing, all in one transaction: once this answers, nothing is lost,
 * and no edit of the draft can slip between the checks and the deposit.
 */
export async function submitInvoice(ctx: AppContext, userId: number, invoiceId: number) {
  const before = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx.db, userId, before, 'modification');
  await ctx.db.transaction().execute(async (trx) => {
    // Hold the draft, then read it again: the rules judge exactly the draft that is deposited.
    await lockDraft(trx, ctx, invoiceId, alreadySent);
    const inv = await loadInvoiceRow(trx, invoiceId);
    const problems = await sendRuleProblems(trx, inv, businessDate(ctx.now()));
    if (Object.keys(problems).length)
      throw new AppError(
        'VALIDATION_FAILED',
        'La facture ne peut pas être envoyée : corrigez les points signalés.',
        problems,
      );
    await applyStatusChange(trx, ctx, inv, {
      to: 'DEPOSEE',
      by: 'supplier',
      actor: await actorFor(trx, userId, inv.supplier_structure_id, inv.supplier_service_id),
      number: inv.number ?? (await automaticNumber(trx, ctx, inv.supplier_structure_id)),
      conflictMessage: alreadySent,
    });
    const certificate = certificateDigest(depositDocument(await invoiceView(trx, invoiceId)));
    await trx.updateTable('invoices').set({ certificate }).where('id', '=', invoiceId).execute();
  });
  ctx.nudgeOutbox();
  return invoiceView(ctx.db, invoiceId);
}
