import type { FastifyInstance, RouteOptions } from 'fastify';
import { AppError } from '../platform/app-error.ts';
import { requireMfaStage, requireUser } from './session.ts';

/**
 * Who may call a route: a signed-in user unless the route says otherwise. `public`: anyone
 * (sign-in, sign-up, the public directory, the portal's files); `mfa`: a session that passed the
 * password and waits for its second factor; `cpro`: the Chorus Pro-compatible API, a bearer token
 * of an API connection plus a technical account (apps/api/src/modules/cpro/auth.ts).
 */
export type RouteAccess = 'signed-in' | 'mfa' | 'public' | 'cpro';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** Route option of the routes anyone may call: `app.get(url, { ...publicRoute, schema }, …)`. */
export const publicRoute = { config: { access: 'public' as const } };
/** Route option of the Chorus Pro-compatible API (/cpro/…). */
export const cproRoute = { config: { access: 'cpro' as const, csrf: false } };
/** Route option of the second-factor step of sign-in. */
export const mfaRoute = { config: { access: 'mfa' as const } };

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

export interface AccessControl {
  /** Every route of the app with its access, as registered (for the deny-by-default test). */
  routes: RouteEntry[];
  /** Registers a third-party plugin (static files, API docs) whose routes take no options: all public. */
  publicly(register: () => Promise<unknown>): Promise<void>;
}

/**
 * Deny by default (issue 14): the check runs for every request before its body is even read, from
 * the route's declared access; a route that declares nothing requires a signed-in user. Must be
 * registered after the session hook, which it reads.
 */
export function registerAccessControl(app: FastifyInstance): AccessControl {
  const routes: RouteEntry[] = [];
  let markingPublic = false;
  app.addHook('onRoute', (route: RouteOptions) => {
    if (markingPublic) route.config = { ...route.config, access: 'public' };
    const access = route.config?.access ?? 'signed-in';
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
  });
  app.addHook('onRequest', async (request) => {
    // Unknown addresses answer their own 404, the same signed in or not.
    if (request.is404) return;
    const access = request.routeOptions.config.access ?? 'signed-in';
    if (access === 'signed-in') requireUser(request);
    else if (access === 'mfa') requireMfaStage(request);
    // The cpro authentication hook ran first and threw if refused; this is the second lock.
    else if (access === 'cpro' && !request.cpro)
      throw new AppError('UNAUTHENTICATED', 'Jeton d’accès et compte technique requis.');
  });
  return {
    routes,
    async publicly(register) {
      markingPublic = true;
      try {
        await register();
      } finally {
        markingPublic = false;
      }
    },
  };
}
