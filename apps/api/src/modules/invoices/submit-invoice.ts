import { businessDate, businessYear } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, isoNow } from '../../platform/context.ts';
import { applyStatusChange } from './apply-status.ts';
import { certificateDigest, depositDocument } from './certificate.ts';
import { nextInvoiceNumber } from './counters.ts';
import { heldDraftFor, type HeldDraft } from './invoice-access.ts';
import { holdDraftFor } from './held-draft.ts';
import type { LineCommand } from './invoice-lines.ts';
import { createDraft, type InvoiceHeaderCommand } from './save-draft.ts';
import { actorFor } from './invoice-history.ts';
import { attachmentsOf, historyOf, invoiceView, type KnownInvoice } from './invoice-view.ts';
import { sendRuleProblems } from './send-rules.ts';

const alreadySent = 'Cette facture a déjà été envoyée.';

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
    const draft = held
      ? {
          inv: await heldDraftFor(trx, userId, held.inv, alreadySent),
          lines: held.lines,
          attachments: held.attachments,
          history: held.history,
        }
      : await holdDraftFor(trx, ctx, userId, invoiceId, alreadySent);
    const { inv, lines } = draft;
    const problems = await sendRuleProblems(trx, inv, businessDate(ctx.now()), lines);
    if (Object.keys(problems).length)
      throw new AppError(
        'VALIDATION_FAILED',
        'La facture ne peut pas être envoyée : corrigez les points signalés.',
        problems,
      );
    const [attachments, history, actor] = await Promise.all([
      draft.attachments ?? attachmentsOf(trx, invoiceId),
      draft.history ?? historyOf(trx, invoiceId),
      actorFor(trx, userId, inv.supplier_structure_id, inv.supplier_service_id),
    ]);
    const at = isoNow(ctx);
    const sealed = { ...inv, status: 'DEPOSEE' as const, status_at: at, deposited_at: at, updated_at: at };
    const view = await invoiceView(trx, invoiceId, ctx.now(), { inv: sealed, lines, attachments, history });
    // Everything is read before the automatic number is taken: its counter row (the supplier's)
    // stays locked until commit on PostgreSQL, so it is taken last, just before the status write
    // that carries it; a supplier sending many invoices at once holds it for the shortest time.
    const number =
      inv.number ??
      held?.number ??
      (await nextInvoiceNumber(trx, businessYear(ctx.now()), inv.supplier_structure_id)).number;
    // The certificate seals the invoice as it is deposited: its number and instant included.
    const certificate = certificateDigest(depositDocument({ ...view, number }));
    const change = await applyStatusChange(trx, ctx, inv, {
      to: 'DEPOSEE',
      by: 'supplier',
      actor,
      number,
      conflictMessage: alreadySent,
      at,
      certificate,
      historyHead: history[0]?.hash ?? null,
      ...(held?.pendingHistory ? { historyBefore: held.pendingHistory } : {}),
    });
    const before = [...change.historyBefore].reverse();
    return { inv: change.invoice, lines, attachments, history: [change.history, ...before, ...history] };
  });
  if (!ctx.db.isTransaction) ctx.nudgeOutbox();
  return deposited;
}

/**
 * A complete invoice (header and lines) typed and sent in one call, one transaction: « Enregistrer »
 * with its lines, then « Confirmer et envoyer », with the same rules; a refusal at any step keeps
 * nothing. The draft is written with its lines and totals at once, its final number taken last
 * (issue 13; on SQLite with its draft number, see counters.ts). Software sends this with a personal API token (issue 13), and the
 * compatible API's `soumettre` with `depositMode`.
 */
export async function sendTypedInvoice(
  ctx: AppContext,
  userId: number,
  cmd: InvoiceHeaderCommand & { lines: LineCommand[] },
  options: { depositMode?: 'SAISIE_API' } = {},
): Promise<Required<KnownInvoice>> {
  const { lines, ...header } = cmd;
  return inTransaction(ctx.db, async (trx) => {
    const inTrx = { ...ctx, db: trx };
    const draft = await createDraft(inTrx, userId, header, { lines, withNumber: true, sentNext: true, ...options });
    return submitInvoice(inTrx, userId, draft.inv.id, draft);
  });
}
