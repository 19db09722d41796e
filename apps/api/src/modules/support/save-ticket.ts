import type { Reading } from '../../platform/request-scope.ts';
import type { z } from 'zod';
import { findSubcategory, isBusinessSubcategory, type TicketObjectType } from '@chorale/domain';
import { formErrorsMessage, type ticketFormSchema } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { nextCounter } from '../invoices/counters.ts';
import { invoiceSides } from '../invoices/invoice-access.ts';
import { requireAccess } from '../organisation/access.ts';
import { loadTicket } from './ticket-access.ts';
import { ticketMails } from './ticket-mails.ts';

type TicketCommand = z.output<typeof ticketFormSchema>;

const draftOnly = 'Seul un brouillon de ticket se modifie : ce ticket a déjà été soumis.';

const objectNames: Record<TicketObjectType, string> = {
  FACTURE: 'facture',
  DEMANDE_REMBOURSEMENT: 'demande de remboursement',
};

/** Checks the form; returns the resolved object and recipient, or throws with each field's message. */
async function resolveTicket(r: Reading, userId: number, cmd: TicketCommand, submitting: boolean) {
  const { db } = r;
  const fields: Record<string, string> = {};
  const sub = findSubcategory(cmd.category, cmd.subcategory);
  if (!sub) fields.subcategory = 'Choisissez une sous-catégorie de la catégorie choisie.';
  let objectInvoiceId: number | null = null;
  let recipientStructureId: number | null = null;
  if (sub?.objectType) {
    if (!cmd.objectType) fields.objectType = 'Le champ « Type d’objet » est obligatoire pour cette sous-catégorie.';
    else if (cmd.objectType !== sub.objectType)
      fields.objectType = `Cette sous-catégorie porte sur une ${objectNames[sub.objectType]}.`;
    if (!cmd.objectNumber) fields.objectNumber = 'Le champ « N° objet » est obligatoire pour cette sous-catégorie.';
  }
  if (cmd.objectNumber && cmd.objectType === 'FACTURE') {
    const invoices = await db
      .selectFrom('invoices')
      .selectAll()
      .where('number', '=', cmd.objectNumber)
      .where('supplier_structure_id', '=', cmd.emitterStructureId)
      .execute();
    let visible = null;
    for (const inv of invoices) if ((await invoiceSides(r, userId, inv, 'consultation')).supplier) visible = inv;
    if (!visible)
      fields.objectNumber = `Aucune facture n° ${cmd.objectNumber} émise par cette organisation ne vous est accessible : vérifiez le numéro.`;
    else {
      objectInvoiceId = visible.id;
      recipientStructureId = visible.recipient_structure_id;
    }
  } else if (cmd.objectNumber && cmd.objectType === 'DEMANDE_REMBOURSEMENT') {
    fields.objectNumber = `Aucune demande de remboursement n° ${cmd.objectNumber} ne vous est accessible : vérifiez le numéro.`;
  }
  if (sub && isBusinessSubcategory(cmd.subcategory) && recipientStructureId === null && !fields.objectNumber) {
    if (!cmd.recipientIdentifier) {
      if (submitting)
        fields.recipientIdentifier =
          'Indiquez l’organisation destinataire (SIRET) : cette demande va à son support métier.';
    } else {
      const r = await db
        .selectFrom('structures')
        .select('id')
        .where('identifier', '=', cmd.recipientIdentifier.replace(/\s/g, ''))
        .where('kind', '=', 'PUBLIQUE')
        .executeTakeFirst();
      if (!r) fields.recipientIdentifier = 'Aucune entité publique de l’annuaire ne porte cet identifiant.';
      else recipientStructureId = r.id;
    }
  }
  if (cmd.emitterServiceId !== null) {
    const own = await db
      .selectFrom('services')
      .select('id')
      .where('id', '=', cmd.emitterServiceId)
      .where('structure_id', '=', cmd.emitterStructureId)
      .executeTakeFirst();
    if (!own) fields.emitterServiceId = 'Ce service n’appartient pas à l’organisation choisie.';
  }
  if (submitting && !cmd.title) fields.title = 'Le champ « Titre / Résumé » est obligatoire.';
  if (submitting && !cmd.description) fields.description = 'Le champ « Description longue » est obligatoire.';
  if (Object.keys(fields).length) throw new AppError('VALIDATION_FAILED', formErrorsMessage, fields);
  return {
    objectInvoiceId,
    recipientStructureId: sub && isBusinessSubcategory(cmd.subcategory) ? recipientStructureId : null,
  };
}

function columns(cmd: TicketCommand, resolved: Awaited<ReturnType<typeof resolveTicket>>, contactEmail: string) {
  return {
    category: cmd.category,
    subcategory: cmd.subcategory,
    object_type: cmd.objectType,
    object_number: cmd.objectNumber || null,
    object_invoice_id: resolved.objectInvoiceId,
    emitter_structure_id: cmd.emitterStructureId,
    emitter_service_id: cmd.emitterServiceId,
    recipient_structure_id: resolved.recipientStructureId,
    contact_email: contactEmail,
    contact_phone: cmd.contactPhone || null,
    title: cmd.title,
    description: cmd.description,
  };
}

/** « Soumettre » (number, status Ouvert, the receiving support is told) or « Enregistrer » (draft). */
export async function saveTicket(ctx: AppContext, userId: number, ticketId: number | null, cmd: TicketCommand) {
  await requireAccess(
    ctx.db,
    userId,
    { structureId: cmd.emitterStructureId, serviceId: cmd.emitterServiceId },
    'SOLLICITATIONS_EMISES',
    'modification',
  );
  if (ticketId !== null) {
    const { ticket } = await loadTicket(ctx.db, userId, ticketId, 'modification');
    if (ticket.status !== 'BROUILLON') throw new AppError('CONFLICT', draftOnly);
  }
  const resolved = await resolveTicket(ctx, userId, cmd, cmd.submit);
  const user = await ctx.db
    .selectFrom('users')
    .select(['contact_email', 'first_name', 'last_name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const now = isoNow(ctx);
    const values = columns(cmd, resolved, user.contact_email);
    const tid =
      ticketId ??
      (
        await trx
          .insertInto('tickets')
          .values({ ...values, status: 'BROUILLON', created_by: userId, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    if (ticketId !== null) {
      // The status is checked again by the write itself: a draft submitted meanwhile by another tab is
      // left as it was (issue 14, « Drafts are race-free »).
      const updated = await trx
        .updateTable('tickets')
        .set({ ...values, updated_at: now })
        .where('id', '=', tid)
        .where('status', '=', 'BROUILLON')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', draftOnly);
    }
    if (cmd.submit) {
      const number = `CHORS${String(await nextCounter(trx, 'ticket')).padStart(8, '0')}`;
      await trx
        .updateTable('tickets')
        .set({ number, status: 'OUVERT', opened_at: now, updated_at: now })
        .where('id', '=', tid)
        .execute();
      await trx
        .insertInto('ticket_activities')
        .values({
          ticket_id: tid,
          side: 'emitter',
          author_user_id: userId,
          author_label: `${user.first_name} ${user.last_name}`,
          body: null,
          status_to: 'OUVERT',
          created_at: now,
        })
        .execute();
      const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', tid).executeTakeFirstOrThrow();
      for (const mail of await ticketMails(trx, ctx, ticket, 'receiver', "nouvelle demande d'aide", ticket.description))
        await enqueue(trx, ctx, 'mail.send', mail);
    }
    return tid;
  });
  ctx.nudgeOutbox();
  return id;
}
