import {
  webhookMaxActive,
  type CreatedWebhook,
  type Webhook,
  type WebhookAttempt,
  type WebhookDeliveryStatus,
  type WebhookLog,
} from '@chorale/contracts';
import { flowStateLabels, invoiceStatusLabels, type FlowState, type InvoiceStatus } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { randomToken } from '../../platform/secrets.ts';
import { requireManager } from '../organisation/access.ts';
import { checkWebhookUrl } from './webhook-address.ts';
import type { WebhookEvent } from './webhook-events.ts';

/**
 * « Webhooks » of a connection (« Raccordements »): its structure's managers declare the URLs
 * that receive the events, see the secret once, remove a URL, and read the delivery log.
 */
const SECRET_PREFIX = 'whsec_';

const notFound = () => new AppError('NOT_FOUND', 'Raccordement introuvable, ou vous n’en êtes pas gestionnaire.');

/** The connection, if the user manages its structure (anyone else is told it does not exist). */
async function connectionManagedBy(ctx: AppContext, userId: number, connectionId: number) {
  const connection = await ctx.db
    .selectFrom('cpro_connections')
    .select(['id', 'structure_id', 'revoked_at'])
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!connection) throw notFound();
  await requireManager(ctx.db, userId, connection.structure_id).catch(() => {
    throw notFound();
  });
  return connection;
}

async function webhookRows(ctx: AppContext, connectionId: number, webhookId?: number): Promise<Webhook[]> {
  let q = ctx.db
    .selectFrom('cpro_webhooks as w')
    .select(['w.id', 'w.connection_id', 'w.url', 'w.created_at', 'w.revoked_at'])
    .where('w.connection_id', '=', connectionId);
  if (webhookId !== undefined) q = q.where('w.id', '=', webhookId);
  const rows = await q.orderBy('w.id').execute();
  const counts = rows.length
    ? await ctx.db
        .selectFrom('cpro_webhook_deliveries')
        .select((eb) => ['webhook_id', 'status', eb.fn.countAll().as('n')])
        .where(
          'webhook_id',
          'in',
          rows.map((r) => r.id),
        )
        .groupBy(['webhook_id', 'status'])
        .execute()
    : [];
  const count = (id: number, status: WebhookDeliveryStatus) =>
    Number(counts.find((c) => c.webhook_id === id && c.status === status)?.n ?? 0);
  return rows.map((r) => ({
    id: r.id,
    connectionId: r.connection_id,
    url: r.url,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    delivered: count(r.id, 'delivered'),
    pending: count(r.id, 'pending'),
    failed: count(r.id, 'failed'),
  }));
}

export async function listWebhooks(ctx: AppContext, userId: number, connectionId: number): Promise<Webhook[]> {
  await connectionManagedBy(ctx, userId, connectionId);
  return webhookRows(ctx, connectionId);
}

/** « Ajouter un webhook »: the URL checked (https, public address), the signing secret shown once. */
export async function createWebhook(
  ctx: AppContext,
  userId: number,
  connectionId: number,
  cmd: { url: string },
): Promise<CreatedWebhook> {
  const connection = await connectionManagedBy(ctx, userId, connectionId);
  if (connection.revoked_at)
    throw new AppError('CONFLICT', 'Ce raccordement est révoqué : il ne reçoit plus de notifications.');
  const url = checkWebhookUrl(cmd.url, ctx.config.webhooksAllowPrivateNetworks);
  const active = await ctx.db
    .selectFrom('cpro_webhooks')
    .select(['id', 'url'])
    .where('connection_id', '=', connectionId)
    .where('revoked_at', 'is', null)
    .execute();
  if (active.some((w) => w.url === url)) {
    const message = 'Cette adresse reçoit déjà les notifications de ce raccordement.';
    throw new AppError('CONFLICT', message, { url: message });
  }
  if (active.length >= webhookMaxActive)
    throw new AppError(
      'CONFLICT',
      `Un raccordement a au plus ${webhookMaxActive} webhooks actifs : supprimez-en un avant d’en ajouter un autre.`,
    );
  const secret = `${SECRET_PREFIX}${randomToken(32)}`;
  const row = await ctx.db
    .insertInto('cpro_webhooks')
    .values({ connection_id: connectionId, url, secret, created_by: userId, created_at: isoNow(ctx) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [webhook] = await webhookRows(ctx, connectionId, row.id);
  return { webhook: webhook!, secret };
}

/** « Supprimer »: no more deliveries; those not yet delivered are given up at their next turn. */
export async function revokeWebhook(ctx: AppContext, userId: number, webhookId: number): Promise<void> {
  const row = await ctx.db
    .selectFrom('cpro_webhooks')
    .select(['id', 'connection_id', 'revoked_at'])
    .where('id', '=', webhookId)
    .executeTakeFirst();
  if (!row)
    throw new AppError('NOT_FOUND', 'Webhook introuvable, ou vous n’êtes pas gestionnaire de son raccordement.');
  await connectionManagedBy(ctx, userId, row.connection_id).catch(() => {
    throw new AppError('NOT_FOUND', 'Webhook introuvable, ou vous n’êtes pas gestionnaire de son raccordement.');
  });
  if (row.revoked_at) throw new AppError('CONFLICT', 'Ce webhook est déjà supprimé.');
  await ctx.db
    .updateTable('cpro_webhooks')
    .set({ revoked_at: isoNow(ctx) })
    .where('id', '=', webhookId)
    .execute();
}

/** What an event announces, in one line of the log. */
function summaryOf(payload: string): string {
  const event = JSON.parse(payload) as WebhookEvent;
  const d = event.data;
  if (event.type === 'flux.etat') {
    const state = String(d.etatCourantFlux);
    return `Flux ${String(d.numeroFluxDepot)} : ${flowStateLabels[state as FlowState] ?? state} (${state})`;
  }
  const status = String(d.statut);
  const label = invoiceStatusLabels[status as InvoiceStatus] ?? status;
  return `Facture ${String(d.numeroFacture ?? d.identifiantFactureCPP)} : ${label} (${status})`;
}

/** The delivery log of a connection's webhooks: one line per attempt, the most recent first. */
export async function webhookLog(
  ctx: AppContext,
  userId: number,
  connectionId: number,
  query: { page: number; pageSize: number; deliveryStatus?: WebhookDeliveryStatus | undefined },
): Promise<WebhookLog> {
  await connectionManagedBy(ctx, userId, connectionId);
  let base = ctx.db
    .selectFrom('cpro_webhook_attempts as a')
    .innerJoin('cpro_webhooks as w', 'w.id', 'a.webhook_id')
    .innerJoin('cpro_webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .where('w.connection_id', '=', connectionId);
  if (query.deliveryStatus) base = base.where('d.status', '=', query.deliveryStatus);
  const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base
    .select([
      'a.id',
      'a.webhook_id',
      'w.url',
      'a.created_at',
      'a.attempt',
      'a.http_status',
      'a.error',
      'a.duration_ms',
      'd.event_id',
      'd.event_type',
      'd.payload',
      'd.status',
    ])
    .orderBy('a.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const items: WebhookAttempt[] = rows.map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    url: r.url,
    at: r.created_at,
    eventId: r.event_id,
    eventType: r.event_type,
    summary: summaryOf(r.payload),
    attempt: r.attempt,
    httpStatus: r.http_status,
    error: r.error,
    durationMs: r.duration_ms,
    deliveryStatus: r.status,
  }));
  return { items, total, page: query.page, pageSize: query.pageSize };
}
