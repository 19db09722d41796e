import { canTransition } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { loadInvoiceRow, requireSupplier } from './invoice-access.ts';
import { sendRuleProblems } from './send-rules.ts';

type InvoiceRow = Awaited<ReturnType<typeof loadInvoiceRow>>;

export const sendRulesMessage = 'La facture ne peut pas être envoyée : corrigez les points signalés.';

const alreadySent = () => new AppError('CONFLICT', 'Cette facture a déjà été envoyée.');

/** The one place that turns the send rules into the refusal « Confirmer et envoyer » answers. */
export async function assertSendable(db: Db, inv: InvoiceRow, today: string): Promise<void> {
  if (!canTransition(inv.status as 'BROUILLON', 'DEPOSEE', 'supplier')) throw alreadySent();
  const problems = await sendRuleProblems(db, inv, today);
  if (Object.keys(problems).length) throw new AppError('VALIDATION_FAILED', sendRulesMessage, problems);
}

/**
 * « Valider et envoyer » asks this before showing « Confirmer et envoyer »: the same rules as the
 * sending itself, without sending, so the user confirms only an invoice that will go (issue 14).
 */
export async function checkSendRules(ctx: AppContext, userId: number, invoiceId: number) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx.db, userId, inv, 'modification');
  if (!canTransition(inv.status as 'BROUILLON', 'DEPOSEE', 'supplier')) throw alreadySent();
  const problems = await sendRuleProblems(ctx.db, inv, isoNow(ctx).slice(0, 10));
  const sendable = Object.keys(problems).length === 0;
  return { sendable, message: sendable ? '' : sendRulesMessage, problems };
}
