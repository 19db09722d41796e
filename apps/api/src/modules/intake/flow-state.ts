import { flowNumberOf, type FlowState } from '@chorale/domain';
import type { Database } from '@chorale/db';
import type { ExpressionBuilder, Updateable } from 'kysely';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueueAll } from '../../platform/outbox.ts';
import { webhookDeliveries, webhooksReached } from '../cpro/webhook-events.ts';

/**
 * A flow's state (« etatCourantFlux ») changes here only: the guarded update of the deposit and,
 * in the same transaction, the deliveries to the webhooks of the connections of its structures
 * (the supplier it was deposited for, and the structure of the technical account that deposited
 * it). Each state of a flow is one event (`flux-<id>-<state>`): a flow resumed after a crash
 * announces nothing twice.
 */

/** What the statement that writes a flow returns: the event's fields and whether a webhook listens. */
export function flowReturning(eb: ExpressionBuilder<Database, 'deposits'>) {
  const accountStructure = eb
    .selectFrom('cpro_technical_accounts as ta')
    .select('ta.structure_id')
    .whereRef('ta.user_id', '=', 'deposits.user_id')
    .$asScalar();
  return [
    'deposits.id',
    'deposits.created_at',
    'deposits.file_name',
    'deposits.syntax',
    'deposits.supplier_structure_id',
    'deposits.flow_state',
    'deposits.flow_state_at',
    accountStructure.as('account_structure_id'),
    webhooksReached(eb, [eb.ref('deposits.supplier_structure_id'), accountStructure]).as('webhooks_listen'),
  ] as const;
}

interface WrittenFlow {
  id: number;
  created_at: string;
  file_name: string;
  syntax: string | null;
  supplier_structure_id: number | null;
  flow_state: string | null;
  flow_state_at: string | null;
  account_structure_id: number | null;
  webhooks_listen: unknown;
}

/** Queues the webhook deliveries of the state a flow was just written with; true when some were. */
export async function announceFlowState(trx: Db, ctx: AppContext, d: WrittenFlow): Promise<boolean> {
  if (!d.webhooks_listen || !d.flow_state) return false;
  const jobs = await webhookDeliveries(trx, ctx, [d.supplier_structure_id, d.account_structure_id], {
    id: `flux-${d.id}-${d.flow_state}`,
    type: 'flux.etat',
    occurredAt: d.flow_state_at ?? isoNow(ctx),
    data: {
      numeroFluxDepot: flowNumberOf(d.id, d.created_at),
      etatCourantFlux: d.flow_state,
      dateHeureEtatCourantFlux: d.flow_state_at,
      nomFichierFlux: d.file_name,
      syntaxeFlux: d.syntax,
    },
  });
  await enqueueAll(trx, ctx, jobs);
  return jobs.length > 0;
}

/**
 * Moves a flow to `to` when it is in one of `from` (any state when omitted) and, with `leaseFreeAt`,
 * when no reader holds it at that instant. Returns whether the flow changed.
 */
export async function changeFlowState(
  trx: Db,
  ctx: AppContext,
  depositId: number,
  to: FlowState,
  options: { from?: readonly FlowState[]; leaseFreeAt?: string; set?: Updateable<Database['deposits']> } = {},
): Promise<boolean> {
  const now = isoNow(ctx);
  let update = trx
    .updateTable('deposits')
    .set({ ...options.set, flow_state: to, flow_state_at: now, updated_at: now })
    .where('id', '=', depositId);
  if (options.from) update = update.where('flow_state', 'in', options.from);
  if (options.leaseFreeAt) {
    const at = options.leaseFreeAt;
    update = update.where((w) => w.or([w('reader_until', 'is', null), w('reader_until', '<', at)]));
  }
  const written = await update.returning(flowReturning).executeTakeFirst();
  if (!written) return false;
  if (await announceFlowState(trx, ctx, written)) ctx.nudgeOutbox();
  return true;
}
