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
  /** Failed passwords from one address, whatever the account (password spraying). */
  signInPerIp: { name: 'sign-in-ip', limit: 30, windowSeconds: 900 },
  /**
   * Failed passwords for one account from one address: the rightful user, from anywhere else,
   * is never refused because someone guesses elsewhere (issue 15 defect 15).
   */
  signInPerAccountAndIp: { name: 'sign-in-account-ip', limit: 10, windowSeconds: 900 },
  /** Wrong second-factor codes for one account from one address, across sign-ins and new codes. */
  mfaFailuresPerAccountAndIp: { name: 'mfa-failures-account-ip', limit: 10, windowSeconds: 900 },
  mfaCodeSend: { name: 'mfa-send', limit: 5, windowSeconds: 900 },
  passwordReset: { name: 'password-reset', limit: 5, windowSeconds: 3600 },
  tokenCheck: { name: 'token', limit: 60, windowSeconds: 900 },
} as const satisfies Record<string, RateRule>;

function rateKey(rule: RateRule, subject: string): string {
  return `${rule.name}:${sha256(subject.toLowerCase())}`;
}

function windowOf(rule: RateRule, now: Date): { start: string; end: Date } {
  const startMs = Math.floor(now.getTime() / (rule.windowSeconds * 1000)) * rule.windowSeconds * 1000;
  return { start: new Date(startMs).toISOString(), end: new Date(startMs + rule.windowSeconds * 1000) };
}

/** Counts one hit without refusing anything; returns the hits of the current window. */
export async function countRateLimit(
  ctx: Pick<AppContext, 'db' | 'now'>,
  rule: RateRule,
  subject: string,
): Promise<number> {
  const key = rateKey(rule, subject);
  const windowStart = windowOf(rule, ctx.now()).start;
  return ctx.db.transaction().execute(async (trx: Db) => {
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
}

/** The end of the block when `subject` has used up `rule` in the current window, else null. */
export async function blockedUntil(
  ctx: Pick<AppContext, 'db' | 'now'>,
  rule: RateRule,
  subject: string,
): Promise<Date | null> {
  const window = windowOf(rule, ctx.now());
  const row = await ctx.db
    .selectFrom('rate_limits')
    .select('hits')
    .where('key', '=', rateKey(rule, subject))
    .where('window_start', '=', window.start)
    .executeTakeFirst();
  return row && row.hits >= rule.limit ? window.end : null;
}

/**
 * The answer to a sign-in paused after too many failures (issue 15 defect 15): its own code, and
 * in French what happens and until when (Paris time), so that nobody takes it for a wrong password.
 */
export function signInBlocked(until: Date, now: Date): AppError {
  const time = until.toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError(
    'SIGN_IN_BLOCKED',
    `Après plusieurs essais infructueux, la connexion à ce compte depuis cet endroit est bloquée jusqu’à ${time.replace(':', ' h ')}. ` +
      'Réessayez à partir de cette heure, ou utilisez « Mot de passe oublié » si vous ne retrouvez pas votre mot de passe.',
    undefined,
    { 'retry-after': String(retryAfter) },
  );
}

/**
 * Counts one hit on a fixed window stored in the database (shared by every app process) and
 * refuses once the limit is passed. The subject (address, IP) is hashed: no personal data kept.
 */
export async function hitRateLimit(
  ctx: Pick<AppContext, 'db' | 'now'>,
  rule: RateRule,
  subject: string,
): Promise<void> {
  const now = ctx.now();
  const hits = await countRateLimit(ctx, rule, subject);
  if (hits > rule.limit) {
    const retryAfter = Math.ceil((windowOf(rule, now).end.getTime() - now.getTime()) / 1000);
    const minutes = Math.max(1, Math.ceil(retryAfter / 60));
    throw new AppError(
      'RATE_LIMITED',
      `Trop de tentatives en peu de temps. Par sécurité, réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
      undefined,
      { 'retry-after': String(retryAfter) },
    );
  }
}
