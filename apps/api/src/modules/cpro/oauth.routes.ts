import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, text } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { hitRateLimit } from '../../platform/rate-limit.ts';
import { ownErrorEntry } from '../../platform/responses.ts';
import { publicRoute } from '../../plugins/access-control.ts';
import { CPRO_SCOPE, CPRO_TOKEN_SECONDS, issueAccessToken } from './auth.ts';

/** RFC 6749 §5.2 error answer (what PISTE's token endpoint answers, and OAuth2 clients expect). */
const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
const tokenSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  scope: z.string(),
});
const tokenRequestSchema = z.object({
  grant_type: text('grant_type', 40).optional(),
  client_id: text('client_id', 64).optional(),
  client_secret: text('client_secret', 200, { trim: false }).optional(),
  scope: text('scope', 200).optional(),
});

/** Failed client authentications from one address: guessing secrets is slowed down. */
const tokenFailures = { name: 'cpro-oauth', limit: 30, windowSeconds: 900 };

/**
 * `POST /api/oauth/token`: the token endpoint of the Chorus Pro-compatible API, OAuth2 client
 * credentials, form-encoded like PISTE's (`grant_type=client_credentials&client_id&client_secret
 * &scope=openid`). An accounting software changes only this URL and the API base.
 */
export const oauthRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    const oauthError = (codes: Parameters<typeof ownErrorEntry>[2], description: string) =>
      ownErrorEntry(z.union([oauthErrorSchema, errorBodySchema]), description, codes);
    app.post(
      '/api/oauth/token',
      {
        ...publicRoute,
        // Software without cookies calls it; its secret in the body is the proof.
        config: { ...publicRoute.config, csrf: false },
        schema: {
          tags: ['Raccordements'],
          summary: 'Jeton d’accès OAuth2 (client_credentials) d’un raccordement, pour l’API compatible Chorus Pro',
          consumes: ['application/x-www-form-urlencoded'],
          body: tokenRequestSchema,
          response: {
            200: tokenSchema.describe('Jeton d’accès, valable une heure'),
            400: oauthError(
              ['VALIDATION_FAILED'],
              'Requête OAuth2 invalide : { error: invalid_request | unsupported_grant_type | invalid_scope, error_description }',
            ),
            401: oauthError(
              ['INVALID_CREDENTIALS'],
              'Client inconnu, révoqué ou secret faux : { error: invalid_client }',
            ),
            429: oauthError(['RATE_LIMITED'], 'Trop d’échecs depuis cette adresse'),
          },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        const { grant_type, client_id, client_secret, scope } = req.body ?? {};
        if (!grant_type || !client_id || !client_secret)
          return reply.status(400).send({
            error: 'invalid_request',
            error_description: 'grant_type, client_id et client_secret sont obligatoires.',
          });
        if (grant_type !== 'client_credentials')
          return reply.status(400).send({
            error: 'unsupported_grant_type',
            error_description: 'Seul grant_type=client_credentials est accepté.',
          });
        if (scope && !scope.split(/\s+/).includes(CPRO_SCOPE))
          return reply.status(400).send({ error: 'invalid_scope', error_description: 'Le seul scope est « openid ».' });
        const issued = await issueAccessToken(ctx, client_id, client_secret);
        if (!issued) {
          await hitRateLimit(ctx, tokenFailures, req.ip);
          return reply.status(401).send({
            error: 'invalid_client',
            error_description: 'Client inconnu ou révoqué, ou secret incorrect.',
          });
        }
        return {
          access_token: issued.token,
          token_type: 'Bearer' as const,
          expires_in: CPRO_TOKEN_SECONDS,
          scope: CPRO_SCOPE,
        };
      },
    );
  };
