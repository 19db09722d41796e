import type { Expression, Insertable, Selectable } from 'kysely';
import { businessYear, invoiceTotals, totalsProblem, type LineInput } from '@chorale/domain';
import { insertPrepared, preparedQuery, type Database } from '@chorale/db';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { inTransaction, isoNow, lastStatements } from '../../platform/context.ts';
import { accessForRequest, requireAccess } from '../organisation/access.ts';
import { draftNumbers, drawnDraftNumber } from './counters.ts';
import { webhooksReached } from '../cpro/webhook-events.ts';
import { actorFor, recordStatuses } from './invoice-history.ts';
import { draftOnly, loadInvoiceRow, lockDraft, requireSupplier, type HeldDraftRows } from './invoice-access.ts';
import { lineColumns, MAX_LINES, type LineCommand } from './invoice-lines.ts';
import { guardStructuredDraftEdit } from '../intake/structured-draft-guard.ts';
import {
  headerColumns,
  numberInUse,
  numberTaken,
  resolveHeader,
  uniqueNumber,
  type InvoiceHeaderCommand,
} from './invoice-header.ts';

/** What a draft typed and sent in one call is written with (sendTypedInvoice). */
export interface DraftExtras {
  /** Its lines, written with it, its totals computed before the insert. */
  lines?: LineCommand[];
  /**
   * Sent in the same call with an automatic number (none typed): on SQLite, that number is taken
   * in the same statement as its draft number; on PostgreSQL, the send takes it last (counters.ts).
   */
  withNumber?: boolean;
  /** How it came (the compatible API's `soumettre`: SAISIE_API). */
  depositMode?: 'SAISIE_API';
}

/**
 * « Enregistrer »'s checks and the draft's columns, before any write: access to the supplier
 * structure, the header's references (recipient, services, bank details), the lines and totals.
 * Shared by the draft and the complete invoice sent in one call (submit-invoice.ts).
 */
export async function checkedDraft<A = never>(
  ctx: AppContext,
  userId: number,
  cmd: InvoiceHeaderCommand,
  extras: DraftExtras & {
    /**
     * A statement of the caller's, issued with the header's reads once access is granted (one
     * round trip on PostgreSQL); its answer is returned, not awaited.
     */
    alongside?: () => Promise<A>;
  },
) {
  await requireAccess(
    ctx.db,
    userId,
    { structureId: cmd.supplierStructureId, serviceId: cmd.supplierServiceId },
    'FACTURES_EMISES',
    'modification',
    (db, id) => accessForRequest({ ...ctx, db }, id),
  );
  const resolving = resolveHeader(ctx, cmd);
  const alongside = extras.alongside?.();
  // A header refused is what the caller is told; the transaction then rolls this back.
  alongside?.catch(() => undefined);
  const resolved = await resolving;
  const typed = extras.lines ? typedLines(extras.lines) : null;
  const totals = typed
    ? totalsColumns(typed.map(toLineInput), cmd.globalDiscount, 'quantity')
    : totalsColumns([], cmd.globalDiscount);
  return { columns: { ...headerColumns(cmd, resolved), ...totals }, typed: typed ?? [], alongside };
}

/**
 * In the draft's transaction: the typed number is still free, and the draft number (on SQLite the
 * automatic one too, `withNumber`) is taken. A number typed twice at once is refused by the unique
 * index on insert: run the insert inside `uniqueNumber`.
 */
export async function draftNumbering(trx: Db, ctx: AppContext, cmd: InvoiceHeaderCommand, withNumber = false) {
  if (cmd.number && (await numberTaken(trx, cmd.supplierStructureId, cmd.number, null))) throw numberInUse();
  const year = businessYear(ctx.now());
  const numbers = await draftNumbers(trx, year, withNumber && !cmd.number ? cmd.supplierStructureId : null);
  return { ...numbers, year };
}

/** The columns of a new invoice, its draft number apart. */
type NewInvoiceColumns = Omit<Insertable<Database['invoices']>, 'draft_number'>;
type InvoiceRowWritten = Selectable<Database['invoices']>;

