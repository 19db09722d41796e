import type { TicketObjectType, TicketStatus } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { loadTicket } from './ticket-access.ts';

/** The ticket page: general information, content, « Activités » (newest first), « Pièces jointes ». */
export async function ticketView(ctx: AppContext, userId: number, ticketId: number) {
  const { ticket: t, side } = await loadTicket(ctx.db, userId, ticketId, 'consultation');
  const [emitter, service, recipient, invoice, activities, attachments, author] = await Promise.all([
    ctx.db
      .selectFrom('structures')
      .select(['id', 'identifier', 'company_name'])
      .where('id', '=', t.emitter_structure_id)
      .executeTakeFirstOrThrow(),
    t.emitter_service_id
      ? ctx.db.selectFrom('services').select(['code', 'name']).where('id', '=', t.emitter_service_id).executeTakeFirst()
      : undefined,
    t.recipient_structure_id
      ? ctx.db
          .selectFrom('structures')
          .select(['identifier', 'company_name'])
          .where('id', '=', t.recipient_structure_id)
          .executeTakeFirst()
      : undefined,
    t.object_invoice_id
      ? ctx.db.selectFrom('invoices').select(['id', 'number']).where('id', '=', t.object_invoice_id).executeTakeFirst()
      : undefined,
    ctx.db
      .selectFrom('ticket_activities')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .orderBy('id', 'desc')
      .execute(),
    ctx.db.selectFrom('ticket_attachments').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute(),
    ctx.db
      .selectFrom('users')
      .select(['first_name', 'last_name'])
      .where('id', '=', t.created_by)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    side,
    id: t.id,
    number: t.number,
    status: t.status,
    createdAt: t.created_at,
    openedAt: t.opened_at,
    category: t.category,
    subcategory: t.subcategory,
    objectType: t.object_type as TicketObjectType | null,
    objectNumber: t.object_number,
    invoiceId: side === 'emitter' || invoice ? (invoice?.id ?? null) : null,
    title: t.title,
    description: t.description,
    emitter: {
      structureId: emitter.id,
      identifier: emitter.identifier,
      name: emitter.company_name,
      service: service ? { code: service.code, name: service.name } : null,
      contact: `${author.first_name} ${author.last_name}`,
      contactEmail: t.contact_email,
      contactPhone: t.contact_phone ?? '',
    },
    recipient: recipient ? { identifier: recipient.identifier, name: recipient.company_name } : null,
    activities: activities.map((a) => ({
      id: a.id,
      side: a.side,
      author: a.author_label,
      body: a.body,
      statusTo: a.status_to as TicketStatus | null,
      at: a.created_at,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      size: a.size,
      side: a.side,
      addedAt: a.added_at,
    })),
  };
}
