import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { maxAttemptsOf } from '../../platform/outbox-worker.ts';
import { guardedLookup, literalAddressRefused } from './webhook-address.ts';

/**
 * The outbox job `webhook.deliver`: one POST of a delivery to its webhook, signed, logged.
 *
 * Headers: `Chorale-Webhook-Id` (the event id, the same at every attempt), `Chorale-Webhook-
 * Timestamp` (Unix seconds of this attempt), `Chorale-Webhook-Signature: v1=<hex>` where hex is
 * HMAC-SHA256 keyed by the webhook's secret over `<timestamp>.<raw body>`, and
 * `Chorale-Webhook-Attempt`. A 2xx answer delivers; anything else (another status, a timeout, a
 * refused address) is an attempt that failed: the job is retried with the outbox's back-off, and
 * the delivery is « failed » after the last attempt. Redirects are not followed.
 */
export const WEBHOOK_TIMEOUT_MS = 5_000;
export const SIGNATURE_HEADER = 'chorale-webhook-signature';
export const TIMESTAMP_HEADER = 'chorale-webhook-timestamp';
export const EVENT_ID_HEADER = 'chorale-webhook-id';

/** The signature of a delivery (what the receiver recomputes). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

interface AttemptOutcome {
  httpStatus: number | null;
  error: string | null;
}

function post(url: string, headers: Record<string, string>, body: string, allowPrivate: boolean) {
  return new Promise<AttemptOutcome>((resolve) => {
    const target = new URL(url);
    if (literalAddressRefused(target.hostname, allowPrivate))
      return resolve({ httpStatus: null, error: 'Adresse refusée (réseau privé).' });
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(allowPrivate),
      timeout: WEBHOOK_TIMEOUT_MS,
      agent: false,
    });
    req.on('response', (res) => {
      // The answer's body is not read beyond what the socket holds: only its status matters.
      res.resume();
      res.on('error', () => undefined);
      resolve({ httpStatus: res.statusCode ?? null, error: null });
    });
    req.on('timeout', () => req.destroy(new Error(`Pas de réponse en ${WEBHOOK_TIMEOUT_MS / 1000} s.`)));
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({
        httpStatus: null,
        error: e.code === 'EPRIVATE' ? 'Adresse refusée (réseau privé).' : (e.message || String(e)).slice(0, 300),
      }),
    );
    req.end(body);
  });
}

export function webhookDeliverer(ctx: AppContext) {
  // The deliveries of one webhook leave in the order they were queued (within this process).
  const queues = new Map<number, Promise<unknown>>();
  const deliverOne = async (deliveryId: number) => {
    const d = await ctx.db
      .selectFrom('cpro_webhook_deliveries as d')
      .innerJoin('cpro_webhooks as w', 'w.id', 'd.webhook_id')
      .select(['d.id', 'd.webhook_id', 'd.event_id', 'd.payload', 'd.status', 'd.attempts', 'w.url', 'w.secret'])
      .select('w.revoked_at')
      .where('d.id', '=', deliveryId)
      .executeTakeFirst();
    // Delivered already (a job run again after a crash) or given up: nothing more to send.
    if (!d || d.status !== 'pending') return;
    if (d.revoked_at) {
      await ctx.db.updateTable('cpro_webhook_deliveries').set({ status: 'failed' }).where('id', '=', d.id).execute();
      return;
    }
    const attempt = d.attempts + 1;
    const at = isoNow(ctx);
    await ctx.db
      .updateTable('cpro_webhook_deliveries')
      .set({ attempts: attempt, last_attempt_at: at })
      .where('id', '=', d.id)
      .execute();
    const timestamp = String(Math.floor(ctx.now().getTime() / 1000));
    const started = Date.now();
    const outcome = await post(
      d.url,
      {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Chorale-Webhooks/1',
        [EVENT_ID_HEADER]: d.event_id,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: webhookSignature(d.secret, timestamp, d.payload),
        'chorale-webhook-attempt': String(attempt),
      },
      d.payload,
      ctx.config.webhooksAllowPrivateNetworks,
    );
    const ok = outcome.httpStatus !== null && outcome.httpStatus >= 200 && outcome.httpStatus < 300;
    const final = !ok && attempt >= maxAttemptsOf('webhook.deliver');
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('cpro_webhook_attempts')
        .values({
          delivery_id: d.id,
          webhook_id: d.webhook_id,
          attempt,
          http_status: outcome.httpStatus,
          error: outcome.error ?? (ok ? null : `Réponse HTTP ${outcome.httpStatus}`),
          duration_ms: Date.now() - started,
          created_at: at,
        })
        .execute();
      await trx
        .updateTable('cpro_webhook_deliveries')
        .set({
          status: ok ? 'delivered' : final ? 'failed' : 'pending',
          last_http_status: outcome.httpStatus,
          ...(ok ? { delivered_at: isoNow(ctx) } : {}),
        })
        .where('id', '=', d.id)
        .execute();
    });
    // Not delivered, attempts left: the outbox runs the job again after its back-off.
    if (!ok && !final) throw new Error(`webhook delivery ${d.id} failed (attempt ${attempt})`);
  };
  return async ({ deliveryId, webhookId }: { deliveryId: number; webhookId: number }) => {
    const previous = queues.get(webhookId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => deliverOne(deliveryId));
    queues.set(webhookId, mine);
    try {
      await mine;
    } finally {
      if (queues.get(webhookId) === mine) queues.delete(webhookId);
    }
  };
}
