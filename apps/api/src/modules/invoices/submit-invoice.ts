import { businessDate, businessYear, canTransition } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { inTransaction, isoNow, lastStatements } from '../../platform/context.ts';
import { transactionGroups } from '../../platform/transaction-groups.ts';
import { recordStatusChange, writeStatusChange, writesAtOnce } from './apply-status.ts';
import { certificateDigest, depositDocument } from './certificate.ts';
import { nextInvoiceNumber, numberWithFirstRead } from './counters.ts';
import { heldDraftFor, type HeldDraft, type InvoiceRow } from './invoice-access.ts';
import { holdDraftFor } from './held-draft.ts';
import type { LineCommand } from './invoice-lines.ts';
import { checkedDraft, draftNumbering, insertInvoice, insertLines } from './save-draft.ts';
import { uniqueNumber, type InvoiceHeaderCommand } from './invoice-header.ts';
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
    const inTrx = { ...ctx, db: trx };
    // Hold the draft, then judge it: the rules judge exactly the draft that is deposited.
    const draft = held
      ? {
          inv: await heldDraftFor(inTrx, userId, held.inv, alreadySent),
          lines: held.lines,
          attachments: held.attachments,
          history: held.history,
        }
      : await holdDraftFor(trx, ctx, userId, invoiceId, alreadySent);
    const { inv, lines } = draft;
    const problems = await sendRuleProblems(inTrx, inv, businessDate(ctx.now()), lines);
    if (Object.keys(problems).length)
      throw new AppError(
        'VALIDATION_FAILED',
        'La facture ne peut pas être envoyée : corrigez les points signalés.',
        problems,
      );
    const [attachments, history, actor] = await Promise.all([
      draft.attachments ?? attachmentsOf(trx, invoiceId),
      draft.history ?? historyOf(trx, invoiceId),
      actorFor(inTrx, userId, inv.supplier_structure_id, inv.supplier_service_id),
    ]);
    const at = isoNow(ctx);
    const sealed = { ...inv, status: 'DEPOSEE' as const, status_at: at, deposited_at: at, updated_at: at };
    const view = await invoiceView(inTrx, invoiceId, ctx.now(), {
      inv: sealed,
      lines,
      attachments,
      history,
    });
    // Everything is read before the automatic number is taken: its counter row (the supplier's)
    // stays locked until commit on PostgreSQL, so it is taken last, just before the status write
    // that carries it; a supplier sending many invoices at once holds it for the shortest time.
    const number =
      inv.number ?? (await nextInvoiceNumber(trx, businessYear(ctx.now()), inv.supplier_structure_id)).number;
    // The certificate seals the invoice as it is deposited: its number and instant included.
    const certificate = certificateDigest(depositDocument({ ...view, number }));
    const change = {
      to: 'DEPOSEE' as const,
      by: 'supplier' as const,
      actor,
      number,
      conflictMessage: alreadySent,
      at,
      certificate,
      historyHead: history[0]?.hash ?? null,
    };
    const { row } = await writeStatusChange(trx, ctx, inv, change);
    const last = recordStatusChange(trx, ctx, inv.status, row, change);
    const answer = (done: Awaited<typeof last>) => ({
      inv: done.invoice,
      lines,
      attachments,
      history: [done.history, ...history],
    });
    // On PostgreSQL the COMMIT goes with the history and jobs when none waits for another's answer
    // (no webhook listening, not EDI: writesAtOnce), as for the send in one call.
    return writesAtOnce(row) ? lastStatements(last, answer) : answer(await last);
  });
  if (!ctx.db.isTransaction) ctx.nudgeOutbox();
  return deposited;
}

/** The columns of a new invoice that nothing has written yet (database defaults). */
const unwritten = {
  deposited_at: null,
  made_available_at: null,
  due_date: null,
  certificate: null,
  original_format: null,
  original_sha256: null,
  original_file_name: null,
  original_size: null,
  deposit_report: null,
  deposit_guesses: null,
  deposit_amounts: null,
  rejection_handled_at: null,
  rejection_handled_by: null,
  supplier_instructor: null,
  recipient_instructor: null,
} satisfies Partial<InvoiceRow>;

/**
 * sendOne spreads `unwritten` after the typed columns: the other way round, V8 copied the typed
 * columns onto the clone of `unwritten` one by one, ~20 µs per draft under the bench (its line's
 * samples went from 204 to 15). The two must then share no column, or a typed value would become
 * null: the compiler refuses this line if they do.
 */
export const unwrittenAfterColumns: [
  Extract<keyof typeof unwritten, keyof Awaited<ReturnType<typeof checkedDraft>>['columns']>,
] extends [never]
  ? true
  : never = true;

