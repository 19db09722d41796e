import { businessDate, businessYear } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { inTransaction, isoNow } from '../../platform/context.ts';
import { applyStatusChange } from './apply-status.ts';
import { certificateDigest, depositDocument } from './certificate.ts';
import { nextCounter } from './counters.ts';
import { heldDraftFor, lockDraftFor, type HeldDraft } from './invoice-access.ts';
import { addLines, type LineCommand } from './invoice-lines.ts';
import { createDraft, type InvoiceHeaderCommand } from './save-draft.ts';
import { actorFor } from './invoice-history.ts';
import { attachmentsOf, historyOf, invoiceView, linesOf, type KnownInvoice } from './invoice-view.ts';
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
 * and no edit of the draft can slip between the checks and the deposit. The draft is held first
 * and each of its rows read once (issue 13); returns them as deposited, for the answer.
 */
export async function submitInvoice(
  ctx: AppContext,
  userId: number,
  invoiceId: number,
  held?: HeldDraft,
): Promise<Required<KnownInvoice>> {
  const deposited = await inTransaction(ctx.db, async (trx) => {
    // Hold the draft, then judge it: the rules judge exactly the draft that is deposited.
    const inv = held
      ? await heldDraftFor(trx, userId, held.inv, alreadySent)
      : await lockDraftFor(trx, ctx, userId, invoiceId, alreadySent);
    const lines = held?.lines ?? (await linesOf(trx, invoiceId));
    const problems = await sendRuleProblems(trx, inv, businessDate(ctx.now()), lines);
    if (Object.keys(problems).length)
      throw new AppError(
        'VALIDATION_FAILED',
        'La facture ne peut pas être envoyée : corrigez les points signalés.',
        problems,
      );
    const number = inv.number ?? (await automaticNumber(trx, ctx, inv.supplier_structure_id));
    const [attachments, history, actor] = await Promise.all([
      held?.attachments ?? attachmentsOf(trx, invoiceId),
      held?.history ?? historyOf(trx, invoiceId),
      actorFor(trx, userId, inv.supplier_structure_id, inv.supplier_service_id),
    ]);
    // The certificate seals the invoice as it is deposited: its number and instant included.
    const at = isoNow(ctx);
    const sealed = { ...inv, number, status: 'DEPOSEE' as const, status_at: at, deposited_at: at, updated_at: at };
    const certificate = certificateDigest(
      depositDocument(await invoiceView(trx, invoiceId, ctx.now(), { inv: sealed, lines, attachments, history })),
    );
    const change = await applyStatusChange(trx, ctx, inv, {
      to: 'DEPOSEE',
      by: 'supplier',
      actor,
      number,
      conflictMessage: alreadySent,
      at,
      certificate,
      historyHead: history[0]?.hash ?? null,
    });
    return { inv: change.invoice, lines, attachments, history: [change.history, ...history] };
  });
  if (!ctx.db.isTransaction) ctx.nudgeOutbox();
  return deposited;
}

/**
 * A complete invoice (header and lines) typed and sent in one call, one transaction: « Enregistrer »,
 * « Ajouter une ligne » and « Confirmer et envoyer » as they are, so every rule is the same; a
 * refusal at any step keeps nothing. Software sends this with a personal API token (issue 13).
 */
export async function sendTypedInvoice(
  ctx: AppContext,
  userId: number,
  cmd: InvoiceHeaderCommand & { lines: LineCommand[] },
): Promise<Required<KnownInvoice>> {
  const { lines, ...header } = cmd;
  return inTransaction(ctx.db, async (trx) => {
    const inTrx = { ...ctx, db: trx };
    const draft = await createDraft(inTrx, userId, header);
    const typed = await addLines(inTrx, userId, draft.inv.id, lines, draft);
    return submitInvoice(inTrx, userId, draft.inv.id, { ...draft, ...typed });
  });
}