/**
 * The insert of a new invoice, prepared (issue 13: built and compiled at each call, this 40-column
 * insert was the costliest Kysely work of a draft and of a send). The variant lists the columns
 * written (`deposit_mode` only when given), whether the draft number is given (SQLite) or drawn
 * from the sequence by the insert itself (PostgreSQL, newDraftNumber), its year then a parameter,
 * and whether a webhook listens, returned with the row (`listen`, writesAtOnce).
 */
const insertInvoiceRow = preparedQuery((db, p: Record<string, unknown>, variant: string) => {
  const [columns, draft, listen] = variant.split(':') as [string, 'given' | 'drawn', '' | 'listen'];
  const insert = db
    .insertInto('invoices')
    .values({
      ...Object.fromEntries(columns.split(',').map((c) => [c, p[c]])),
      draft_number: draft === 'drawn' ? drawnDraftNumber(p.year) : p.draft_number,
    } as Insertable<Database['invoices']>)
    .returningAll();
  if (!listen) return insert;
  return insert.returning((eb) =>
    webhooksReached(eb, [eb.ref('invoices.supplier_structure_id')]).as('webhooks_listen'),
  ) as unknown as typeof insert;
});

/**
 * A new invoice's row, inserted by insertInvoiceRow and returned as stored; with `listen`, and
 * whether a webhook listens to its supplier (`webhooks_listen`).
 */
export async function insertInvoice<L extends boolean>(
  trx: Db,
  columns: NewInvoiceColumns,
  draft: { draftNumber: string | Expression<string>; year: number },
  listen: L,
): Promise<InvoiceRowWritten & (L extends true ? { webhooks_listen: unknown } : unknown)> {
  const values: Record<string, unknown> = columns;
  const names = Object.keys(values).filter((c) => values[c] !== undefined);
  const given = typeof draft.draftNumber === 'string';
  const row = await insertInvoiceRow.first(
    trx,
    { ...values, draft_number: given ? draft.draftNumber : null, year: draft.year },
    `${names.join(',')}:${given ? 'given' : 'drawn'}:${listen ? 'listen' : ''}`,
  );
  if (!row) throw new Error('invoice not written');
  return row as InvoiceRowWritten & (L extends true ? { webhooks_listen: unknown } : unknown);
}

/** A draft's lines in one insert (prepared, issue 13), returned in their order. */
export async function insertLines(trx: Db, invoiceId: number, typed: ReturnType<typeof typedLines>) {
  const rows = await insertPrepared(
    trx,
    'invoice_lines',
    typed.map((c) => ({ ...c, invoice_id: invoiceId })),
  );
  return rows.sort((a, b) => a.position - b.position);
}

/**
 * « Enregistrer »: keeps a draft numbered TMP<année><séquence>. Returns its rows as written (the
 * answer is made of them, nothing is read back). In the caller's transaction when there is one.
 * With `extras.lines`, the draft is written with its lines and totals, as « Ajouter une ligne »
 * would leave it (the same checks, in the same order), in one insert each (issue 13).
 */
export async function createDraft(
  ctx: AppContext,
  userId: number,
  cmd: InvoiceHeaderCommand,
  extras: DraftExtras = {},
): Promise<HeldDraftRows> {
  const { columns, typed } = await checkedDraft(ctx, userId, cmd, extras);
  return uniqueNumber(() =>
    inTransaction(ctx.db, async (trx) => {
      const { draftNumber, year } = await draftNumbering(trx, ctx, cmd);
      const now = isoNow(ctx);
      const inv = await insertInvoice(
        trx,
        {
          ...columns,
          status: 'BROUILLON',
          status_at: now,
          created_by: userId,
          created_at: now,
          updated_at: now,
          ...(extras.depositMode ? { deposit_mode: extras.depositMode } : {}),
        },
        { draftNumber, year },
        false,
      );
      const actor = await actorFor({ ...ctx, db: trx }, userId, cmd.supplierStructureId, cmd.supplierServiceId);
      // A new invoice: its history starts here, nobody else can append to it yet. Its history and
      // lines written together, and on PostgreSQL the COMMIT with them (one round trip less).
      const written = Promise.all([
        recordStatuses(trx, inv.id, [{ status: 'BROUILLON', actor, at: now }], { previous: null }),
        insertLines(trx, inv.id, typed),
      ]);
      return lastStatements(written, ([history, lines]) => ({ inv, lines, attachments: [], history }));
    }),
  );
}

