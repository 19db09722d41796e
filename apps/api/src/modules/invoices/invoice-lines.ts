import type { z } from 'zod';
import { lineAmountProblem, lineAmounts } from '@chorale/domain';
import type { invoiceLineSchema } from '@chorale/contracts';
import { preparedQuery } from '@chorale/db';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { inTransaction, isoNow, lastStatements } from '../../platform/context.ts';
import {
  draftOnly,
  heldDraftFor,
  loadInvoiceRow,
  lockDraft,
  requireSupplier,
  type HeldDraft,
  type HeldDraftRows,
} from './invoice-access.ts';
import { holdDraftFor } from './held-draft.ts';
import { linesOf } from './invoice-view.ts';
import { insertLines, toLineInput, totalsColumns } from './save-draft.ts';
import { guardDepositedLines } from '../intake/structured-draft-guard.ts';

export type LineCommand = z.output<typeof invoiceLineSchema>;
export const MAX_LINES = 1000;

/** Who may edit is checked first; whether it is still a draft is settled by the write (lockDraft). */
async function editableDraft(ctx: AppContext, userId: number, invoiceId: number) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, inv, 'modification');
  if (inv.status !== 'BROUILLON') throw new AppError('CONFLICT', draftOnly);
  guardDepositedLines(inv);
}

export function lineColumns(cmd: LineCommand) {
  const input = { quantity: cmd.quantity, unitPrice: cmd.unitPrice, discount: cmd.discount, vatRate: cmd.vatRate };
  const tooLarge = lineAmountProblem(input);
  if (tooLarge) throw new AppError('VALIDATION_FAILED', tooLarge.message, { [tooLarge.field]: tooLarge.message });
  const amounts = lineAmounts(input);
  if (amounts.netCents < 0 && Number(cmd.quantity) >= 0)
    throw new AppError('VALIDATION_FAILED', 'La remise dépasse le montant de la ligne.', {
      discount: 'La remise ne peut pas dépasser quantité × montant unitaire HT.',
    });
  return {
    reference: cmd.reference || null,
    name: cmd.name,
    quantity: cmd.quantity,
    unit: cmd.unit || null,
    unit_price: cmd.unitPrice,
    discount: cmd.discount,
    vat_rate: cmd.vatRate,
    net_cents: amounts.netCents,
    gross_cents: amounts.grossCents,
  };
}

/** Totals are stored with the lines, recomputed by the shared domain arithmetic at each change. */
async function refreshTotals(
  trx: Db,
  ctx: AppContext,
  inv: { id: number; global_discount: string },
  lines: { quantity: string; unit_price: string; discount: string; vat_rate: string }[],
) {
  return writeTotalsOf(trx, ctx, inv.id, totalsColumns(lines.map(toLineInput), inv.global_discount, 'quantity'));
}

/** Writes totals already computed (and so checked: totalsColumns refuses a total out of bounds). */
async function writeTotalsOf(trx: Db, ctx: AppContext, id: number, totals: TotalsColumns) {
  const row = await writeTotals.first(trx, { ...totals, updated_at: isoNow(ctx), id }, Object.keys(totals).join(','));
  if (!row) throw new Error(`invoice ${id} missing`);
  return row;
}

type TotalsColumns = ReturnType<typeof totalsColumns>;

/**
 * The totals' update, at each line added, changed or removed: prepared (issue 13). The variant
 * names the columns totalsColumns gives (always the same: one statement).
 */
const writeTotals = preparedQuery((db, p: TotalsColumns & { updated_at: string; id: number }, columns: string) =>
  db
    .updateTable('invoices')
    .set({
      ...(Object.fromEntries(columns.split(',').map((c) => [c, p[c as keyof TotalsColumns]])) as TotalsColumns),
      updated_at: p.updated_at,
    })
    .where('id', '=', p.id)
    .returningAll(),
);

async function reloadTotals(trx: Db, ctx: AppContext, invoiceId: number) {
  const inv = await loadInvoiceRow(trx, invoiceId);
  await refreshTotals(trx, ctx, inv, await linesOf(trx, invoiceId));
}

/**
 * « Valider et fermer » / « Valider et ajouter » of « Ligne de facture »: one line or several, one
 * insert. The draft is held first, and read with its lines, attachments and history by that same
 * statement; returns the draft and everything it holds as written (the answer is made of them).
 * In the caller's transaction when there is one.
 */
export async function addLines(
  ctx: AppContext,
  userId: number,
  invoiceId: number,
  cmds: LineCommand[],
  held?: HeldDraft,
): Promise<HeldDraftRows> {
  return inTransaction(ctx.db, async (trx) => {
    const draft = held
      ? {
          inv: await heldDraftFor({ ...ctx, db: trx }, userId, held.inv),
          lines: held.lines,
          attachments: held.attachments ?? [],
          history: held.history ?? [],
        }
      : await holdDraftFor(trx, ctx, userId, invoiceId);
    guardDepositedLines(draft.inv);
    const columns = cmds.map(lineColumns);
    const existing = draft.lines;
    const first = (existing.at(-1)?.position ?? 0) + 1;
    if (first + cmds.length - 1 > MAX_LINES)
      throw new AppError('VALIDATION_FAILED', `Une facture saisie compte au plus ${MAX_LINES} lignes.`);
    const positioned = columns.map((c, i) => ({ position: first + i, ...c }));
    // The totals need only the typed amounts: computed, and so checked, before anything is written.
    const totals = totalsColumns([...existing, ...positioned].map(toLineInput), draft.inv.global_discount, 'quantity');
    // The lines and their totals written together, and on PostgreSQL the COMMIT with them (one
    // round trip instead of three).
    const written = Promise.all([insertLines(trx, invoiceId, positioned), writeTotalsOf(trx, ctx, invoiceId, totals)]);
    return lastStatements(written, ([added, inv]) => ({ ...draft, inv, lines: [...existing, ...added] }));
  });
}

export async function addLine(ctx: AppContext, userId: number, invoiceId: number, cmd: LineCommand) {
  return addLines(ctx, userId, invoiceId, [cmd]);
}

export async function updateLine(ctx: AppContext, userId: number, invoiceId: number, lineId: number, cmd: LineCommand) {
  await editableDraft(ctx, userId, invoiceId);
  const columns = lineColumns(cmd);
  await ctx.db.transaction().execute(async (trx) => {
    await lockDraft(trx, ctx, invoiceId);
    const r = await trx
      .updateTable('invoice_lines')
      .set(columns)
      .where('id', '=', lineId)
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('NOT_FOUND', 'Cette ligne n’existe pas sur cette facture.');
    await reloadTotals(trx, ctx, invoiceId);
  });
}

export async function deleteLine(ctx: AppContext, userId: number, invoiceId: number, lineId: number) {
  await editableDraft(ctx, userId, invoiceId);
  await ctx.db.transaction().execute(async (trx) => {
    await lockDraft(trx, ctx, invoiceId);
    const r = await trx
      .deleteFrom('invoice_lines')
      .where('id', '=', lineId)
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw new AppError('NOT_FOUND', 'Cette ligne n’existe pas sur cette facture.');
    // Positions stay dense so that paging and « ligne n° » remain right.
    const rest = await trx
      .selectFrom('invoice_lines')
      .select('id')
      .where('invoice_id', '=', invoiceId)
      .orderBy('position')
      .execute();
    for (const [i, l] of rest.entries())
      await trx
        .updateTable('invoice_lines')
        .set({ position: i + 1 })
        .where('id', '=', l.id)
        .execute();
    await reloadTotals(trx, ctx, invoiceId);
  });
}
