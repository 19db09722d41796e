import { mayAccess, type AccessLevel, type TicketSide } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { Db } from '../../platform/context.ts';
import { loadAccess } from '../organisation/access.ts';

export const ticketNotFound = () =>
  new AppError('NOT_FOUND', 'Ticket introuvable, ou vous n’êtes pas habilité à le voir.');

export interface TicketRef {
  id: number;
  status: string;
  created_by: number;
  emitter_structure_id: number;
  emitter_service_id: number | null;
  recipient_structure_id: number | null;
}

/**
 * Emitter side: members of the emitting structure (or service) with « Sollicitations émises ».
 * Receiver side: the recipient organisation's members with « Sollicitations reçues », or the
 * platform's operators for tickets addressed to the platform. Drafts belong to their author.
 */
export async function ticketSide(db: Db, userId: number, t: TicketRef, level: AccessLevel): Promise<TicketSide | null> {
  if (t.status === 'BROUILLON') return t.created_by === userId ? 'emitter' : null;
  const access = await loadAccess(db, userId);
  if (
    mayAccess(
      access,
      { structureId: t.emitter_structure_id, serviceId: t.emitter_service_id },
      'SOLLICITATIONS_EMISES',
      level,
    )
  )
    return 'emitter';
  if (t.recipient_structure_id !== null) {
    if (mayAccess(access, { structureId: t.recipient_structure_id }, 'SOLLICITATIONS_RECUES', level)) return 'receiver';
    return null;
  }
  const user = await db.selectFrom('users').select('is_operator').where('id', '=', userId).executeTakeFirst();
  return user?.is_operator === 1 ? 'receiver' : null;
}

export async function loadTicket(db: Db, userId: number, id: number, level: AccessLevel) {
  const t = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!t) throw ticketNotFound();
  const side = await ticketSide(db, userId, t, level);
  if (!side) {
    if (level === 'modification' && (await ticketSide(db, userId, t, 'consultation')))
      throw new AppError(
        'FORBIDDEN',
        'Votre profil ne permet pas d’agir sur ce ticket (profil « modification » nécessaire).',
      );
    throw ticketNotFound();
  }
  return { ticket: t, side };
}
