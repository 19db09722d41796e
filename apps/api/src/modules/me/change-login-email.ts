import { maskEmail, normalizeEmail } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { loginEmailChangeMail, loginEmailChangedNotice, loginEmailInUseMail } from '../accounts/mails.ts';
import { portalLink, portalPaths } from '../accounts/links.ts';
import { verifyPassword } from '../accounts/passwords.ts';
import { recordSecurityEvent } from '../accounts/security-events.ts';
import { consumeToken, issueToken } from '../accounts/user-tokens.ts';

/** « Changer mon adresse de connexion »: nothing changes until the new address confirms. */
export async function requestLoginEmailChange(
  ctx: AppContext,
  userId: number,
  cmd: { newLoginEmail: string; password: string },
) {
  const newEmail = normalizeEmail(cmd.newLoginEmail);
  const user = await ctx.db
    .selectFrom('users')
    .select(['password_hash', 'login_email', 'first_name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, cmd.password)))
    throw new AppError('INVALID_CREDENTIALS', 'Le mot de passe est incorrect.', {
      password: 'Le mot de passe est incorrect.',
    });
  if (newEmail === user.login_email)
    throw new AppError('VALIDATION_FAILED', 'C’est déjà votre adresse de connexion.', {
      newLoginEmail: 'C’est déjà votre adresse de connexion.',
    });
  await ctx.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('login_email', '=', newEmail).executeTakeFirst();
    // Same answer either way; the owner of a taken address is told, nobody else learns it exists.
    if (taken) return enqueue(trx, ctx, 'mail.send', loginEmailInUseMail(newEmail));
    const token = await issueToken(trx, ctx, userId, 'login_email_change', newEmail);
    await enqueue(
      trx,
      ctx,
      'mail.send',
      loginEmailChangeMail(newEmail, user.first_name, portalLink(ctx, portalPaths.loginEmailChange, token)),
    );
  });
  ctx.nudgeOutbox();
  return { maskedEmail: maskEmail(newEmail) };
}

export async function confirmLoginEmailChange(ctx: AppContext, cmd: { token: string; ip: string }) {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const token = await consumeToken(trx, ctx, cmd.token, 'login_email_change');
    const newEmail = token.new_email ?? '';
    const taken = await trx.selectFrom('users').select('id').where('login_email', '=', newEmail).executeTakeFirst();
    if (taken)
      throw new AppError(
        'CONFLICT',
        'Cette adresse est devenue celle d’un autre compte entre-temps : choisissez-en une autre.',
      );
    const before = await trx
      .selectFrom('users')
      .select(['login_email', 'first_name'])
      .where('id', '=', token.user_id)
      .executeTakeFirstOrThrow();
    await trx.updateTable('users').set({ login_email: newEmail }).where('id', '=', token.user_id).execute();
    await recordSecurityEvent(
      trx,
      ctx,
      token.user_id,
      'login_email_changed',
      cmd.ip,
      `${maskEmail(before.login_email)} → ${maskEmail(newEmail)}`,
    );
    await enqueue(trx, ctx, 'mail.send', loginEmailChangedNotice(before.login_email, before.first_name, newEmail));
    return { loginEmail: newEmail };
  });
  ctx.nudgeOutbox();
  return result;
}
