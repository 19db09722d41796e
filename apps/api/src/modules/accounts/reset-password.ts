import { normalizeEmail } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { hitRateLimit, rateRules } from '../../platform/rate-limit.ts';
import { activationMail, passwordResetMail, securityNoticeMail } from './mails.ts';
import { portalLink, portalPaths } from './links.ts';
import { hashPassword } from './passwords.ts';
import { recordSecurityEvent } from './security-events.ts';
import { consumeToken, findUsableToken, issueToken } from './user-tokens.ts';

/** « Mot de passe oublié ? »: same answer for every address; a mail only to a real account. */
export async function requestPasswordReset(ctx: AppContext, cmd: { loginEmail: string; ip: string }): Promise<void> {
  const loginEmail = normalizeEmail(cmd.loginEmail);
  await hitRateLimit(ctx, rateRules.passwordReset, cmd.ip);
  await hitRateLimit(ctx, rateRules.passwordReset, loginEmail);
  await ctx.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'status', 'first_name'])
      .where('login_email', '=', loginEmail)
      .executeTakeFirst();
    if (!user) return;
    if (user.status === 'active') {
      const token = await issueToken(trx, ctx, user.id, 'password_reset');
      await enqueue(
        trx,
        ctx,
        'mail.send',
        passwordResetMail(loginEmail, user.first_name, portalLink(ctx, portalPaths.passwordReset, token)),
      );
    } else {
      // Never activated: the activation link is what this person needs.
      const token = await issueToken(trx, ctx, user.id, 'activation');
      await enqueue(
        trx,
        ctx,
        'mail.send',
        activationMail(loginEmail, user.first_name, portalLink(ctx, portalPaths.activation, token)),
      );
    }
  });
  ctx.nudgeOutbox();
}

/** New password from the reset link; every open session of the account is closed. */
export async function resetPassword(
  ctx: AppContext,
  cmd: { token: string; password: string; ip: string },
): Promise<void> {
  await findUsableToken(ctx.db, ctx, cmd.token, 'password_reset');
  const passwordHash = await hashPassword(cmd.password);
  await ctx.db.transaction().execute(async (trx) => {
    const token = await consumeToken(trx, ctx, cmd.token, 'password_reset');
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', token.user_id)
      .returning(['login_email', 'first_name'])
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('sessions').where('user_id', '=', token.user_id).execute();
    await recordSecurityEvent(trx, ctx, token.user_id, 'password_reset', cmd.ip);
    await enqueue(
      trx,
      ctx,
      'mail.send',
      securityNoticeMail(
        user.login_email,
        user.first_name,
        'Le mot de passe de votre compte Chorale vient d’être réinitialisé.',
      ),
    );
  });
  ctx.nudgeOutbox();
}

export async function checkLinkToken(
  ctx: AppContext,
  cmd: { token: string; purpose: Parameters<typeof findUsableToken>[3]; ip: string },
) {
  await hitRateLimit(ctx, rateRules.tokenCheck, cmd.ip);
  await findUsableToken(ctx.db, ctx, cmd.token, cmd.purpose);
}
