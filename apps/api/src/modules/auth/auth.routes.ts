import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  okSchema,
  passwordResetRequestSchema,
  selectFactorResultSchema,
  selectFactorSchema,
  sessionStateSchema,
  signInResultSchema,
  setPasswordWithTokenSchema,
  signInSchema,
  verifyFactorSchema,
  type SessionState,
} from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { mfaRoute, publicRoute } from '../../plugins/access-control.ts';
import { failures, noContent } from '../../platform/responses.ts';
import { closeSession, requireMfaStage } from '../../plugins/session.ts';
import { recordSecurityEvent } from '../accounts/security-events.ts';
import { requestPasswordReset, resetPassword } from '../accounts/reset-password.ts';
import { getProfile } from '../me/profile.ts';
import { selectFactor } from './select-factor.ts';
import { signIn } from './sign-in.ts';
import { verifyFactor } from './verify-factor.ts';

const tags = ['Connexion'];
const sessionState200 = sessionStateSchema.describe(
  'État de la session : anonyme, second facteur attendu, ou connecté',
);

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const sessionState = async (
      auth: { userId: number; stage: 'mfa' | 'signed-in' } | null,
    ): Promise<SessionState> => ({
      stage: auth?.stage ?? 'anonymous',
      user: auth?.stage === 'signed-in' ? await getProfile(ctx.db, auth.userId) : null,
      devOutbox: ctx.config.devOutbox,
    });

    app.get(
      '/api/session',
      { ...publicRoute, schema: { tags, summary: 'État de la session', response: { 200: sessionState200 } } },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return sessionState(req.auth);
      },
    );

    app.post(
      '/api/auth/sign-in',
      {
        ...publicRoute,
        schema: {
          tags,
          summary: 'Connexion : adresse et mot de passe',
          body: signInSchema,
          response: {
            200: signInResultSchema.describe('Mot de passe accepté : reste le second facteur'),
            ...failures('INVALID_CREDENTIALS', 'RATE_LIMITED'),
          },
        },
      },
      async (req, reply) => signIn(ctx, reply, { ...req.body, ip: req.ip, current: req.auth }),
    );

    app.post(
      '/api/auth/mfa/select',
      {
        ...mfaRoute,
        schema: {
          tags,
          summary: 'Choisir le second facteur (envoie le code par courriel)',
          body: selectFactorSchema,
          response: {
            200: selectFactorResultSchema.describe('Facteur choisi (code envoyé, ou options WebAuthn)'),
            ...failures('UNAUTHENTICATED', 'NOT_FOUND', 'RATE_LIMITED'),
          },
        },
      },
      async (req) => selectFactor(ctx, requireMfaStage(req), { ...req.body, ip: req.ip }),
    );

    app.post(
      '/api/auth/mfa/verify',
      {
        ...mfaRoute,
        schema: {
          tags,
          summary: 'Valider le second facteur',
          body: verifyFactorSchema,
          response: {
            200: sessionState200,
            ...failures(
              'UNAUTHENTICATED',
              'NOT_FOUND',
              'VALIDATION_FAILED',
              'CODE_INVALID',
              'CODE_EXPIRED',
              'CODE_LOCKED',
            ),
          },
        },
      },
      async (req, reply) => {
        const auth = requireMfaStage(req);
        await verifyFactor(ctx, reply, auth, { ...req.body, ip: req.ip });
        return sessionState({ userId: auth.userId, stage: 'signed-in' });
      },
    );

    app.post(
      '/api/auth/sign-out',
      { ...publicRoute, schema: { tags, summary: 'Se déconnecter', response: { 204: noContent } } },
      async (req, reply) => {
        const auth = req.auth;
        if (auth)
          await ctx.db.transaction().execute(async (trx) => {
            await recordSecurityEvent(trx, ctx, auth.userId, 'sign_out', req.ip);
            await closeSession(trx, ctx, reply, auth.sessionId);
          });
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/auth/password-reset',
      {
        ...publicRoute,
        schema: {
          tags,
          summary: 'Mot de passe oublié : recevoir un lien',
          body: passwordResetRequestSchema,
          response: { 202: okSchema, ...failures('RATE_LIMITED') },
        },
      },
      async (req, reply) => {
        await requestPasswordReset(ctx, { loginEmail: req.body.loginEmail, ip: req.ip });
        return reply.status(202).send({ ok: true } as const);
      },
    );

    app.post(
      '/api/auth/password-reset/confirm',
      {
        ...publicRoute,
        schema: {
          tags,
          summary: 'Choisir un nouveau mot de passe depuis le lien',
          body: setPasswordWithTokenSchema,
          response: { 200: okSchema, ...failures('TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_USED', 'RATE_LIMITED') },
        },
      },
      async (req) => {
        await resetPassword(ctx, { token: req.body.token, password: req.body.password, ip: req.ip });
        return { ok: true } as const;
      },
    );
  };
