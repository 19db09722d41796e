import { normalizeEmail } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';

/** Makes an account one of the platform's support operators (or removes the role). */
export async function setOperator(ctx: AppContext, email: string, operator: boolean) {
  const r = await ctx.db
    .updateTable('users')
    .set({ is_operator: operator ? 1 : 0 })
    .where('login_email', '=', normalizeEmail(email))
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('NOT_FOUND', `Aucun compte actif pour l’adresse ${email}.`);
}
