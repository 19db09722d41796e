import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { recordSecurityEvent } from '../accounts/security-events.ts';

/** Removes a factor, never the last one: an account always keeps a way to sign in. */
export async function removeFactor(
  ctx: AppContext,
  userId: number,
  cmd: { factorId: number; ip: string },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const factors = await trx
      .selectFrom('mfa_factors')
      .select(['id', 'label'])
      .where('user_id', '=', userId)
      .where('pending', '=', 0)
      .execute();
    const target = factors.find((f) => f.id === cmd.factorId);
    if (!target) throw new AppError('NOT_FOUND', 'Ce facteur d’authentification n’existe pas sur votre compte.');
    if (factors.length <= 1)
      throw new AppError(
        'LAST_FACTOR',
        'Vous ne pouvez pas supprimer votre dernier facteur d’authentification : ajoutez-en un autre d’abord.',
      );
    await trx.deleteFrom('mfa_challenges').where('factor_id', '=', target.id).execute();
    await trx.deleteFrom('mfa_factors').where('id', '=', target.id).execute();
    await recordSecurityEvent(trx, ctx, userId, 'factor_removed', cmd.ip, target.label);
  });
}
