import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiConnectionFormSchema,
  apiConnectionSchema,
  attachTechnicalAccountSchema,
  cproCallPageSchema,
  cproCallsQuerySchema,
  createdApiConnectionSchema,
  createdTechnicalAccountSchema,
  itemsOf,
  technicalAccountSchema,
  technicalPasswordFormSchema,
} from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { failures, noContent } from '../../platform/responses.ts';
import { requireSession, requireUser } from '../../plugins/session.ts';
import {
  attachTechnicalAccount,
  createConnection,
  createTechnicalAccount,
  detachTechnicalAccount,
  renewTechnicalPassword,
  revokeConnection,
  revokeTechnicalAccount,
  rotateConnectionSecret,
} from './connections.ts';
import { listCalls } from './list-calls.ts';
import { connectionView, listConnections, listTechnicalAccounts, technicalAccountView } from './list-connections.ts';

const tags = ['Raccordements'];
const id = z.object({ id: z.coerce.number().int().positive() });
const reads = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND');
const changes = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED');

/**
 * « Raccordements » (issue 10), for the main managers of a structure: API connections of the
 * Chorus Pro-compatible API, technical accounts, their attachments, and the call log. Reading is
 * open to a manager's API token; what creates or replaces a secret needs the portal's session,
 * so that a leaked token cannot mint lasting credentials.
 */
export const connectionsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const reader = (req: Parameters<typeof requireUser>[0]) => requireUser(req).userId;
    const person = (req: Parameters<typeof requireSession>[0]) => requireSession(req).userId;

    app.get(
      '/api/structures/:id/api-connections',
      {
        schema: {
          tags,
          summary: 'Connexions API (raccordements OAuth2) d’une structure',
          params: id,
          response: { 200: itemsOf(apiConnectionSchema, 'Connexions API de la structure'), ...reads },
        },
      },
      async (req) => ({ items: await listConnections(ctx, reader(req), req.params.id) }),
    );
    app.post(
      '/api/structures/:id/api-connections',
      {
        schema: {
          tags,
          summary: 'Déclarer une connexion API (le secret n’est montré qu’une fois)',
          params: id,
          body: apiConnectionFormSchema,
          response: { 201: createdApiConnectionSchema, ...changes },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        const created = await createConnection(ctx, person(req), { structureId: req.params.id, ...req.body });
        return reply
          .status(201)
          .send({ connection: await connectionView(ctx, created.id), clientSecret: created.clientSecret });
      },
    );
    app.post(
      '/api/api-connections/:id/rotate',
      {
        schema: {
          tags,
          summary: 'Renouveler le secret d’une connexion API (l’ancien cesse aussitôt)',
          params: id,
          response: { 200: createdApiConnectionSchema, ...changes },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        const rotated = await rotateConnectionSecret(ctx, person(req), req.params.id);
        return { connection: await connectionView(ctx, rotated.id), clientSecret: rotated.clientSecret };
      },
    );
    app.post(
      '/api/api-connections/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Révoquer une connexion API (ses jetons cessent aussitôt)',
          params: id,
          response: { 200: apiConnectionSchema.describe('La connexion API, révoquée'), ...changes },
        },
      },
      async (req) => {
        await revokeConnection(ctx, person(req), req.params.id);
        return connectionView(ctx, req.params.id);
      },
    );
    app.get(
      '/api/api-connections/:id/calls',
      {
        schema: {
          tags,
          summary: 'Derniers appels d’une connexion API (filtres : opération, résultat, période)',
          params: id,
          querystring: cproCallsQuerySchema,
          response: { 200: cproCallPageSchema, ...reads },
        },
      },
      async (req) => listCalls(ctx, reader(req), req.params.id, req.query),
    );

    app.get(
      '/api/structures/:id/technical-accounts',
      {
        schema: {
          tags,
          summary: 'Comptes techniques d’une structure et leurs rattachements',
          params: id,
          response: { 200: itemsOf(technicalAccountSchema, 'Comptes techniques de la structure'), ...reads },
        },
      },
      async (req) => ({ items: await listTechnicalAccounts(ctx, reader(req), req.params.id) }),
    );
    app.post(
      '/api/structures/:id/technical-accounts',
      {
        schema: {
          tags,
          summary: 'Créer un compte technique (le mot de passe n’est montré qu’une fois)',
          params: id,
          body: technicalPasswordFormSchema,
          response: { 201: createdTechnicalAccountSchema, ...changes },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        const created = await createTechnicalAccount(ctx, person(req), {
          structureId: req.params.id,
          expiresOn: req.body.expiresOn,
        });
        return reply
          .status(201)
          .send({ account: await technicalAccountView(ctx, created.id), password: created.password });
      },
    );
    app.post(
      '/api/technical-accounts/:id/password',
      {
        schema: {
          tags,
          summary: 'Générer un nouveau mot de passe de compte technique (l’ancien cesse aussitôt)',
          params: id,
          body: technicalPasswordFormSchema,
          response: { 200: createdTechnicalAccountSchema, ...changes },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        const renewed = await renewTechnicalPassword(ctx, person(req), req.params.id, req.body);
        return { account: await technicalAccountView(ctx, renewed.id), password: renewed.password };
      },
    );
    app.post(
      '/api/technical-accounts/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Révoquer un compte technique (ses appels sont refusés aussitôt)',
          params: id,
          response: { 200: technicalAccountSchema.describe('Le compte technique, révoqué'), ...changes },
        },
      },
      async (req) => {
        await revokeTechnicalAccount(ctx, person(req), req.params.id);
        return technicalAccountView(ctx, req.params.id);
      },
    );
    app.post(
      '/api/technical-accounts/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Rattacher un compte technique à une structure ou un service, avec ses profils',
          params: id,
          body: attachTechnicalAccountSchema,
          response: { 200: technicalAccountSchema.describe('Le compte technique et ses rattachements'), ...changes },
        },
      },
      async (req) => {
        await attachTechnicalAccount(ctx, person(req), req.params.id, req.body);
        return technicalAccountView(ctx, req.params.id);
      },
    );
    app.delete(
      '/api/technical-accounts/:id/attachments/:membershipId',
      {
        schema: {
          tags,
          summary: 'Détacher un compte technique d’une structure ou d’un service',
          params: id.extend({ membershipId: z.coerce.number().int().positive() }),
          response: { 204: noContent, ...changes },
        },
      },
      async (req, reply) => {
        await detachTechnicalAccount(ctx, person(req), req.params.id, req.params.membershipId);
        return reply.status(204).send();
      },
    );
  };
