import type { Profile } from '@chorale/contracts';
import { normalizeEmail } from '@chorale/domain';
import type { AppContext, Db } from '../../platform/context.ts';

export async function getProfile(db: Db, userId: number): Promise<Profile> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  return {
    id: u.id,
    loginEmail: u.login_email,
    firstName: u.first_name,
    lastName: u.last_name,
    phone: u.phone,
    contactEmail: u.contact_email,
    surveyConsent: u.survey_consent === 1,
    firstSignIn: u.first_sign_in_seen === 0,
    isOperator: u.is_operator === 1,
  };
}

export async function updateProfile(
  ctx: AppContext,
  userId: number,
  cmd: { firstName: string; lastName: string; phone: string; contactEmail: string; surveyConsent: boolean },
): Promise<Profile> {
  await ctx.db
    .updateTable('users')
    .set({
      first_name: cmd.firstName,
      last_name: cmd.lastName,
      phone: cmd.phone,
      contact_email: normalizeEmail(cmd.contactEmail),
      survey_consent: cmd.surveyConsent ? 1 : 0,
    })
    .where('id', '=', userId)
    .execute();
  return getProfile(ctx.db, userId);
}

export async function markFirstSignInSeen(ctx: AppContext, userId: number): Promise<void> {
  await ctx.db.updateTable('users').set({ first_sign_in_seen: 1 }).where('id', '=', userId).execute();
}
