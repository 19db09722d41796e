import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { randomToken, safeEqual, sha256 } from '../../platform/secrets.ts';
import { CproError } from './envelope.ts';

/**
 * Who calls the compatibility API: a technical account (header `cpro-account`), through an API
 * connection (its OAuth bearer token). The actor of every use case is the technical account's
 * user row, whose memberships (attachments) and profiles decide, with the portal's own rules,
 * what it may read and do.
 */
export interface CproActor {
  connectionId: number;
  technicalAccountId: number;
  /** The user id the existing use cases take (requireAccess, requireSupplier…). */
  userId: number;
  login: string;
  /** The structure that declared the connection and the account. */
  ownerStructureId: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on /cpro routes once both the bearer token and the technical account are checked. */
    cpro: CproActor | null;
    /** What the call log records of a /cpro call, even a refused one. */
    cproCall: {
      connectionId: number | null;
      technicalAccountId: number | null;
      startedAt: number;
      codeRetour?: number;
    };
  }
}

export const CPRO_TOKEN_SECONDS = 3600;
export const CPRO_SCOPE = 'openid';

/** `POST /api/oauth/token`: a bearer token for a valid (client id, secret) pair, or null. */
export async function issueAccessToken(
  ctx: AppContext,
  clientId: string,
  clientSecret: string,
): Promise<{ token: string; connectionId: number } | null> {
  const connection = await ctx.db
    .selectFrom('cpro_connections')
    .select(['id', 'secret_hash'])
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  // The hash is always compared, so that an unknown client id takes as long as a wrong secret.
  const ok = safeEqual(connection?.secret_hash ?? sha256(''), sha256(clientSecret));
  if (!connection || !ok) return null;
  const token = randomToken(32);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('cpro_access_tokens')
      .where('connection_id', '=', connection.id)
      .where('expires_at', '<', isoNow(ctx))
      .execute();
    await trx
      .insertInto('cpro_access_tokens')
      .values({
        connection_id: connection.id,
        token_hash: sha256(token),
        created_at: isoNow(ctx),
        expires_at: isoNow(ctx, CPRO_TOKEN_SECONDS * 1000),
      })
      .execute();
  });
  return { token, connectionId: connection.id };
}

const bearerRefused = () =>
  new CproError(
    'UNAUTHENTICATED',
    'Jeton d’accès absent, inconnu ou expiré : demandez-en un à /api/oauth/token (client_credentials) et envoyez-le dans l’en-tête « Authorization: Bearer … ».',
  );
const accountRefused = () =>
  new CproError(
    'UNAUTHENTICATED',
    'Compte technique refusé : l’en-tête « cpro-account » doit valoir base64(« login:mot de passe ») d’un compte technique actif, non expiré, déclaré par la structure du raccordement.',
  );

async function connectionOfBearer(db: Db, ctx: AppContext, header: unknown) {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return null;
  return db
    .selectFrom('cpro_access_tokens as t')
    .innerJoin('cpro_connections as c', 'c.id', 't.connection_id')
    .select(['c.id', 'c.structure_id'])
    .where('t.token_hash', '=', sha256(match[1]!))
    .where('t.expires_at', '>', isoNow(ctx))
    .where('c.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Decodes `cpro-account` (base64 of `login:password`). */
export function decodeCproAccount(header: unknown): { login: string; password: string } | null {
  if (typeof header !== 'string' || header.length > 1024) return null;
  const decoded = Buffer.from(header.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export interface TechnicalAccount {
  id: number;
  userId: number;
  structureId: number;
  login: string;
  /** The password is right but has expired: refused, with its own message. */
  expired: boolean;
}

/**
 * The one check of a technical account's login and password (`cpro-account`, SFTP): the account
 * exists, is not revoked, its password matches (`expired` said apart). The hash is always
 * compared, so that an unknown login takes as long as a wrong password.
 */
export async function technicalAccountByPassword(
  ctx: AppContext,
  login: string,
  password: string,
): Promise<TechnicalAccount | null> {
  const account = await ctx.db
    .selectFrom('cpro_technical_accounts as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select([
      'a.id',
      'a.user_id',
      'a.structure_id',
      'a.login',
      'a.password_hash',
      'a.expires_at',
      'a.revoked_at',
      'u.status',
    ])
    .where('a.login', '=', login)
    .executeTakeFirst();
  const passwordOk = safeEqual(account?.password_hash ?? sha256(''), sha256(password));
  if (!account || !passwordOk || account.revoked_at !== null || account.status !== 'technical') return null;
  return {
    id: account.id,
    userId: account.user_id,
    structureId: account.structure_id,
    login: account.login,
    expired: new Date(account.expires_at).getTime() <= ctx.now().getTime(),
  };
}

export const technicalPasswordExpired =
  'Le mot de passe de ce compte technique a expiré : un gestionnaire de la structure en génère un nouveau dans « Raccordements ».';

/** The actor of a /cpro call, or a 401 in the Chorus Pro shape. */
export async function authenticateCpro(ctx: AppContext, request: FastifyRequest): Promise<CproActor> {
  const connection = await connectionOfBearer(ctx.db, ctx, request.headers.authorization);
  if (!connection) throw bearerRefused();
  request.cproCall.connectionId = connection.id;
  const credentials = decodeCproAccount(request.headers['cpro-account']);
  if (!credentials) throw accountRefused();
  const account = await technicalAccountByPassword(ctx, credentials.login, credentials.password);
  if (!account || account.structureId !== connection.structure_id) throw accountRefused();
  request.cproCall.technicalAccountId = account.id;
  if (account.expired) throw new CproError('UNAUTHENTICATED', technicalPasswordExpired);
  return {
    connectionId: connection.id,
    technicalAccountId: account.id,
    userId: account.userId,
    login: account.login,
    ownerStructureId: account.structureId,
  };
}

/** `/cpro/<api>/v1/<operation>` → `<api>/v1/<operation>`, the operation's name in the call log. */
export const operationOf = (url: string) => url.replace(/^\/cpro\//, '');

/**
 * Authentication of the /cpro routes (before the access control, which then only checks that it
 * ran) and the call log of each API connection (« dernières connexions » in « Raccordements »).
 */
export function registerCproAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('cpro', null);
  app.decorateRequest('cproCall', null as unknown as FastifyRequest['cproCall']);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.access !== 'cpro') return;
    request.cproCall = { connectionId: null, technicalAccountId: null, startedAt: Date.now() };
    request.cpro = await authenticateCpro(ctx, request);
  });
  // The call is logged before the answer leaves, so that a client reading « Raccordements » right
  // after its call finds it there.
  app.addHook('onSend', async (request, reply, payload) => {
    const call = request.cproCall;
    if (!call || call.connectionId === null) return payload;
    if (call.codeRetour === undefined && typeof payload === 'string') {
      const match = /"codeRetour"\s*:\s*(-?\d+)/.exec(payload.slice(0, 200));
      if (match) call.codeRetour = Number(match[1]);
    }
    try {
      await ctx.db
        .insertInto('cpro_calls')
        .values({
          connection_id: call.connectionId,
          technical_account_id: call.technicalAccountId,
          operation: operationOf(request.routeOptions.url ?? '').slice(0, 120),
          http_status: reply.statusCode,
          code_retour: call.codeRetour ?? (reply.statusCode < 300 ? 0 : -1),
          duration_ms: Math.max(0, Math.round(Date.now() - call.startedAt)),
          created_at: isoNow(ctx),
        })
        .execute();
    } catch (err) {
      request.log.error({ err }, 'cpro call log failed');
    }
    return payload;
  });
}
