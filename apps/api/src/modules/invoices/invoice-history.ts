import { appendRowsToChain } from '@chorale/db';
import type { InvoiceStatus } from '@chorale/domain';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import type { Reading } from '../../platform/request-scope.ts';
import { serviceRow, structureRow, userRow } from './invoice-rows.ts';

export interface HistoryActor {
  userId: number | null;
  /** « Prénom Nom », or « Chorale » for the platform's own steps. */
  label: string;
  /** « Structure/Service » column of « Suivi du traitement ». */
  structure: string;
}

export async function actorFor(
  r: Reading,
  userId: number,
  structureId: number,
  serviceId: number | null,
): Promise<HistoryActor> {
  const [user, structure, service] = await Promise.all([
    userRow(r, userId),
    structureRow(r, structureId),
    serviceId ? serviceRow(r, serviceId) : undefined,
  ]);
  if (!structure) throw new Error(`structure ${structureId} missing`);
  return {
    userId,
    label: `${user.first_name} ${user.last_name}`,
    structure: `${structure.identifier} ${structure.company_name}${service ? ` / ${service.code}` : ''}`,
  };
}

export const platformActor: HistoryActor = { userId: null, label: 'Chorale', structure: 'Plateforme Chorale' };

/** A row of « Suivi du traitement » not written yet (see recordStatuses). */
export interface PendingStatus {
  status: InvoiceStatus;
  actor: HistoryActor;
  comment?: string | null;
  at: string;
}

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
  const rows = await recordStatuses(trx, invoiceId, [{ status, actor, comment, at: known.at ?? isoNow(ctx) }], known);
  return rows[0]!;
}

/**
 * Several rows of « Suivi du traitement » in order, one insert (a draft typed and sent in one
 * call: « Brouillon » then « Déposée », issue 13); returned as stored, in order.
 */
export async function recordStatuses(
  trx: Db,
  invoiceId: number,
  entries: PendingStatus[],
  known: { previous?: string | null } = {},
) {
  // Chained to the invoice's previous row (tamper-evident, checked by npm run audit:verify).
  return appendRowsToChain(
    trx,
    'invoice_history',
    entries.map((e) => ({
      invoice_id: invoiceId,
      status: e.status,
      user_id: e.actor.userId,
      actor_label: e.actor.label,
      structure_label: e.actor.structure,
      comment: e.comment ?? null,
      created_at: e.at,
    })),
    known.previous !== undefined ? { previous: known.previous } : undefined,
  );
}
