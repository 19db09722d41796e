import { ticketActionRules, ticketStatusLabels, type TicketAction } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { loadTicket } from './ticket-access.ts';
import { ticketMails } from './ticket-mails.ts';

/** What the other side is told in the mail of each action. */
const mailSubjects: Record<TicketAction, string> = {
  comment: 'nouveau commentaire',
  'ask-information': 'des informations vous sont demandées',
  resolve: 'une solution vous est proposée',
  answer: 'l’émetteur a transmis les informations demandées',
  close: 'ticket fermé par l’émetteur',
  accept: 'solution acceptée, ticket fermé',
  reopen: 'la réponse n’a pas satisfait l’émetteur : ticket renvoyé',
};

export async function actOnTicket(
  ctx: AppContext,
  userId: number,
  ticketId: number,
  cmd: { action: TicketAction; body: string },
) {
  const { ticket, side } = await loadTicket(ctx.db, userId, ticketId, 'modification');
  const rule = ticketActionRules[cmd.action];
  // A comment can come from either side; every other action belongs to one side.
  if (rule.side !== 'both' && rule.side !== side)
    throw new AppError('FORBIDDEN', 'Cette action revient à l’autre partie du ticket.');
  if (ticket.status === 'BROUILLON' || ticket.status === 'FERME')
    throw new AppError(
      'CONFLICT',
      ticket.status === 'FERME' ? 'Ce ticket est fermé.' : 'Soumettez d’abord ce brouillon.',
    );
  if (cmd.action === 'accept' && ticket.status !== 'RESOLU')
    throw new AppError('CONFLICT', 'Aucune solution n’a encore été proposée.');
  if (!rule.from.includes(ticket.status))
    throw new AppError(
      'CONFLICT',
      `Cette action n’est pas possible au statut « ${ticketStatusLabels[ticket.status]} ».`,
    );
  if (rule.needsBody && !cmd.body)
    throw new AppError('VALIDATION_FAILED', 'Écrivez votre message.', {
      body: 'Le message est obligatoire pour cette action.',
    });
  await ctx.db.transaction().execute(async (trx) => {
    const now = isoNow(ctx);
    const user = await trx
      .selectFrom('users')
      .select(['first_name', 'last_name'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    if (rule.to) {
      const r = await trx
        .updateTable('tickets')
        .set({ status: rule.to, updated_at: now })
        .where('id', '=', ticketId)
        .where('status', '=', ticket.status)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1)
        throw new AppError('CONFLICT', 'Le ticket vient de changer : rechargez la page.');
    } else await trx.updateTable('tickets').set({ updated_at: now }).where('id', '=', ticketId).execute();
    await trx
      .insertInto('ticket_activities')
      .values({
        ticket_id: ticketId,
        side,
        author_user_id: userId,
        author_label: `${user.first_name} ${user.last_name}`,
        body: cmd.body || null,
        status_to: rule.to,
        created_at: now,
      })
      .execute();
    const updated = await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
    const other = side === 'emitter' ? 'receiver' : 'emitter';
    for (const mail of await ticketMails(trx, ctx, updated, other, mailSubjects[cmd.action], cmd.body || null))
      await enqueue(trx, ctx, 'mail.send', mail);
  });
  ctx.nudgeOutbox();
}
