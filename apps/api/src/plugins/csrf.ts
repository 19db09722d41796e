import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/app-error.ts';
import type { AppContext } from '../platform/context.ts';
import { randomToken, safeEqual } from '../platform/secrets.ts';

export const CSRF_COOKIE = 'chorale_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false only for a route whose callers cannot hold a cookie (none today): CSRF is on by default. */
    csrf?: boolean;
  }
}

/**
 * Double-submit protection on every state-changing call: the portal copies the readable cookie
 * into a header, which a foreign site can neither read nor forge. Sessions are also SameSite=Lax,
 * so this is the second lock, not the only one.
 *
 * The decision never looks at the raw URL: the router decodes it (`/%61pi/…` matches `/api/…`,
 * issue 15 defect 10), so every unsafe method is checked, whatever route it reaches, unless the
 * matched route itself opts out in its config.
 */
export function registerCsrf(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request, reply) => {
    const cookie = request.cookies[CSRF_COOKIE];
    // A bearer call (software) never sends the cookie back: it is not given one each time (issue 13).
    if (!cookie && request.headers.authorization === undefined)
      reply.setCookie(CSRF_COOKIE, randomToken(24), {
        path: '/',
        sameSite: 'strict',
        secure: ctx.config.secureCookies,
        httpOnly: false,
      });
    if (SAFE_METHODS.has(request.method) || request.routeOptions.config.csrf === false) return;
    // A bearer call is authenticated by its header only (never by the cookie, see session.ts),
    // and a foreign site cannot make a browser send that header: there is nothing to forge.
    if (request.headers.authorization !== undefined) return;
    const header = request.headers[CSRF_HEADER];
    if (!cookie || typeof header !== 'string' || !safeEqual(cookie, header))
      throw new AppError(
        'CSRF_REJECTED',
        'La requête n’a pas pu être authentifiée (jeton de sécurité absent ou périmé). Rechargez la page puis réessayez.',
      );
  });
}
