import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/app-error.ts';
import type { AppContext } from '../platform/context.ts';
import { randomToken, safeEqual } from '../platform/secrets.ts';

export const CSRF_COOKIE = 'chorale_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Double-submit protection on every state-changing API call: the portal copies the readable
 * cookie into a header, which a foreign site can neither read nor forge. Sessions are also
 * SameSite=Lax, so this is the second lock, not the only one.
 */
export function registerCsrf(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request, reply) => {
    const cookie = request.cookies[CSRF_COOKIE];
    if (!cookie)
      reply.setCookie(CSRF_COOKIE, randomToken(24), {
        path: '/',
        sameSite: 'strict',
        secure: ctx.config.secureCookies,
        httpOnly: false,
      });
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return;
    const header = request.headers[CSRF_HEADER];
    if (!cookie || typeof header !== 'string' || !safeEqual(cookie, header))
      throw new AppError(
        'CSRF_REJECTED',
        "La requête n'a pas pu être authentifiée (jeton de sécurité absent ou périmé). Rechargez la page puis réessayez.",
      );
  });
}