/**
 * A complete invoice (header and lines) typed and sent in one call, one transaction: the checks of
 * « Enregistrer » with its lines, then every rule of « Confirmer et envoyer », judged on the draft
 * as it would be written; a refusal at any step keeps nothing. The invoice is then written once,
 * already deposited (its number, certificate and instant), with its lines, its two rows of « Suivi
 * du traitement » (Brouillon, Déposée) and what a deposit queues (applyStatusChange's second
 * half): no draft row written then rewritten (issue 13: one statement, and on both engines the
 * index and total updates of a second write, less). Software sends this with a personal API
 * token, and the compatible API's `soumettre` with `depositMode`.
 * On PostgreSQL, alone, three round trips: BEGIN, the header's read and the supplier's number; the
 * invoice; its lines, history and jobs with the COMMIT (lastStatements). Sent at the same moment
 * as others, in their group's transaction (transaction-groups.ts): the same statements, each
 * step's for the whole group in one write, one COMMIT. SQLite has one writer, whose driver already
 * commits concurrent transactions together (group-commit.ts).
 */
export function sendTypedInvoice(
  ctx: AppContext,
  userId: number,
  cmd: InvoiceHeaderCommand & { lines: LineCommand[] },
  options: { depositMode?: 'SAISIE_API' } = {},
): Promise<Required<KnownInvoice>> {
  const send = (db: Db) => sendOne({ ...ctx, db }, userId, cmd, options);
  return ctx.dialect === 'postgres' && !ctx.db.isTransaction
    ? transactionGroups(ctx.db).run(cmd.supplierStructureId, send)
    : send(ctx.db);
}

async function sendOne(
  ctx: AppContext,
  userId: number,
  cmd: InvoiceHeaderCommand & { lines: LineCommand[] },
  options: { depositMode?: 'SAISIE_API' },
): Promise<Required<KnownInvoice>> {
  const { lines: lineCommands, ...header } = cmd;
  return uniqueNumber(() =>
    inTransaction(ctx.db, async (trx) => {
      const inTrx = { ...ctx, db: trx };
      const year = businessYear(ctx.now());
      const { columns, typed, alongside } = await checkedDraft(inTrx, userId, header, {
        lines: lineCommands,
        alongside: header.number ? undefined : numberWithFirstRead(trx, year, header.supplierStructureId),
      });
      const numbering = await draftNumbering(trx, ctx, header, true);
      const at = isoNow(ctx);
      const draft: InvoiceRow = {
        ...columns,
        ...unwritten,
        id: 0,
        draft_number: '',
        status: 'BROUILLON',
        status_at: at,
        created_by: userId,
        created_at: at,
        updated_at: at,
        deposit_mode: options.depositMode ?? 'SAISIE_PORTAIL',
      };
      const lines = typed.map((l) => ({ ...l, id: 0, invoice_id: 0 }));
      const problems = await sendRuleProblems(inTrx, draft, businessDate(ctx.now()), lines);
      if (Object.keys(problems).length)
        throw new AppError(
          'VALIDATION_FAILED',
          'La facture ne peut pas être envoyée : corrigez les points signalés.',
          problems,
        );
      if (!canTransition('BROUILLON', 'DEPOSEE', 'supplier')) throw new Error('BROUILLON → DEPOSEE refused');
      const actor = await actorFor(inTrx, userId, header.supplierStructureId, header.supplierServiceId);
      const sealed = { ...draft, status: 'DEPOSEE' as const, deposited_at: at };
      const view = await invoiceView(inTrx, 0, ctx.now(), {
        inv: sealed,
        lines,
        attachments: [],
        history: [],
      });
      // On PostgreSQL taken with the first read (numberWithFirstRead); otherwise taken last, the
      // supplier's counter row staying locked until commit (counters.ts).
      const number =
        draft.number ??
        numbering.number ??
        (await (alongside ?? nextInvoiceNumber(trx, year, header.supplierStructureId))).number;
      const certificate = certificateDigest(depositDocument({ ...view, number }));
      const row = await insertInvoice(
        trx,
        {
          ...columns,
          number,
          status: 'DEPOSEE',
          status_at: at,
          deposited_at: at,
          certificate,
          created_by: userId,
          created_at: at,
          updated_at: at,
          ...(options.depositMode ? { deposit_mode: options.depositMode } : {}),
        },
        { draftNumber: numbering.draftNumber, year },
        true,
      );
      // Lines, history and jobs sent together, and on PostgreSQL the COMMIT with them (one round
      // trip): if one fails, the transaction fails whole and the call with it (commitBehind).
      // The COMMIT may go with the last writes only if none waits for another's answer: no
      // webhook listening, not EDI (writesAtOnce).
      const atOnce = writesAtOnce(row);
      const last = Promise.all([
        insertLines(trx, row.id, typed),
        recordStatusChange(trx, ctx, 'BROUILLON', row, {
          to: 'DEPOSEE',
          by: 'supplier',
          actor,
          at,
          historyHead: null,
          historyBefore: [{ status: 'BROUILLON', actor, at }],
        }),
      ]);
      const answer = ([written, change]: Awaited<typeof last>) => {
        const history = [change.history, ...change.historyBefore.reverse()];
        return { inv: change.invoice, lines: written, attachments: [], history };
      };
      // Otherwise the COMMIT waits for them all (a statement issued after it would be refused).
      return atOnce ? lastStatements(last, answer) : answer(await last);
    }),
  );
}
