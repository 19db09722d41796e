import {
  normaliseTypedTotals,
  typedTotalsCents,
  typedTotalsProblems,
  usualRateOf,
  type TypedTotals,
} from '@chorale/domain';
import { formErrorsMessage, type Guess } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { draftOnly, loadInvoiceRow, lockDraft, requireSupplier } from '../invoices/invoice-access.ts';

type InvoiceRow = Awaited<ReturnType<typeof loadInvoiceRow>>;

/**
 * A plain PDF deposit keeps its « Montants totaux » (and « Saisir le détail de la TVA ») in
 * `deposit_amounts`, as `{ typed: TypedTotals }`: the PDF is the invoice, it has no lines in Chorale.
 */
export function storedTypedTotals(inv: Pick<InvoiceRow, 'original_format' | 'deposit_amounts'>): TypedTotals | null {
  if (inv.original_format !== 'PDF_NON_SIGNE') return null;
  const stored = inv.deposit_amounts ? (JSON.parse(inv.deposit_amounts) as { typed?: TypedTotals }) : {};
  return stored.typed ?? { totalNet: '', totalVat: '', netPayable: '', vatDetail: [] };
}

/** The totals columns of typed totals; zero while they are not all valid (sending then says why). */
export function typedTotalsColumns(typed: TypedTotals) {
  const valid = Object.keys(typedTotalsProblems(typed)).length === 0;
  const t = valid
    ? typedTotalsCents(typed)
    : { totalNetCents: 0, totalVatCents: 0, totalGrossCents: 0, netPayableCents: 0 };
  return {
    total_net_cents: t.totalNetCents,
    total_vat_cents: t.totalVatCents,
    total_gross_cents: t.totalGrossCents,
    global_discount_cents: 0,
    net_payable_cents: t.netPayableCents,
  };
}

/** What `deposit_amounts` keeps of typed totals. */
export const typedAmounts = (typed: TypedTotals) => ({ typed: normaliseTypedTotals(typed) });

/** What the recogniser read in the PDF, as typed totals to check (« à vérifier »). */
export function guessedTypedTotals(guesses: Guess[]): TypedTotals {
  const read = (field: Guess['field']) => guesses.find((g) => g.field === field)?.value ?? '';
  const totalNet = read('totalNet');
  const totalVat = read('totalVat');
  const gross = read('totalGross');
  const rate = totalNet && totalVat ? usualRateOf(totalNet, totalVat) : null;
  return {
    totalNet,
    totalVat,
    netPayable: read('netPayable') || gross,
    vatDetail: rate ? [{ rate, base: totalNet, amount: totalVat }] : [],
  };
}

/** Problems of typed totals for the send rules, on the form's fields. */
export function typedTotalsSendProblems(inv: InvoiceRow): Record<string, string> {
  const typed = storedTypedTotals(inv);
  if (!typed) return {};
  const problems: Record<string, string> = { ...typedTotalsProblems(typed) };
  if (
    Object.keys(problems).length === 0 &&
    (inv.vat_type === 'EXONERATION' || inv.vat_type === 'SANS_TVA') &&
    (Number(typed.totalVat) !== 0 || typed.vatDetail.some((l) => Number(l.rate) !== 0))
  )
    problems.totalVat = 'Avec ce type de TVA, le montant TVA est de 0,00 et chaque taux du détail de 0 %.';
  return problems;
}

/** « Enregistrer » of « Montants totaux » on a plain PDF draft. */
export async function saveTypedTotals(ctx: AppContext, userId: number, invoiceId: number, typed: TypedTotals) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, inv, 'modification');
  if (inv.status !== 'BROUILLON') throw new AppError('CONFLICT', draftOnly);
  if (inv.original_format !== 'PDF_NON_SIGNE')
    throw new AppError(
      'CONFLICT',
      'Seule une facture déposée en PDF non signé porte des montants totaux saisis : les autres tirent les leurs de leurs lignes ou du fichier.',
    );
  const problems = typedTotalsProblems(typed);
  if (Object.keys(problems).length) throw new AppError('VALIDATION_FAILED', formErrorsMessage, problems);
  await ctx.db.transaction().execute(async (trx) => {
    await lockDraft(trx, ctx, invoiceId);
    await trx.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute();
    await trx
      .updateTable('invoices')
      .set({
        ...typedTotalsColumns(typed),
        deposit_amounts: JSON.stringify(typedAmounts(typed)),
        updated_at: isoNow(ctx),
      })
      .where('id', '=', invoiceId)
      .execute();
  });
}
