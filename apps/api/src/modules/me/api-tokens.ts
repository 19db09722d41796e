import { API_TOKEN_PREFIX, apiTokenMaxActive, type ApiToken, type CreatedApiToken } from '@chorale/contracts';
import { preparedQuery } from '@chorale/db';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { randomToken, sha256 } from '../../platform/secrets.ts';
import { recordSecurityEvent } from '../accounts/security-events.ts';
import { keepCallerAccess, membershipProfiles } from '../organisation/access.ts';
import { keepUser } from '../invoices/invoice-rows.ts';

/** Writing last_used_at on every call would turn each read into a write. */
const TOUCH_AFTER_MS = 60_000;

type TokenRow = {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
};
const toApiToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

/** The instant a token stops working: the end of its last day, Paris time (midnight after it). */
export function endOfParisDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d + 1);
  // Paris is one or two hours ahead of UTC: its midnight is that much earlier.
  const parisHour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(
      new Date(midnightUtc),
    ),
  );
  return new Date(midnightUtc - parisHour * 3_600_000);
}

const active = (db: Db, now: string) =>
  db
    .selectFrom('api_tokens')
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]));

/**
 * Every API call reads its token: prepared once (issue 13). The token of a secret with its user
 * (status and name) and his validated memberships, one row per membership with its profiles in
 * one value: one query gives the request who calls and what he may do (issue 13).
 */
const tokenBySecretHash = preparedQuery((db, p: { hash: string; now: string }) =>
  active(db, p.now)
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.user_id', '=', 'api_tokens.user_id').on('m.status', '=', 'VALIDEE'),
    )
    .select([
      'api_tokens.id as token_id',
      'api_tokens.user_id',
      'api_tokens.last_used_at',
      'users.status',
      'users.first_name',
      'users.last_name',
      'users.contact_email',
      'm.id',
      'm.structure_id',
      'm.service_id',
      'm.role',
      membershipProfiles(db),
    ])
    .where('api_tokens.token_hash', '=', p.hash),
);

export async function listApiTokens(ctx: AppContext, userId: number): Promise<ApiToken[]> {
  const rows = await active(ctx.db, isoNow(ctx))
    .select(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toApiToken);
}

/** « Créer un jeton »: the secret is returned once; only its SHA-256 is kept. */
export async function createApiToken(
  ctx: AppContext,
  userId: number,
  cmd: { name: string; expiresOn: string | null; ip: string },
): Promise<CreatedApiToken> {
  const expiresAt = cmd.expiresOn ? endOfParisDay(cmd.expiresOn) : null;
  if (expiresAt && expiresAt.getTime() <= ctx.now().getTime())
    throw new AppError('VALIDATION_FAILED', 'La date d’expiration est passée : choisissez aujourd’hui ou plus tard.', {
      expiresOn: 'La date d’expiration est passée : choisissez aujourd’hui ou plus tard.',
    });
  const secret = `${API_TOKEN_PREFIX}${randomToken(32)}`;
  const row = await ctx.db.transaction().execute(async (trx) => {
    const count = await active(trx, isoNow(ctx))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= apiTokenMaxActive)
      throw new AppError(
        'CONFLICT',
        `Vous avez déjà ${apiTokenMaxActive} jetons actifs : révoquez ceux qui ne servent plus avant d’en créer un autre.`,
      );
    const created = await trx
      .insertInto('api_tokens')
      .values({
        user_id: userId,
        name: cmd.name,
        token_hash: sha256(secret),
        prefix: secret.slice(0, API_TOKEN_PREFIX.length + 4),
        created_at: isoNow(ctx),
        expires_at: expiresAt?.toISOString() ?? null,
      })
      .returning(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at'])
      .executeTakeFirstOrThrow();
    await recordSecurityEvent(trx, ctx, userId, 'api_token_created', cmd.ip, created.name);
    return created;
  });
  return { token: toApiToken(row), secret };
}

/** « Révoquer »: effective on the very next call, since every call looks the token up. */
export async function revokeApiToken(ctx: AppContext, userId: number, cmd: { tokenId: number; ip: string }) {
  await ctx.db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: isoNow(ctx) })
      .where('id', '=', cmd.tokenId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning('name')
      .executeTakeFirst();
    if (!revoked) throw new AppError('NOT_FOUND', 'Ce jeton n’existe pas ou a déjà été révoqué.');
    await recordSecurityEvent(trx, ctx, userId, 'api_token_revoked', cmd.ip, revoked.name);
  });
}

/** The user a bearer secret acts for, or a 401; an unusable token never falls back to a cookie. */
export async function authenticateApiToken(
  ctx: AppContext,
  secret: string,
): Promise<{ userId: number; tokenId: number }> {
  const rows = secret.startsWith(API_TOKEN_PREFIX)
    ? await tokenBySecretHash.sharedRows(ctx.db, { hash: sha256(secret), now: isoNow(ctx) })
    : [];
  const row = rows[0];
  if (!row || row.status !== 'active')
    throw new AppError(
      'UNAUTHENTICATED',
      'Jeton d’API inconnu, expiré ou révoqué. Créez-en un nouveau dans « Mon compte », rubrique « Jetons d’API ».',
    );
  if (!row.last_used_at || ctx.now().getTime() - new Date(row.last_used_at).getTime() > TOUCH_AFTER_MS)
    await ctx.db
      .updateTable('api_tokens')
      .set({ last_used_at: isoNow(ctx) })
      .where('id', '=', row.token_id)
      .execute();
  keepUser(ctx.scope, {
    id: row.user_id,
    first_name: row.first_name,
    last_name: row.last_name,
    contact_email: row.contact_email,
  });
  keepCallerAccess(ctx.scope, row.user_id, rows);
  return { userId: row.user_id, tokenId: row.token_id };
}
