import type { DepositFormat } from '@chorale/domain';
import type { DepositItem, Guess, ReportLine } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { loadInvoiceRow, type HeldDraft } from '../invoices/invoice-access.ts';
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
    : `la facture n° ${number} du ${earlier.invoice_date.split('-').reverse().join('/')} a déjà été envoyée par votre structure le ${when} : une facture ne s’envoie qu’une fois.`;
}

/**
 * The send rules of a typed invoice, answered on the new draft (never a copy of them), then
 * « Valider et envoyer » through the same use case when asked and nothing blocks. `held`: the
 * draft's rows as written, when the transaction that wrote them is still the caller's (a group of
 * a batch): submitted from them, not held and read again.
 */
export async function finishItem(
  ctx: AppContext,
  userId: number,
  created: Base & { id: number; draftNumber: string; number: string | null; held?: HeldDraft },
  report: ReportLine[],
  fields: Record<string, string>,
  guesses: Guess[],
  submit: boolean,
): Promise<DepositItem> {
  const blocked = hasFatal(report);
  const base = {
    fileName: created.fileName,
    format: created.format,
    invoiceId: created.id,
    draftNumber: created.draftNumber,
    report,
    guesses,
  };
  let problems: Record<string, string>;
  let message: string | null = null;
  if (submit && !blocked && Object.keys(fields).length === 0 && guesses.length === 0) {
    // submitInvoice checks the send rules itself: asked once, not twice, on the batch hot path.
    try {
      const held = ctx.db.isTransaction ? created.held : undefined;
      const sent = (await submitInvoice(ctx, userId, created.id, held)).inv;
      return {
        ...base,
        outcome: 'ENVOYEE',
        number: sent.number,
        canSubmit: false,
        message: `Facture n° ${sent.number} envoyée.`,
        fields: {},
      };
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'VALIDATION_FAILED') throw e;
      problems = { ...fields, ...e.fields };
      message = e.message;
    }
  } else {
    const row = await loadInvoiceRow(ctx.db, created.id);
    problems = { ...(await sendRuleProblems(ctx, row, isoNow(ctx).slice(0, 10))), ...fields };
  }
  // The report has its own lines; the field is for the portal's « Valider et envoyer ».
  delete problems.report;
  return {
    ...base,
    outcome: 'BROUILLON',
    number: created.number,
    canSubmit: !blocked && Object.keys(problems).length === 0 && guesses.length === 0,
    message:
      message ??
      (blocked
        ? `Brouillon ${created.draftNumber} créé : le rapport signale des erreurs bloquantes, la facture ne peut pas être envoyée.`
        : Object.keys(problems).length
          ? `Brouillon ${created.draftNumber} créé : complétez les champs signalés avant l’envoi.`
          : `Brouillon ${created.draftNumber} créé.`),
    fields: problems,
  };
}

/**
 * A flow resumed after a crash: the invoice of this entry was created before it, but its result
 * was not written. The item is made again from the invoice (its stored report and guesses), and
 * « Valider et envoyer » done if it was asked and did not happen: never a second invoice.
 */
export async function resumedItem(
  ctx: AppContext,
  userId: number,
  entry: { fileName: string; invoiceId: number | null },
  submit: boolean,
): Promise<DepositItem> {
  const inv =
    entry.invoiceId === null
      ? null
      : await ctx.db.selectFrom('invoices').selectAll().where('id', '=', entry.invoiceId).executeTakeFirst();
  if (!inv)
    return refused(
      { fileName: entry.fileName, format: null },
      'Le brouillon créé pour ce fichier a été supprimé depuis.',
      [],
    );
  const base = { fileName: entry.fileName, format: inv.original_format as DepositFormat | null };
  const report = JSON.parse(inv.deposit_report ?? '[]') as ReportLine[];
  const guesses = JSON.parse(inv.deposit_guesses ?? '[]') as Guess[];
  if (inv.status !== 'BROUILLON')
    return {
      ...base,
      outcome: 'ENVOYEE',
      invoiceId: inv.id,
      draftNumber: inv.draft_number,
      number: inv.number,
      canSubmit: false,
      message: `Facture n° ${inv.number} envoyée.`,
      report,
      fields: {},
      guesses,
    };
  return finishItem(
    ctx,
    userId,
    { ...base, id: inv.id, draftNumber: inv.draft_number, number: inv.number },
    report,
    {},
    guesses,
    submit && guesses.length === 0,
  );
}
