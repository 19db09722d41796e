import { randomInt } from 'node:crypto';
import type { AuthenticatorTransport } from '@simplewebauthn/server';
import { maskEmail } from '@chorale/domain';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { hitRateLimit, rateRules } from '../../platform/rate-limit.ts';
import { sha256 } from '../../platform/secrets.ts';
import type { AuthState } from '../../plugins/session.ts';
import { signInCodeMail } from '../accounts/mails.ts';
import { loadOwnFactor, relyingParty, toFactor } from './factors.ts';

export const CODE_VALIDITY_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;

export function codeHash(sessionId: number, code: string): string {
  return sha256(`${sessionId}:${code}`);
}

/** Starts the chosen second factor: sends the mail code, or prepares the WebAuthn challenge. */
export async function selectFactor(ctx: AppContext, auth: AuthState, cmd: { factorId: number; ip: string }) {
  const factor = await loadOwnFactor(ctx.db, auth.userId, cmd.factorId);

  if (factor.kind === 'webauthn') {
    // Loaded on first use: the library weighs ~12 MB that most servers never need (issue 13).
    const { generateAuthenticationOptions } = await import('@simplewebauthn/server');
    const options = await generateAuthenticationOptions({
      rpID: relyingParty(ctx).rpID,
      allowCredentials: [
        {
          id: factor.credential_id ?? '',
          transports: factor.transports ? (JSON.parse(factor.transports) as AuthenticatorTransport[]) : undefined,
        },
      ],
      userVerification: 'preferred',
    });
    await ctx.db
      .updateTable('sessions')
      .set({ webauthn_challenge: options.challenge })
      .where('id', '=', auth.sessionId)
      .execute();
    return { factor: toFactor(factor), webauthnOptions: options };
  }

  const user = await ctx.db
    .selectFrom('users')
    .select(['login_email', 'first_name'])
    .where('id', '=', auth.userId)
    .executeTakeFirstOrThrow();
  let code: string | null = null;
  if (factor.kind === 'email') {
    // Per account and place, like the password: a stranger holding the password cannot use up
    // the rightful user's codes.
    await hitRateLimit(ctx, rateRules.mfaCodeSend, `${user.login_email}|${cmd.ip}`);
    code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  }
  await ctx.db.transaction().execute(async (trx) => {
    // One challenge at a time per session: asking again replaces the previous code, but not its
    // count of wrong codes, which belongs to the sign-in (issue 15 defect 15).
    const attempts = await attemptsSoFar(trx, auth.sessionId);
    await trx.deleteFrom('mfa_challenges').where('session_id', '=', auth.sessionId).execute();
    await trx
      .insertInto('mfa_challenges')
      .values({
        session_id: auth.sessionId,
        factor_id: factor.id,
        code_hash: code ? codeHash(auth.sessionId, code) : null,
        attempts,
        expires_at: isoNow(ctx, CODE_VALIDITY_MINUTES * 60_000),
        created_at: isoNow(ctx),
      })
      .execute();
    if (code)
      await enqueue(
        trx,
        ctx,
        'mail.send',
        signInCodeMail(user.login_email, user.first_name, code, CODE_VALIDITY_MINUTES),
      );
  });
  ctx.nudgeOutbox();
  return factor.kind === 'email'
    ? { factor: toFactor(factor), maskedEmail: maskEmail(user.login_email) }
    : { factor: toFactor(factor) };
}

/** Wrong codes typed so far in this sign-in, whichever code or factor they were for. */
export async function attemptsSoFar(db: Db, sessionId: number): Promise<number> {
  const row = await db
    .selectFrom('mfa_challenges')
    .select((eb) => eb.fn.max('attempts').as('attempts'))
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return Number(row?.attempts ?? 0);
}
