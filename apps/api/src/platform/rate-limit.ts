import { AppError } from './app-error.ts';
import type { AppContext, Db } from './context.ts';
import { sha256 } from './secrets.ts';

export interface RateRule {
  /** Name of the guarded action, part of the key. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export const rateRules = {
  signUp: { name: 'sign-up', limit: 10, windowSeconds: 3600 },
  signInPerIp: { name: 'sign-in-ip', limit: 30, windowSeconds: 900 },
  signInPerAccount: { name: 'sign-in-account', limit: 10, windowSeconds: 900 },
  mfaCodeSend: { name: 'mfa-send', limit: 5, windowSeconds: 900 },
  passwordReset: { name: 'password-reset', limit: 5, windowSeconds: 3600 },
  tokenCheck: { name: 'token', limit: 60, windowSeconds: 900 },
} as const satisfies Record<string, RateRule>;

/**
 * Counts one hit on a fixed window stored in the database (shared by every app process) and
 * refuses once the limit is passed. The subject (address, IP) is hashed: no personal data kept.
 */
export async function hitRateLimit(
  ctx: Pick<AppContext, 'db' | 'now'>,
  rule: RateRule,
  subject: string,
): Promise<void> {
  const key = `${rule.name}:${sha256(subject.toLowerCase())}`;
  const now = ctx.now();
  const windowStart = new Date(
    Math.floor(now.getTime() / (rule.windowSeconds * 1000)) * rule.windowSeconds * 1000,
  ).toISOString();
  const hits = await ctx.db.transaction().execute(async (trx: Db) => {
    await trx
      .insertInto('rate_limits')
      .values({ key, window_start: windowStart, hits: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          hits: eb
            .case()
            .when('rate_limits.window_start', '=', windowStart)
            .then(eb('rate_limits.hits', '+', 1))
            .else(1)
            .end(),
          window_start: windowStart,
        })),
      )
      .execute();
    const row = await trx.selectFrom('rate_limits').select('hits').where('key', '=', key).executeTakeFirstOrThrow();
    return row.hits;
  });
  if (hits > rule.limit) {
    const retryAfter = Math.ceil((new Date(windowStart).getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000);
    const minutes = Math.max(1, Math.ceil(retryAfter / 60));
    throw new AppError(
      'RATE_LIMITED',
      `Trop de tentatives en peu de temps. Par sécurité, réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
      undefined,
      { 'retry-after': String(retryAfter) },
    );
  }
}
