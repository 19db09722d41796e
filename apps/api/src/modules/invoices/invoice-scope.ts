import { grants, notYetDeliveredStatuses } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { loadAccess } from '../organisation/access.ts';

/**
 * The invoices a user may see on one side, as a query to refine: « Factures émises » (issued) are
 * those of every structure or service where he has « Factures émises », « Factures reçues »
 * (received) those addressed to his structures or services, once delivered. Null when he has none.
 */
export async function visibleInvoices(
  ctx: AppContext,
  userId: number,
  side: 'issued' | 'received',
  level: 'consultation' | 'modification' = 'consultation',
) {
  const application = side === 'issued' ? 'FACTURES_EMISES' : 'FACTURES_RECUES';
  const scopes = (await loadAccess(ctx.db, userId)).filter((m) => grants(m.profiles, application, level));
  if (scopes.length === 0) return null;
  const structureCol = side === 'issued' ? 'i.supplier_structure_id' : 'i.recipient_structure_id';
  const serviceCol = side === 'issued' ? 'i.supplier_service_id' : 'i.recipient_service_id';
  const base = ctx.db
    .selectFrom('invoices as i')
    .where((eb) =>
      eb.or(
        scopes.map((s) =>
          s.serviceId === null
            ? eb(structureCol, '=', s.structureId)
            : eb.and([eb(structureCol, '=', s.structureId), eb(serviceCol, '=', s.serviceId)]),
        ),
      ),
    );
  return side === 'received' ? base.where('i.status', 'not in', notYetDeliveredStatuses) : base;
}
