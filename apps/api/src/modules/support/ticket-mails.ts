import { ticketStatusLabels, type TicketStatus } from '@chorale/domain';
import type { AppContext, Db } from '../../platform/context.ts';
import { composeMail } from '../../platform/mail-template.ts';
import type { Mail } from '../../platform/mailer.ts';
import { portalLink } from '../accounts/links.ts';

/** Addresses of the other side: the emitter's contact, or the receiving support's members. */
async function recipientsOf(
  db: Db,
  ticket: { contact_email: string; recipient_structure_id: number | null },
  toSide: 'emitter' | 'receiver',
) {
  if (toSide === 'emitter') return [ticket.contact_email];
  if (ticket.recipient_structure_id === null)
    return (await db.selectFrom('users').select('contact_email').where('is_operator', '=', 1).execute()).map(
      (u) => u.contact_email,
    );
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('membership_profiles as p', 'p.membership_id', 'm.id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.contact_email')
    .distinct()
    .where('m.structure_id', '=', ticket.recipient_structure_id)
    .where('m.status', '=', 'VALIDEE')
    .where('p.application', '=', 'SOLLICITATIONS_RECUES')
    .where('p.level', '=', 'modification')
    .execute();
  return rows.map((r) => r.contact_email);
}

export async function ticketMails(
  db: Db,
  ctx: AppContext,
  ticket: {
    id: number;
    number: string | null;
    title: string;
    status: string;
    contact_email: string;
    recipient_structure_id: number | null;
  },
  toSide: 'emitter' | 'receiver',
  what: string,
  body: string | null,
): Promise<Mail[]> {
  const path = toSide === 'emitter' ? `/support/tickets/${ticket.id}` : `/support/tickets-recus/${ticket.id}`;
  const url = portalLink(ctx, path);
  const paragraphs = [
    `Ticket ${ticket.number} « ${ticket.title} » : ${what}`,
    `Statut : ${ticketStatusLabels[ticket.status as TicketStatus]}`,
    ...(body ? [body] : []),
  ];
  return (await recipientsOf(db, ticket, toSide)).map((to) =>
    composeMail(to, `Chorale – Ticket ${ticket.number} : ${what}`, {
      paragraphs,
      link: { url, label: 'Consulter le ticket' },
    }),
  );
}
