import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createdWebhookSchema,
  webhookFormSchema,
  webhookListSchema,
  webhookLogQuerySchema,
  webhookLogSchema,
} from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { failures, noContent } from '../../platform/responses.ts';
import { requireSession, requireUser } from '../../plugins/session.ts';
import { createWebhook, listWebhooks, revokeWebhook, webhookLog } from './webhooks.ts';

const tags = ['Raccordements'];
const idParams = z.object({ id: z.coerce.number().int().positive() });

/**
 * Webhooks of an API connection (« Raccordements »), for its structure's managers. The lists read
 * with a personal API token too; declaring a URL (a secret is shown) and removing one need the
 * portal's session.
 */
export const webhooksRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/api-connections/:id/webhooks',
      {
        schema: {
          tags,
          summary: 'Webhooks d’une connexion API',
          params: idParams,
          response: { 200: webhookListSchema, ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND') },
        },
      },
      async (req) => ({ items: await listWebhooks(ctx, requireUser(req).userId, req.params.id) }),
    );
    app.post(
      '/api/api-connections/:id/webhooks',
      {
        schema: {
          tags,
          summary: 'Déclarer un webhook (https ; le secret de signature n’est montré qu’une fois)',
          params: idParams,
          body: webhookFormSchema,
          response: {
            201: createdWebhookSchema,
            ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION_FAILED', 'CONFLICT'),
          },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        const created = await createWebhook(ctx, requireSession(req).userId, req.params.id, req.body);
        return reply.status(201).send(created);
      },
    );
    app.post(
      '/api/webhooks/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Supprimer un webhook (plus aucun envoi)',
          params: idParams,
          response: { 204: noContent, ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT') },
        },
      },
      async (req, reply) => {
        await revokeWebhook(ctx, requireSession(req).userId, req.params.id);
        return reply.status(204).send();
      },
    );
    app.get(
      '/api/api-connections/:id/webhook-deliveries',
      {
        schema: {
          tags,
          summary: 'Journal des envois des webhooks (heure, événement, statut HTTP, tentative)',
          params: idParams,
          querystring: webhookLogQuerySchema,
          response: { 200: webhookLogSchema, ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND') },
        },
      },
      async (req) => webhookLog(ctx, requireUser(req).userId, req.params.id, req.query),
    );
  };
