import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiTokenFormSchema, apiTokenListSchema, createdApiTokenSchema } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { failures, noContent } from '../../platform/responses.ts';
import { requireSession } from '../../plugins/session.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';

const tags = ['Mon compte'];
// Only a person signed in to the portal manages tokens (a token cannot mint or revoke tokens).
const byPerson = failures('UNAUTHENTICATED', 'FORBIDDEN');

/** « Jetons d'API » of « Mon compte ». */
export const apiTokensRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/me/api-tokens',
      { schema: { tags, summary: 'Mes jetons d’API', response: { 200: apiTokenListSchema, ...byPerson } } },
      async (req) => ({ items: await listApiTokens(ctx, requireSession(req).userId) }),
    );
    app.post(
      '/api/me/api-tokens',
      {
        schema: {
          tags,
          summary: 'Créer un jeton d’API (le secret n’est montré qu’une fois)',
          body: apiTokenFormSchema,
          response: { 201: createdApiTokenSchema, ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT') },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        const created = await createApiToken(ctx, requireSession(req).userId, { ...req.body, ip: req.ip });
        return reply.status(201).send(created);
      },
    );
    app.delete(
      '/api/me/api-tokens/:id',
      {
        schema: {
          tags,
          summary: 'Révoquer un jeton d’API (effet immédiat)',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 204: noContent, ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND') },
        },
      },
      async (req, reply) => {
        await revokeApiToken(ctx, requireSession(req).userId, { tokenId: req.params.id, ip: req.ip });
        return reply.status(204).send();
      },
    );
  };
