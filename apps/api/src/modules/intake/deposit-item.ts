import type { DepositFormat } from '@chorale/domain';
import type { DepositItem, Guess, ReportLine } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { loadInvoiceRow } from '../invoices/invoice-access.ts';
import { sendRuleProblems } from '../invoices/send-rules.ts';
import { submitInvoice } from '../invoices/submit-invoice.ts';
import { hasFatal } from './report.ts';

type Base = { fileName: string; format: DepositFormat | null };

export function refused(
  base: Base,
  message: string,
  report: ReportLine[],
  fields: Record<string, string> = {},
): DepositItem {
  return {
    ...base,
    outcome: 'REFUSEE',
    invoiceId: null,
    draftNumber: null,
    number: null,
    canSubmit: false,
    message,
    report,
    fields,
    guesses: [],
  };
}

/**
 * « The same supplier cannot send the same invoice number twice »: the earlier invoice, named,
 * or null. Drafts count too: the number is already taken by one of the structure's invoices.
 */
export async function duplicateOf(db: Db, supplierStructureId: number, number: string): Promise<string | null> {
  const earlier = await db
    .selectFrom('invoices')
    .select(['draft_number', 'status', 'invoice_date', 'deposited_at', 'created_at'])
    .where('supplier_structure_id', '=', supplierStructureId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!earlier) return null;
  const when = (earlier.deposited_at ?? earlier.created_at).slice(0, 10).split('-').reverse().join('/');
  return earlier.status === 'BROUILLON'
    ? `le numéro de facture « ${number} » est déjà celui du brouillon ${earlier.draft_number} de votre structure (créé le ${when}) : supprimez ce brouillon ou corrigez le numéro.`
    : `la facture n° ${number} du ${earlier.invoice_date.split('-').reverse().join('/')} a déjà été envoyée par votre structure le ${when} : une facture ne s'envoie qu'une fois.`;
}

/**
 * The send rules of a typed invoice, answered on the new draft (never a copy of them), then
 * « Valider et envoyer » through the same use case when asked and nothing blocks.
 */
export async function finishItem(
  ctx: AppContext,
  userId: number,
  created: Base & { id: number; draftNumber: string; number: string | null },
  report: ReportLine[],
  fields: Record<string, string>,
  guesses: Guess[],
  submit: boolean,
): Promise<DepositItem> {
  const row = await loadInvoiceRow(ctx.db, created.id);
  const problems = { ...(await sendRuleProblems(ctx.db, row, isoNow(ctx).slice(0, 10))), ...fields };
  delete problems.report;
  const blocked = hasFatal(report);
  const canSubmit = !blocked && Object.keys(problems).length === 0 && guesses.length === 0;
  const item: DepositItem = {
    fileName: created.fileName,
    format: created.format,
    outcome: 'BROUILLON',
    invoiceId: created.id,
    draftNumber: created.draftNumber,
    number: created.number,
    canSubmit,
    message: blocked
      ? `Brouillon ${created.draftNumber} créé : le rapport signale des erreurs bloquantes, la facture ne peut pas être envoyée.`
      : Object.keys(problems).length
        ? `Brouillon ${created.draftNumber} créé : complétez les champs signalés avant l'envoi.`
        : `Brouillon ${created.draftNumber} créé.`,
    report,
    fields: problems,
    guesses,
  };
  if (!submit || !canSubmit) return item;
  try {
    const sent = await submitInvoice(ctx, userId, created.id);
    return {
      ...item,
      outcome: 'ENVOYEE',
      number: sent.number,
      canSubmit: false,
      message: `Facture n° ${sent.number} envoyée.`,
    };
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'VALIDATION_FAILED') throw e;
    return { ...item, canSubmit: false, fields: { ...item.fields, ...e.fields }, message: e.message };
  }
}
