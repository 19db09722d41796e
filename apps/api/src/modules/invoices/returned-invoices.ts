import { businessDate, businessYear, canTransition } from '@chorale/domain';
import { formErrorsMessage } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { applyStatusChange } from './apply-status.ts';
import { certificateDigest, depositDocument } from './certificate.ts';
import { newDraftNumber } from './counters.ts';
import { loadInvoiceRow, requireSupplier } from './invoice-access.ts';
import { actorFor, recordStatus } from './invoice-history.ts';
import { visibleInvoices } from './invoice-scope.ts';
import { invoiceView } from './invoice-view.ts';
import { resolveRecipient } from './invoice-header.ts';
import { toLineInput, totalsColumns } from './save-draft.ts';
import { sendRuleProblems } from './send-rules.ts';

/**
 * « Comment traiter une facture qui m'a été retournée » (webinar; DOMAIN.md §6.3). The supplier's
 * answers to a returned invoice, each one use case shared by the native routes and the Chorus Pro
 * compatible API (`recycler` → recycleInvoice, `traiterRejet` → treatRejection):
 * - « A recycler »: only the recipient's SIRET, service code and commitment number change, and the
 *   invoice goes again under the same number, routed to its new recipient;
 * - « Rejetée »: the rejection is final; « Traiter le rejet » acknowledges it (the invoice leaves
 *   the worklist, the history says so) and « Dupliquer » starts the new invoice as a draft.
 * « Suspendue » → « Compléter » is completeInvoice (change-status.ts).
 */

export interface RecycleCommand {
  recipientIsState: boolean;
  recipientIdentifier: string;
  recipientServiceCode: string;
  commitmentNumber: string;
  comment: string;
}

/** The history comment of a rejection acknowledged (« Traiter le rejet »), in « Suivi du traitement ». */
export const rejectionHandledComment = 'Rejet traité par le fournisseur';

const recycleOnly = 'Seule une facture à recycler peut être renvoyée à un autre destinataire.';

/** `recycler`: new routing data, the send rules again, then « En cours d'acheminement » to the new recipient. */
export async function recycleInvoice(ctx: AppContext, userId: number, invoiceId: number, cmd: RecycleCommand) {
  const before = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, before, 'modification');
  if (!canTransition(before.status, 'EN_COURS_ACHEMINEMENT', 'supplier')) throw new AppError('CONFLICT', recycleOnly);
  const fields: Record<string, string> = {};
  const resolved = await resolveRecipient(ctx, cmd, fields);
  if (Object.keys(fields).length) throw new AppError('VALIDATION_FAILED', formErrorsMessage, fields);
  const describe = async (structureId: number | null, serviceId: number | null, commitment: string | null) => {
    const s = structureId
      ? await ctx.db.selectFrom('structures').select('identifier').where('id', '=', structureId).executeTakeFirst()
      : undefined;
    const service = serviceId
      ? await ctx.db.selectFrom('services').select('code').where('id', '=', serviceId).executeTakeFirst()
      : undefined;
    return `${s?.identifier ?? '—'} / ${service?.code ?? '—'} / ${commitment || '—'}`;
  };
  const commitment = cmd.commitmentNumber || null;
  const from = await describe(before.recipient_structure_id, before.recipient_service_id, before.commitment_number);
  const to = await describe(resolved.recipientStructureId, resolved.recipientServiceId, commitment);
  const trail = `Recyclée : ${from} → ${to} (SIRET / service / engagement).`;

  await ctx.db.transaction().execute(async (trx) => {
    // Guarded by the status: a recipient's change or a second recycling first makes this a conflict.
    const now = isoNow(ctx);
    const touched = await trx
      .updateTable('invoices')
      .set({
        recipient_structure_id: resolved.recipientStructureId,
        recipient_service_id: resolved.recipientServiceId,
        commitment_number: commitment,
        updated_at: now,
      })
      .where('id', '=', invoiceId)
      .where('status', '=', 'A_RECYCLER')
      .executeTakeFirst();
    if (Number(touched.numUpdatedRows) !== 1) throw new AppError('CONFLICT', recycleOnly);
    const inv = await loadInvoiceRow(trx, invoiceId);
    const inTrx = { ...ctx, db: trx };
    // The send rules judge the invoice as it will go (its new recipient's requirements above all).
    const problems = await sendRuleProblems(inTrx, inv, businessDate(ctx.now()));
    if (Object.keys(problems).length)
      throw new AppError(
        'VALIDATION_FAILED',
        'La facture ne peut pas être renvoyée : corrigez les points signalés.',
        problems,
      );
    await applyStatusChange(trx, ctx, inv, {
      to: 'EN_COURS_ACHEMINEMENT',
      by: 'supplier',
      actor: await actorFor(inTrx, userId, inv.supplier_structure_id, inv.supplier_service_id),
      comment: cmd.comment ? `${trail} ${cmd.comment}` : trail,
    });
    // The deposit certificate seals what was sent: it now names the new recipient.
    const certificate = certificateDigest(depositDocument(await invoiceView(inTrx, invoiceId)));
    await trx.updateTable('invoices').set({ certificate }).where('id', '=', invoiceId).execute();
  });
  ctx.nudgeOutbox();
  return invoiceView(ctx, invoiceId);
}

