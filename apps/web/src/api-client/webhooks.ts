import type { CreatedWebhook, Webhook, WebhookDeliveryStatus, WebhookLog } from '@chorale/contracts';
import { api } from './client.ts';

// Answers are typed by the API's own response schemas (packages/contracts), never by hand.
export type { CreatedWebhook, Webhook, WebhookAttempt, WebhookDeliveryStatus, WebhookLog } from '@chorale/contracts';

/** « Webhooks » of an API connection: URLs (the secret shown once) and the delivery log. */
export const webhooksApi = {
  list: (connectionId: number) => api<{ items: Webhook[] }>('GET', `/api/api-connections/${connectionId}/webhooks`),
  create: (connectionId: number, url: string) =>
    api<CreatedWebhook>('POST', `/api/api-connections/${connectionId}/webhooks`, { url }),
  revoke: (id: number) => api<unknown>('POST', `/api/webhooks/${id}/revoke`, {}),
  log: (connectionId: number, page: number, deliveryStatus: WebhookDeliveryStatus | '') =>
    api<WebhookLog>(
      'GET',
      `/api/api-connections/${connectionId}/webhook-deliveries?${new URLSearchParams({
        page: String(page),
        ...(deliveryStatus ? { deliveryStatus } : {}),
      })}`,
    ),
};

/** Under the structure's key: every change of its raccordements refreshes them too. */
export const webhookKeys = {
  list: (structureId: number, connectionId: number) => ['connections', structureId, 'webhooks', connectionId] as const,
  log: (structureId: number, connectionId: number, page: number, status: string) =>
    ['connections', structureId, 'webhook-log', connectionId, page, status] as const,
};
