import { searchMatch } from '@chorale/db';
import type { z } from 'zod';
import {
  emitterActionStatuses,
  formatParisDateTime,
  mayAccess,
  ticketStatusLabels,
  type TicketStatus,
} from '@chorale/domain';
import type { ticketListQuerySchema } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { csvDocument } from '../../platform/csv.ts';
import { loadAccess } from '../organisation/access.ts';

type ListQuery = z.output<typeof ticketListQuerySchema>;

const sortColumns = {
  number: 't.number',
  title: 't.title',
  openedAt: 't.opened_at',
  category: 't.category',
  subcategory: 't.subcategory',
  status: 't.status',
} as const;

/**
 * « Tickets émis » (tabs Actions requises, En cours, Clôturés, Brouillons) or the receiving
 * support's worklist, with keyword search over number, title, description, category and status.
 */
export async function listTickets(ctx: AppContext, userId: number, side: 'emitter' | 'receiver', q: ListQuery) {
  const access = await loadAccess(ctx.db, userId);
  const user = await ctx.db
    .selectFrom('users')
    .select('is_operator')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const emitterScopes = access.filter((m) =>
    mayAccess([m], { structureId: m.structureId, serviceId: m.serviceId }, 'SOLLICITATIONS_EMISES', 'consultation'),
  );
  const receiverStructures = access
    .filter(
      (m) =>
        m.serviceId === null && mayAccess([m], { structureId: m.structureId }, 'SOLLICITATIONS_RECUES', 'consultation'),
    )
    .map((m) => m.structureId);

  let base = ctx.db.selectFrom('tickets as t');
  if (side === 'emitter') {
    if (q.tab === 'drafts') base = base.where('t.status', '=', 'BROUILLON').where('t.created_by', '=', userId);
    else {
      if (emitterScopes.length === 0) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
      base = base.where((eb) =>
        eb.or(
          emitterScopes.map((s) =>
            s.serviceId === null
              ? eb('t.emitter_structure_id', '=', s.structureId)
              : eb.and([
                  eb('t.emitter_structure_id', '=', s.structureId),
                  eb('t.emitter_service_id', '=', s.serviceId),
                ]),
          ),
        ),
      );
      if (q.tab === 'actions') base = base.where('t.status', 'in', [...emitterActionStatuses]);
      if (q.tab === 'open') base = base.where('t.status', 'in', ['OUVERT', 'EN_ATTENTE_INFORMATIONS', 'RESOLU']);
      if (q.tab === 'closed') base = base.where('t.status', '=', 'FERME');
    }
  } else {
    if (receiverStructures.length === 0 && user.is_operator !== 1)
      return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    base = base
      .where('t.status', '!=', 'BROUILLON')
      .where((eb) =>
        eb.or([
          ...(receiverStructures.length ? [eb('t.recipient_structure_id', 'in', receiverStructures)] : []),
          ...(user.is_operator === 1 ? [eb('t.recipient_structure_id', 'is', null)] : []),
        ]),
      );
    if (q.tab === 'actions') base = base.where('t.status', '=', 'OUVERT');
    if (q.tab === 'open') base = base.where('t.status', 'in', ['OUVERT', 'EN_ATTENTE_INFORMATIONS', 'RESOLU']);
    if (q.tab === 'closed') base = base.where('t.status', '=', 'FERME');
  }
  if (q.q) {
    const statuses = Object.entries(ticketStatusLabels)
      .filter(([, label]) => label.toLowerCase().includes(q.q.toLowerCase()))
      .map(([code]) => code);
    base = base.where((eb) =>
      eb.or([
        ...(['t.number', 't.title', 't.description', 't.category', 't.subcategory'] as const).map((column) =>
          searchMatch(column, q.q, { ignoreCase: true }),
        ),
        ...(statuses.length ? [eb('t.status', 'in', statuses as never[])] : []),
      ]),
    );
  }
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['t.id', 't.number', 't.title', 't.opened_at', 't.created_at', 't.category', 't.subcategory', 't.status'])
    .orderBy(sortColumns[q.sort], q.direction)
    .orderBy('t.id', q.direction)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    total: Number(count.n),
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      openedAt: r.opened_at ?? r.created_at,
      category: r.category,
      subcategory: r.subcategory,
      status: r.status,
    })),
  };
}

/** « Exporter le tableau », dates as French spreadsheets read them. */
export function ticketsCsv(items: Awaited<ReturnType<typeof listTickets>>['items']): string {
  return csvDocument(
    ['Numéro', 'Description brève', 'Ouvert le', 'Catégorie', 'Sous-catégorie', 'Statut'],
    items.map((t) => [
      t.number ?? '',
      t.title,
      formatParisDateTime(t.openedAt, ''),
      t.category,
      t.subcategory,
      ticketStatusLabels[t.status as TicketStatus] ?? t.status,
    ]),
  );
}
