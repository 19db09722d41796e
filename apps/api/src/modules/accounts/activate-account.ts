import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { hashPassword } from './passwords.ts';
import { recordSecurityEvent } from './security-events.ts';
import { consumeToken, findUsableToken } from './user-tokens.ts';

/** « Mise à jour du mot de passe » from the activation link: sets the password, account active. */
export async function activateAccount(ctx: AppContext, cmd: { token: string; password: string; ip: string }) {
  await findUsableToken(ctx.db, ctx, cmd.token, 'activation');
  const passwordHash = await hashPassword(cmd.password);
  await ctx.db.transaction().execute(async (trx) => {
    const token = await consumeToken(trx, ctx, cmd.token, 'activation');
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, status: 'active', activated_at: isoNow(ctx) })
      .where('id', '=', token.user_id)
      .execute();
    await recordSecurityEvent(trx, ctx, token.user_id, 'password_set', cmd.ip, 'Activation du compte');
  });
}
