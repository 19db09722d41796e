import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import type { AuthState } from '../../plugins/session.ts';
import { securityNoticeMail } from '../accounts/mails.ts';
import { hashPassword, verifyPassword } from '../accounts/passwords.ts';
import { recordSecurityEvent } from '../accounts/security-events.ts';

/** « Modifier mon mot de passe »: other sessions of the account are closed. */
export async function changePassword(
  ctx: AppContext,
  auth: AuthState,
  cmd: { currentPassword: string; password: string; ip: string },
) {
  const user = await ctx.db
    .selectFrom('users')
    .select(['password_hash', 'login_email', 'first_name'])
    .where('id', '=', auth.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, cmd.currentPassword)))
    throw new AppError('INVALID_CREDENTIALS', 'Le mot de passe actuel est incorrect.', {
      currentPassword: 'Le mot de passe actuel est incorrect.',
    });
  const passwordHash = await hashPassword(cmd.password);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', auth.userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', auth.userId).where('id', '!=', auth.sessionId).execute();
    await recordSecurityEvent(trx, ctx, auth.userId, 'password_changed', cmd.ip);
    await enqueue(
      trx,
      ctx,
      'mail.send',
      securityNoticeMail(
        user.login_email,
        user.first_name,
        'Le mot de passe de votre compte Chorale vient d’être modifié.',
      ),
    );
  });
  ctx.nudgeOutbox();
}
