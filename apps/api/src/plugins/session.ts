import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../platform/app-error.ts';
import type { AppContext, Db } from '../platform/context.ts';
import { isoNow } from '../platform/context.ts';
import { randomToken, sha256 } from '../platform/secrets.ts';
import { authenticateApiToken } from '../modules/me/api-tokens.ts';
import { preparedQuery } from '@chorale/db';
import { keepCallerAccess, membershipProfiles } from '../modules/organisation/access.ts';
import { keepUser } from '../modules/invoices/invoice-rows.ts';

export const SESSION_COOKIE = 'chorale_session';

export interface AuthState {
  /** How the caller proved who he is: the portal's session cookie, or a personal API token. */
  via: 'session' | 'api-token';
  /** The session's id; 0 for an API token, which has no session. */
  sessionId: number;
  userId: number;
  stage: 'mfa' | 'signed-in';
  webauthnChallenge: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthState | null;
  }
}

/** A second-factor step must be finished quickly; a full session lives by idle and absolute limits. */
const MFA_STAGE_MINUTES = 10;
const TOUCH_AFTER_MS = 60_000;

function cookieOptions(ctx: AppContext) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies };
}

/** Opens a session with a new random id (never reusing one from before sign-in). */
export async function openSession(
  trx: Db,
  ctx: AppContext,
  reply: FastifyReply,
  userId: number,
  stage: AuthState['stage'],
): Promise<number> {
  const token = randomToken();
  const lifetimeMs = stage === 'mfa' ? MFA_STAGE_MINUTES * 60_000 : ctx.config.sessionAbsoluteHours * 3_600_000;
  const row = await trx
    .insertInto('sessions')
    .values({
      token_hash: sha256(token),
      user_id: userId,
      stage,
      created_at: isoNow(ctx),
      last_seen_at: isoNow(ctx),
      expires_at: isoNow(ctx, lifetimeMs),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(ctx), maxAge: Math.floor(lifetimeMs / 1000) });
  return row.id;
}

export async function closeSession(trx: Db, ctx: AppContext, reply: FastifyReply, sessionId: number): Promise<void> {
  await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
  reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
}

/** The secret of an `Authorization: Bearer …` header, or null when the call carries none. */
export function bearerSecret(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

/**
 * The session of a cookie, with its user's name and validated memberships (one row per
 * membership, its profiles in one value): one query gives the request who calls and what he may
 * do (issue 13).
 */
const sessionByHash = preparedQuery((db, p: { hash: string }) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('memberships as m', (join) => join.onRef('m.user_id', '=', 's.user_id').on('m.status', '=', 'VALIDEE'))
    .select([
      's.id as session_id',
      's.user_id',
      's.stage',
      's.webauthn_challenge',
      's.last_seen_at',
      's.expires_at',
      'u.first_name',
      'u.last_name',
      'u.contact_email',
      'm.id',
      'm.structure_id',
      'm.service_id',
      'm.role',
      membershipProfiles(db),
    ])
    .where('s.token_hash', '=', p.hash),
);

export function registerSessions(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    // The route the router matched, not the raw URL, which it decodes (issue 15 defect 10).
    if (!request.routeOptions.url?.startsWith('/api/')) return;
    // Software calls with a bearer token: it alone decides, the cookie is never looked at.
    const bearer = bearerSecret(request);
    if (bearer !== null) {
      const { userId } = await authenticateApiToken(request.ctx, bearer);
      request.auth = { via: 'api-token', sessionId: 0, userId, stage: 'signed-in', webauthnChallenge: null };
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const rows = await sessionByHash.sharedRows(ctx.db, { hash: sha256(token) });
    const first = rows[0];
    if (!first) return;
    const session = { ...first, id: first.session_id };
    const now = ctx.now().getTime();
    const idleLimit = new Date(session.last_seen_at).getTime() + ctx.config.sessionIdleMinutes * 60_000;
    if (new Date(session.expires_at).getTime() <= now || (session.stage === 'signed-in' && idleLimit <= now)) {
      await ctx.db.deleteFrom('sessions').where('id', '=', session.id).execute();
      return;
    }
    if (now - new Date(session.last_seen_at).getTime() > TOUCH_AFTER_MS)
      await ctx.db
        .updateTable('sessions')
        .set({ last_seen_at: isoNow(ctx) })
        .where('id', '=', session.id)
        .execute();
    if (session.stage === 'signed-in') {
      keepUser(request.ctx.scope, {
        id: session.user_id,
        first_name: first.first_name,
        last_name: first.last_name,
        contact_email: first.contact_email,
      });
      keepCallerAccess(request.ctx.scope, session.user_id, rows);
    }
    request.auth = {
      via: 'session',
      sessionId: session.id,
      userId: session.user_id,
      stage: session.stage,
      webauthnChallenge: session.webauthn_challenge,
    };
  });
}

/** The signed-in user, or a 401 the portal turns into the sign-in page. */
export function requireUser(request: FastifyRequest): AuthState {
  if (!request.auth || request.auth.stage !== 'signed-in')
    throw new AppError('UNAUTHENTICATED', 'Vous devez être connecté pour accéder à cette page.');
  return request.auth;
}

/**
 * A person signed in with the portal's session: managing API tokens, the password, the login
 * address or the second factors is never done by a token, so that a leaked token cannot take
 * the account over.
 */
export function requireSession(request: FastifyRequest): AuthState {
  const auth = requireUser(request);
  if (auth.via !== 'session')
    throw new AppError('FORBIDDEN', 'Cette action n’est possible que connecté au portail, pas avec un jeton d’API.');
  return auth;
}

/** A session that passed the password and waits for its second factor. */
export function requireMfaStage(request: FastifyRequest): AuthState {
  if (!request.auth || request.auth.stage !== 'mfa')
    throw new AppError(
      'UNAUTHENTICATED',
      'Votre étape de connexion a expiré. Saisissez de nouveau votre adresse de connexion et votre mot de passe.',
    );
  return request.auth;
}
