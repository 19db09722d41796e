import { businessDate, canTransition } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { loadInvoiceRow, requireSupplier } from './invoice-access.ts';
import { sendRuleProblems } from './send-rules.ts';

export const sendRulesMessage = 'La facture ne peut pas être envoyée : corrigez les points signalés.';

const alreadySent = () => new AppError('CONFLICT', 'Cette facture a déjà été envoyée.');

/**
 * « Valider et envoyer » asks this before showing « Confirmer et envoyer »: the same rules as the
 * sending itself, without sending, so the user confirms only an invoice that will go (issue 14).
 */
export async function checkSendRules(ctx: AppContext, userId: number, invoiceId: number) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, inv, 'modification');
  if (!canTransition(inv.status as 'BROUILLON', 'DEPOSEE', 'supplier')) throw alreadySent();
  // The same « today » as the sending itself: the Paris business day (issue 14).
  const problems = await sendRuleProblems(ctx, inv, businessDate(ctx.now()));
  const sendable = Object.keys(problems).length === 0;
  return { sendable, message: sendable ? '' : sendRulesMessage, problems };
}
