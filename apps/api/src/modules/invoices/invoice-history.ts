import { appendToChain } from '@chorale/db';
import type { InvoiceStatus } from '@chorale/domain';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { serviceRow, structureRow, userRow } from './invoice-rows.ts';

export interface HistoryActor {
  userId: number | null;
  /** « Prénom Nom », or « Chorale » for the platform's own steps. */
  label: string;
  /** « Structure/Service » column of « Suivi du traitement ». */
  structure: string;
}

export async function actorFor(
  db: Db,
  userId: number,
  structureId: number,
  serviceId: number | null,
): Promise<HistoryActor> {
  const [user, structure, service] = await Promise.all([
    userRow(db, userId),
    structureRow(db, structureId),
    serviceId ? serviceRow(db, serviceId) : undefined,
  ]);
  if (!structure) throw new Error(`structure ${structureId} missing`);
  return {
    userId,
    label: `${user.first_name} ${user.last_name}`,
    structure: `${structure.identifier} ${structure.company_name}${service ? ` / ${service.code}` : ''}`,
  };
}

export const platformActor: HistoryActor = { userId: null, label: 'Chorale', structure: 'Plateforme Chorale' };

/**
 * One row of « Suivi du traitement », written in the transaction that changes the status, and
 * returned as stored. `previous`: the chain's head when the caller holds it (see appendToChain).
 */
export async function recordStatus(
  trx: Db,
  ctx: AppContext,
  invoiceId: number,
  status: InvoiceStatus,
  actor: HistoryActor,
  comment: string | null = null,
  known: { previous?: string | null; at?: string } = {},
) {
  // Chained to the invoice's previous row (tamper-evident, checked by npm run audit:verify).
  return appendToChain(
    trx,
    'invoice_history',
    {
      invoice_id: invoiceId,
      status,
      user_id: actor.userId,
      actor_label: actor.label,
      structure_label: actor.structure,
      comment,
      created_at: known.at ?? isoNow(ctx),
    },
    known.previous !== undefined ? { previous: known.previous } : undefined,
  );
}
