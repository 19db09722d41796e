import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addTotpSchema,
  addWebauthnSchema,
  changeLoginEmailSchema,
  changePasswordSchema,
  factorSchema,
  maskedEmailSchema,
  profileSchema,
  securityEventSchema,
  startTotpResultSchema,
  updateProfileSchema,
  webauthnOptionsSchema,
  type SecurityEventKind,
} from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { failures, noContent } from '../../platform/responses.ts';
import { requireSession, requireUser } from '../../plugins/session.ts';
import { listFactors, toFactor } from '../auth/factors.ts';
import { confirmTotpEnrollment, startTotpEnrollment } from './add-totp-factor.ts';
import { confirmWebauthnEnrollment, startWebauthnEnrollment } from './add-webauthn-factor.ts';
import { changePassword } from './change-password.ts';
import { requestLoginEmailChange } from './change-login-email.ts';
import { getProfile, markFirstSignInSeen, updateProfile } from './profile.ts';
import { removeFactor } from './remove-factor.ts';

const tags = ['Mon compte'];
const signedIn = failures('UNAUTHENTICATED');
// Second factors, password and login address: a person in the portal only, never an API token.
const byPerson = failures('UNAUTHENTICATED', 'FORBIDDEN');
const profile = profileSchema.describe('Mon compte');
const factor = factorSchema.describe('Facteur ajouté');

export const meRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/me',
      { schema: { tags, summary: 'Mon compte', response: { 200: profile, ...signedIn } } },
      async (req) => getProfile(ctx.db, requireUser(req).userId),
    );

    app.put(
      '/api/me',
      {
        schema: {
          tags,
          summary: 'Modifier mon compte',
          body: updateProfileSchema,
          response: { 200: profile, ...signedIn },
        },
      },
      async (req) => updateProfile(ctx, requireUser(req).userId, req.body),
    );

    app.post(
      '/api/me/first-sign-in-seen',
      {
        schema: { tags, summary: 'Fermer le message de première connexion', response: { 204: noContent, ...signedIn } },
      },
      async (req, reply) => {
        await markFirstSignInSeen(ctx, requireUser(req).userId);
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/me/factors',
      {
        schema: {
          tags,
          summary: "Mes facteurs d'authentification",
          response: { 200: z.object({ factors: z.array(factorSchema) }).describe('Mes facteurs'), ...signedIn },
        },
      },
      async (req) => ({
        factors: (await listFactors(ctx.db, requireUser(req).userId)).map(toFactor),
      }),
    );

    app.post(
      '/api/me/factors/totp/start',
      {
        schema: {
          tags,
          summary: 'Ajouter une application : QR code et clé',
          response: { 200: startTotpResultSchema.describe('Clé et QR code à scanner'), ...byPerson },
        },
      },
      async (req) => startTotpEnrollment(ctx, requireSession(req).userId),
    );

    app.post(
      '/api/me/factors/totp',
      {
        schema: {
          tags,
          summary: 'Ajouter une application : code unique',
          body: addTotpSchema,
          response: { 201: factor, ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'CODE_INVALID') },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await confirmTotpEnrollment(ctx, requireSession(req).userId, { ...req.body, ip: req.ip })),
    );

    app.post(
      '/api/me/factors/webauthn/options',
      {
        schema: {
          tags,
          summary: 'Ajouter une clé de sécurité : options WebAuthn',
          response: { 200: webauthnOptionsSchema, ...byPerson },
        },
      },
      async (req) => ({ ...(await startWebauthnEnrollment(ctx, requireSession(req))) }),
    );

    app.post(
      '/api/me/factors/webauthn',
      {
        schema: {
          tags,
          summary: 'Ajouter une clé de sécurité : réponse de la clé',
          body: addWebauthnSchema,
          response: { 201: factor, ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'CODE_INVALID') },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await confirmWebauthnEnrollment(ctx, requireSession(req), { ...req.body, ip: req.ip })),
    );

    app.delete(
      '/api/me/factors/:id',
      {
        schema: {
          tags,
          summary: 'Supprimer un facteur',
          params: z.object({ id: z.coerce.number().int() }),
          response: { 204: noContent, ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'LAST_FACTOR') },
        },
      },
      async (req, reply) => {
        await removeFactor(ctx, requireSession(req).userId, { factorId: req.params.id, ip: req.ip });
        return reply.status(204).send();
      },
    );

    app.put(
      '/api/me/password',
      {
        schema: {
          tags,
          summary: 'Modifier mon mot de passe',
          body: changePasswordSchema,
          response: { 204: noContent, ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_CREDENTIALS') },
        },
      },
      async (req, reply) => {
        await changePassword(ctx, requireSession(req), {
          currentPassword: req.body.currentPassword,
          password: req.body.password,
          ip: req.ip,
        });
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/me/login-email',
      {
        schema: {
          tags,
          summary: 'Changer mon adresse de connexion',
          body: changeLoginEmailSchema,
          response: {
            202: maskedEmailSchema,
            ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_CREDENTIALS', 'CONFLICT'),
          },
        },
      },
      async (req, reply) =>
        reply.status(202).send(await requestLoginEmailChange(ctx, requireSession(req).userId, req.body)),
    );

    app.get(
      '/api/me/security-events',
      {
        schema: {
          tags,
          summary: 'Historique de sécurité',
          response: {
            200: z.object({ events: z.array(securityEventSchema) }).describe('Mes 100 derniers événements'),
            ...signedIn,
          },
        },
      },
      async (req) => {
        const rows = await ctx.db
          .selectFrom('security_events')
          .select(['kind', 'created_at', 'ip', 'detail'])
          .where('user_id', '=', requireUser(req).userId)
          .orderBy('id', 'desc')
          .limit(100)
          .execute();
        return {
          events: rows.map((r) => ({
            kind: r.kind as SecurityEventKind,
            at: r.created_at,
            ip: r.ip,
            detail: r.detail,
          })),
        };
      },
    );
  };
