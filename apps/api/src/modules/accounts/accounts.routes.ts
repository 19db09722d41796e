import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setPasswordWithTokenSchema, signUpSchema, tokenSchema, tokenStatusSchema } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
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
      { schema: { tags, summary: 'Défi ALTCHA (preuve de travail) pour « Créer un compte »' } },
      async (_req, reply) => {
        reply.header('cache-control', 'no-store');
        return createCaptchaChallenge(ctx);
      },
    );

    app.post(
      '/api/accounts',
      { schema: { tags, summary: 'Créer un compte', body: signUpSchema } },
      async (req, reply) => {
        const result = await signUp(ctx, { ...req.body, ip: req.ip });
        return reply.status(201).send(result);
      },
    );

    app.post(
      '/api/accounts/token-status',
      { schema: { tags, summary: 'Vérifier un lien reçu par courriel', body: tokenStatusSchema } },
      async (req) => {
        await checkLinkToken(ctx, { ...req.body, ip: req.ip });
        return { valid: true };
      },
    );

    app.post(
      '/api/accounts/activate',
      { schema: { tags, summary: 'Activer son compte : choisir son mot de passe', body: setPasswordWithTokenSchema } },
      async (req) => {
        await activateAccount(ctx, { token: req.body.token, password: req.body.password, ip: req.ip });
        return { ok: true };
      },
    );

    app.post(
      '/api/accounts/confirm-login-email',
      {
        schema: { tags, summary: 'Confirmer la nouvelle adresse de connexion', body: z.object({ token: tokenSchema }) },
      },
      async (req) => confirmLoginEmailChange(ctx, { token: req.body.token, ip: req.ip }),
    );
  };