/** `traiterRejet`: the supplier acknowledges a rejection; the status stays « Rejetée » (it is final). */
export async function treatRejection(ctx: AppContext, userId: number, invoiceId: number, cmd: { comment: string }) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, inv, 'modification');
  if (inv.status !== 'REJETEE') throw new AppError('CONFLICT', 'Seul le rejet d’une facture rejetée se traite.');
  if (inv.rejection_handled_at) throw new AppError('CONFLICT', 'Le rejet de cette facture a déjà été traité.');
  await ctx.db.transaction().execute(async (trx) => {
    const now = isoNow(ctx);
    const done = await trx
      .updateTable('invoices')
      .set({ rejection_handled_at: now, rejection_handled_by: userId, updated_at: now })
      .where('id', '=', invoiceId)
      .where('status', '=', 'REJETEE')
      .where('rejection_handled_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1)
      throw new AppError('CONFLICT', 'Le rejet de cette facture a déjà été traité.');
    const actor = await actorFor({ ...ctx, db: trx }, userId, inv.supplier_structure_id, inv.supplier_service_id);
    await recordStatus(
      trx,
      ctx,
      invoiceId,
      'REJETEE',
      actor,
      cmd.comment ? `${rejectionHandledComment} : ${cmd.comment}` : `${rejectionHandledComment}.`,
    );
  });
  return invoiceView(ctx, invoiceId);
}

/**
 * « Dupliquer »: a new draft (new TMP number, no invoice number yet, dated today) with the header,
 * the lines and the attachments of the invoice; the supplier corrects it and sends it.
 */
export async function duplicateInvoice(ctx: AppContext, userId: number, invoiceId: number): Promise<number> {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, inv, 'modification');
  return ctx.db.transaction().execute(async (trx) => {
    const lines = await trx
      .selectFrom('invoice_lines')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .orderBy('position')
      .execute();
    const attachments = await trx
      .selectFrom('invoice_attachments')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .orderBy('id')
      .execute();
    const draftNumber = await newDraftNumber(trx, businessYear(ctx.now()));
    const now = isoNow(ctx);
    const row = await trx
      .insertInto('invoices')
      .values({
        draft_number: draftNumber,
        number: null,
        supplier_structure_id: inv.supplier_structure_id,
        supplier_service_id: inv.supplier_service_id,
        recipient_structure_id: inv.recipient_structure_id,
        recipient_service_id: inv.recipient_service_id,
        billing_framework: inv.billing_framework,
        currency: inv.currency,
        type: inv.type,
        vat_type: inv.vat_type,
        exemption_reason: inv.exemption_reason,
        market_number: inv.market_number,
        commitment_number: inv.commitment_number,
        original_invoice_number: inv.original_invoice_number,
        payment_mode: inv.payment_mode,
        invoice_date: businessDate(ctx.now()),
        bank_account_id: inv.bank_account_id,
        comment: inv.comment,
        global_discount: inv.global_discount,
        global_discount_reason: inv.global_discount_reason,
        ...totalsColumns(lines.map(toLineInput), inv.global_discount),
        status: 'BROUILLON',
        status_at: now,
        created_by: userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (lines.length)
      await trx
        .insertInto('invoice_lines')
        .values(
          lines.map((l) => ({
            invoice_id: row.id,
            position: l.position,
            reference: l.reference,
            name: l.name,
            quantity: l.quantity,
            unit: l.unit,
            unit_price: l.unit_price,
            discount: l.discount,
            vat_rate: l.vat_rate,
            net_cents: l.net_cents,
            gross_cents: l.gross_cents,
          })),
        )
        .execute();
    // The files are stored once by their hash: the copy points at the same content.
    if (attachments.length)
      await trx
        .insertInto('invoice_attachments')
        .values(
          attachments.map((a) => ({
            invoice_id: row.id,
            file_sha256: a.file_sha256,
            file_name: a.file_name,
            designation: a.designation,
            kind: a.kind,
            size: a.size,
            added_by: userId,
            added_at: now,
          })),
        )
        .execute();
    const number = inv.number ?? inv.draft_number;
    await recordStatus(
      trx,
      ctx,
      row.id,
      'BROUILLON',
      await actorFor({ ...ctx, db: trx }, userId, inv.supplier_structure_id, inv.supplier_service_id),
      `Copie de la facture n° ${number}.`,
    );
    return row.id;
  });
}

/**
 * The rejected invoices whose rejection is not handled yet and the suspended ones, of every
 * structure (or service) where the user may issue invoices: Chorus Pro shows them at sign-in.
 */
export async function pendingReturns(ctx: AppContext, userId: number) {
  const scoped = await visibleInvoices(ctx, userId, 'issued');
  if (!scoped) return { items: [] };
  const rows = await scoped
    .leftJoin('structures as rec', 'rec.id', 'i.recipient_structure_id')
    .where((eb) =>
      eb.or([
        eb.and([eb('i.status', '=', 'REJETEE'), eb('i.rejection_handled_at', 'is', null)]),
        eb('i.status', '=', 'SUSPENDUE'),
      ]),
    )
    .select(['i.id', 'i.number', 'i.draft_number', 'i.status', 'i.status_at', 'rec.company_name as recipient_name'])
    .orderBy('i.status_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(100)
    .execute();
  const reasons = rows.length
    ? await ctx.db
        .selectFrom('invoice_history')
        .select(['invoice_id', 'status', 'comment', 'id'])
        .where(
          'invoice_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('status', 'in', ['REJETEE', 'SUSPENDUE'])
        .orderBy('id', 'desc')
        .execute()
    : [];
  return {
    items: rows.map((r) => ({
      id: r.id,
      number: r.number ?? r.draft_number,
      status: r.status,
      statusAt: r.status_at,
      recipientName: r.recipient_name ?? '',
      reason: reasons.find((h) => h.invoice_id === r.id && h.status === r.status)?.comment ?? '',
    })),
  };
}
