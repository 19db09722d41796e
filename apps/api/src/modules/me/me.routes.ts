import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addTotpSchema,
  addWebauthnSchema,
  changeLoginEmailSchema,
  changePasswordSchema,
  updateProfileSchema,
} from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../plugins/session.ts';
import { listFactors, toFactor } from '../auth/factors.ts';
import { confirmTotpEnrollment, startTotpEnrollment } from './add-totp-factor.ts';
import { confirmWebauthnEnrollment, startWebauthnEnrollment } from './add-webauthn-factor.ts';
import { changePassword } from './change-password.ts';
import { requestLoginEmailChange } from './change-login-email.ts';
import { getProfile, markFirstSignInSeen, updateProfile } from './profile.ts';
import { removeFactor } from './remove-factor.ts';

const tags = ['Mon compte'];

export const meRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/me', { schema: { tags, summary: 'Mon compte' } }, async (req) =>
      getProfile(ctx.db, requireUser(req).userId),
    );

    app.put('/api/me', { schema: { tags, summary: 'Modifier mon compte', body: updateProfileSchema } }, async (req) =>
      updateProfile(ctx, requireUser(req).userId, req.body),
    );

    app.post(
      '/api/me/first-sign-in-seen',
      { schema: { tags, summary: 'Fermer le message de première connexion' } },
      async (req, reply) => {
        await markFirstSignInSeen(ctx, requireUser(req).userId);
        return reply.status(204).send();
      },
    );

    app.get('/api/me/factors', { schema: { tags, summary: "Mes facteurs d'authentification" } }, async (req) => ({
      factors: (await listFactors(ctx.db, requireUser(req).userId)).map(toFactor),
    }));

    app.post(
      '/api/me/factors/totp/start',
      { schema: { tags, summary: 'Ajouter une application : QR code et clé' } },
      async (req) => startTotpEnrollment(ctx, requireUser(req).userId),
    );

    app.post(
      '/api/me/factors/totp',
      { schema: { tags, summary: 'Ajouter une application : code unique', body: addTotpSchema } },
      async (req, reply) =>
        reply.status(201).send(await confirmTotpEnrollment(ctx, requireUser(req).userId, { ...req.body, ip: req.ip })),
    );

    app.post(
      '/api/me/factors/webauthn/options',
      { schema: { tags, summary: 'Ajouter une clé de sécurité : options WebAuthn' } },
      async (req) => startWebauthnEnrollment(ctx, requireUser(req)),
    );

    app.post(
      '/api/me/factors/webauthn',
      { schema: { tags, summary: 'Ajouter une clé de sécurité : réponse de la clé', body: addWebauthnSchema } },
      async (req, reply) =>
        reply.status(201).send(await confirmWebauthnEnrollment(ctx, requireUser(req), { ...req.body, ip: req.ip })),
    );

    app.delete(
      '/api/me/factors/:id',
      { schema: { tags, summary: 'Supprimer un facteur', params: z.object({ id: z.coerce.number().int() }) } },
      async (req, reply) => {
        await removeFactor(ctx, requireUser(req).userId, { factorId: req.params.id, ip: req.ip });
        return reply.status(204).send();
      },
    );

    app.put(
      '/api/me/password',
      { schema: { tags, summary: 'Modifier mon mot de passe', body: changePasswordSchema } },
      async (req, reply) => {
        await changePassword(ctx, requireUser(req), {
          currentPassword: req.body.currentPassword,
          password: req.body.password,
          ip: req.ip,
        });
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/me/login-email',
      { schema: { tags, summary: 'Changer mon adresse de connexion', body: changeLoginEmailSchema } },
      async (req, reply) =>
        reply.status(202).send(await requestLoginEmailChange(ctx, requireUser(req).userId, req.body)),
    );

    app.get('/api/me/security-events', { schema: { tags, summary: 'Historique de sécurité' } }, async (req) => {
      const rows = await ctx.db
        .selectFrom('security_events')
        .select(['kind', 'created_at', 'ip', 'detail'])
        .where('user_id', '=', requireUser(req).userId)
        .orderBy('id', 'desc')
        .limit(100)
        .execute();
      return { events: rows.map((r) => ({ kind: r.kind, at: r.created_at, ip: r.ip, detail: r.detail })) };
    });
  };
