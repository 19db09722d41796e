import { z } from 'zod';
import { requiredText } from './text.ts';

/**
 * Webhooks of an API connection (« Raccordements », « What Chorus Pro lacks »): each status change
 * of an invoice of the connection's structures, and each state change of a flow, is POSTed as JSON
 * to the URL, signed with the secret (shown once). See apps/api/src/modules/cpro/README.md.
 */

/** Enough for a software and its test environment; more is a sign of URLs never removed. */
export const webhookMaxActive = 5;

export const webhookFormSchema = z.object({
  url: requiredText('Adresse de notification', 2000),
});
export type WebhookForm = z.input<typeof webhookFormSchema>;

export const webhookSchema = z.object({
  id: z.number().int(),
  connectionId: z.number().int(),
  url: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  /** Deliveries by state, to see at a glance whether the receiver answers. */
  delivered: z.number().int(),
  pending: z.number().int(),
  failed: z.number().int(),
});
export type Webhook = z.infer<typeof webhookSchema>;

export const webhookListSchema = z.object({ items: z.array(webhookSchema) }).describe('Webhooks du raccordement');

export const createdWebhookSchema = z
  .object({ webhook: webhookSchema, secret: z.string() })
  .describe('Webhook déclaré : le secret de signature n’est montré qu’une fois');
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** One attempt of the delivery log: time, event, HTTP status, attempt number. */
export const webhookAttemptSchema = z.object({
  id: z.number().int(),
  webhookId: z.number().int(),
  url: z.string(),
  at: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  /** The event's subject: the invoice status or flow state it announces. */
  summary: z.string(),
  attempt: z.number().int(),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  /** Where the delivery stands now (after this attempt and any later one). */
  deliveryStatus: z.enum(webhookDeliveryStatuses),
});
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

export const webhookLogQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  deliveryStatus: z.enum(webhookDeliveryStatuses).optional(),
});

export const webhookLogSchema = z
  .object({
    items: z.array(webhookAttemptSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .describe('Journal des envois des webhooks du raccordement, le plus récent d’abord');
export type WebhookLog = z.infer<typeof webhookLogSchema>;