export async function updateDraft(ctx: AppContext, userId: number, invoiceId: number, cmd: InvoiceHeaderCommand) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, inv, 'modification');
  await requireAccess(
    ctx.db,
    userId,
    { structureId: cmd.supplierStructureId, serviceId: cmd.supplierServiceId },
    'FACTURES_EMISES',
    'modification',
  );
  if (inv.status !== 'BROUILLON') throw new AppError('CONFLICT', draftOnly);
  // A draft from a structured file keeps the file's data and totals (issue 9).
  const fromFile = await guardStructuredDraftEdit(ctx.db, inv, cmd);
  const resolved = await resolveHeader(ctx, cmd);
  await uniqueNumber(() =>
    ctx.db.transaction().execute(async (trx) => {
      await lockDraft(trx, ctx, invoiceId);
      if (cmd.number && (await numberTaken(trx, cmd.supplierStructureId, cmd.number, invoiceId))) throw numberInUse();
      const lines = await trx
        .selectFrom('invoice_lines')
        .select(['quantity', 'unit_price', 'discount', 'vat_rate'])
        .where('invoice_id', '=', invoiceId)
        .execute();
      await trx
        .updateTable('invoices')
        .set({
          ...headerColumns(cmd, resolved),
          // A deposit keeps its amounts: the file's, or a plain PDF's typed « Montants totaux ».
          ...(fromFile || inv.original_format === 'PDF_NON_SIGNE'
            ? {}
            : totalsColumns(lines.map(toLineInput), cmd.globalDiscount)),
          updated_at: isoNow(ctx),
        })
        .where('id', '=', invoiceId)
        .where('status', '=', 'BROUILLON')
        .execute();
    }),
  );
}

export function toLineInput(l: {
  quantity: string;
  unit_price: string;
  discount: string;
  vat_rate: string;
}): LineInput {
  return { quantity: l.quantity, unitPrice: l.unit_price, discount: l.discount, vatRate: l.vat_rate };
}

/** The stored totals; a total beyond the bounds of amountLimits is refused on `field` (issue 15 defect 4). */
export function totalsColumns(lines: LineInput[], globalDiscount: string, field = 'globalDiscount') {
  const problem = totalsProblem(lines, globalDiscount);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { [field]: problem });
  const t = invoiceTotals(lines, globalDiscount);
  return {
    total_net_cents: t.totalNetCents,
    total_vat_cents: t.totalVatCents,
    total_gross_cents: t.totalGrossCents,
    global_discount_cents: t.globalDiscountCents,
    net_payable_cents: t.netPayableCents,
  };
}

/** The columns of lines typed with their draft, positions from 1, each checked as « Ajouter une ligne » does. */
function typedLines(cmds: LineCommand[]) {
  const columns = cmds.map((cmd, i) => ({ position: i + 1, ...lineColumns(cmd) }));
  if (columns.length > MAX_LINES)
    throw new AppError('VALIDATION_FAILED', `Une facture saisie compte au plus ${MAX_LINES} lignes.`);
  return columns;
}

const sentIsKept = 'Seuls les brouillons peuvent être supprimés : une facture envoyée est conservée.';

/** Only drafts may be deleted; nothing sent is ever removed. */
export async function deleteDraft(ctx: AppContext, userId: number, invoiceId: number) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, inv, 'modification');
  if (inv.status !== 'BROUILLON') throw new AppError('CONFLICT', sentIsKept);
  await ctx.db.transaction().execute(async (trx) => {
    await lockDraft(trx, ctx, invoiceId, sentIsKept);
    await trx.deleteFrom('invoice_history').where('invoice_id', '=', invoiceId).execute();
    await trx.deleteFrom('invoices').where('id', '=', invoiceId).where('status', '=', 'BROUILLON').execute();
  });
}
