import { sql, type Expression, type ExpressionBuilder, type ExpressionWrapper, type SqlBool } from 'kysely';
import type { Database } from '@chorale/db';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import type { QueuedJob } from '../../platform/outbox.ts';

/**
 * Webhook events (« What Chorus Pro lacks »): a status change of an invoice, a state change of a
 * flow. An event reaches every active webhook of the active connections of the structures it
 * concerns: a connection reaches its own structure and the structures its structure's technical
 * accounts are attached to (what the connection may act on). One delivery row per webhook, keyed
 * by the event id, so that the same change is queued once however often it is announced; each
 * delivery is an outbox job committed with the change.
 */
export type WebhookEventType = 'facture.statut' | 'flux.etat';

export interface WebhookEvent {
  /** Stable: the same change always has the same id (the receiver's idempotency key). */
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  data: Record<string, unknown>;
}

type StructureRef = Expression<number | null>;

/** The active webhooks an event on these structures reaches (a subquery, for exists and inserts). */
function reachedWebhooks(eb: ExpressionBuilder<Database, never>, structures: StructureRef[]) {
  return eb
    .selectFrom('cpro_webhooks as w')
    .innerJoin('cpro_connections as c', 'c.id', 'w.connection_id')
    .where('w.revoked_at', 'is', null)
    .where('c.revoked_at', 'is', null)
    .where((w) =>
      w.or([
        w('c.structure_id', 'in', structures),
        w.exists(
          w
            .selectFrom('cpro_technical_accounts as ta')
            .innerJoin('memberships as m', 'm.user_id', 'ta.user_id')
            .select('m.id')
            .whereRef('ta.structure_id', '=', 'c.structure_id')
            .where('ta.revoked_at', 'is', null)
            .where('m.status', '=', 'VALIDEE')
            .where('m.structure_id', 'in', structures),
        ),
      ]),
    );
}

/**
 * `exists(…)` for the RETURNING of the statement that makes the change: when no webhook is
 * reached (the common case) the change costs no statement more.
 */
export function webhooksReached<TB extends keyof Database>(
  eb: ExpressionBuilder<Database, TB>,
  structures: StructureRef[],
): ExpressionWrapper<Database, TB, SqlBool> {
  return eb.exists(reachedWebhooks(eb as unknown as ExpressionBuilder<Database, never>, structures).select('w.id'));
}

/**
 * Queues the event for every webhook it reaches, in the caller's transaction; returns the outbox
 * jobs to insert with the change's other side effects (one insert for all).
 */
export async function webhookDeliveries(
  trx: Db,
  ctx: Pick<AppContext, 'now'>,
  structureIds: (number | null)[],
  event: WebhookEvent,
): Promise<QueuedJob[]> {
  const structures = structureIds.filter((id): id is number => typeof id === 'number').map((id) => sql.val(id));
  if (!structures.length) return [];
  const payload = JSON.stringify(event);
  const rows = await trx
    .insertInto('cpro_webhook_deliveries')
    .columns(['webhook_id', 'event_id', 'event_type', 'payload', 'status', 'attempts', 'created_at'])
    .expression((eb) =>
      reachedWebhooks(eb as unknown as ExpressionBuilder<Database, never>, structures).select([
        'w.id',
        sql<string>`${event.id}`.as('event_id'),
        sql<string>`${event.type}`.as('event_type'),
        sql<string>`${payload}`.as('payload'),
        sql<string>`'pending'`.as('status'),
        sql<number>`0`.as('attempts'),
        sql<string>`${isoNow(ctx)}`.as('created_at'),
      ]),
    )
    .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
    .returning(['id', 'webhook_id'])
    .execute();
  return rows.map((r) => ({ kind: 'webhook.deliver', payload: { deliveryId: r.id, webhookId: r.webhook_id } }));
}
