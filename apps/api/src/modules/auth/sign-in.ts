import { normalizeEmail } from '@chorale/domain';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { blockedUntil, countRateLimit, rateRules, signInBlocked } from '../../platform/rate-limit.ts';
import { closeSession, openSession, type AuthState } from '../../plugins/session.ts';
import { verifyPassword } from '../accounts/passwords.ts';
import { recordSecurityEvent } from '../accounts/security-events.ts';
import { listFactors, toFactor } from './factors.ts';

const WRONG = 'Adresse de connexion ou mot de passe incorrect.';

/**
 * « Connexion », first step: the password. Success opens a short session that can only finish
 * the second factor; the same message answers an unknown address and a wrong password.
 */
export async function signIn(
  ctx: AppContext,
  reply: FastifyReply,
  cmd: { loginEmail: string; password: string; ip: string; current: AuthState | null },
) {
  const loginEmail = normalizeEmail(cmd.loginEmail);
  // Only failures count, per address and per account from that address: ten wrong passwords
  // typed elsewhere never lock the rightful user out (issue 15 defect 15).
  const limits = [
    [rateRules.signInPerIp, cmd.ip],
    [rateRules.signInPerAccountAndIp, `${loginEmail}|${cmd.ip}`],
  ] as const;
  for (const [rule, subject] of limits) {
    const until = await blockedUntil(ctx, rule, subject);
    if (until) throw signInBlocked(until, ctx.now());
  }
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'status', 'password_hash'])
    .where('login_email', '=', loginEmail)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.status === 'active' ? user.password_hash : null, cmd.password);
  if (!user || !ok) {
    for (const [rule, subject] of limits) await countRateLimit(ctx, rule, subject);
    if (user) await recordSecurityEvent(ctx.db, ctx, user.id, 'sign_in_failed', cmd.ip, 'Mot de passe incorrect');
    throw new AppError('INVALID_CREDENTIALS', WRONG, { password: WRONG });
  }
  const factors = await listFactors(ctx.db, user.id);
  await ctx.db.transaction().execute(async (trx) => {
    if (cmd.current) await closeSession(trx, ctx, reply, cmd.current.sessionId);
    await openSession(trx, ctx, reply, user.id, 'mfa');
  });
  const first = factors[0];
  if (!first) throw new Error(`user ${user.id} has no authentication factor`);
  return { stage: 'mfa' as const, factor: toFactor(first), factors: factors.map(toFactor) };
}
