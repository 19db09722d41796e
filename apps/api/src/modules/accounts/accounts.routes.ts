import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  captchaChallengeSchema,
  loginEmailChangedSchema,
  okSchema,
  setPasswordWithTokenSchema,
  signUpResultSchema,
  signUpSchema,
  tokenSchema,
  tokenStatusSchema,
  tokenValidSchema,
} from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { publicRoute } from '../../plugins/access-control.ts';
import { failures } from '../../platform/responses.ts';
import { createCaptchaChallenge } from '../captcha/captcha.ts';
import { confirmLoginEmailChange } from '../me/change-login-email.ts';
import { activateAccount } from './activate-account.ts';
import { checkLinkToken } from './reset-password.ts';
import { signUp } from './sign-up.ts';

const tags = ['Comptes'];

export const accountsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/captcha/challenge',
      {
        ...publicRoute,
        schema: {
          tags,
          summary: 'Défi ALTCHA (preuve de travail) pour « Créer un compte »',
          response: { 200: captchaChallengeSchema },
        },
      },
      async (_req, reply) => {
        reply.header('cache-control', 'no-store');
        return createCaptchaChallenge(ctx);
      },
    );

    app.post(
      '/api/accounts',
      {
        ...publicRoute,
        schema: {
          tags,
          summary: 'Créer un compte',
          body: signUpSchema,
          response: {
            201: signUpResultSchema.describe('Compte créé : un lien d’activation part par courriel'),
            ...failures('CAPTCHA_INVALID', 'RATE_LIMITED'),
          },
        },
      },
      async (req, reply) => {
        const result = await signUp(ctx, { ...req.body, ip: req.ip });
        return reply.status(201).send(result);
      },
    );

    app.post(
      '/api/accounts/token-status',
      {
        ...publicRoute,
        schema: {
          tags,
          summary: 'Vérifier un lien reçu par courriel',
          body: tokenStatusSchema,
          response: {
            200: tokenValidSchema,
            ...failures('TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_USED', 'RATE_LIMITED'),
          },
        },
      },
      async (req) => {
        await checkLinkToken(ctx, { ...req.body, ip: req.ip });
        return { valid: true } as const;
      },
    );

    app.post(
      '/api/accounts/activate',
      {
        ...publicRoute,
        schema: {
          tags,
          summary: 'Activer son compte : choisir son mot de passe',
          body: setPasswordWithTokenSchema,
          response: { 200: okSchema, ...failures('TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_USED') },
        },
      },
      async (req) => {
        await activateAccount(ctx, { token: req.body.token, password: req.body.password, ip: req.ip });
        return { ok: true } as const;
      },
    );

    app.post(
      '/api/accounts/confirm-login-email',
      {
        ...publicRoute,
        schema: {
          tags,
          summary: 'Confirmer la nouvelle adresse de connexion',
          body: z.object({ token: tokenSchema }),
          response: {
            200: loginEmailChangedSchema,
            ...failures('TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_USED', 'CONFLICT'),
          },
        },
      },
      async (req) => confirmLoginEmailChange(ctx, { token: req.body.token, ip: req.ip }),
    );
  };
