import type { z } from 'zod';
import { maskEmail, normalizeEmail } from '@chorale/domain';
import type { signUpSchema } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { hitRateLimit, rateRules } from '../../platform/rate-limit.ts';
import { verifyCaptcha } from '../captcha/captcha.ts';
import { accountAlreadyExistsMail, activationMail } from './mails.ts';
import { portalLink, portalPaths } from './links.ts';
import { issueToken } from './user-tokens.ts';

export type SignUpCommand = z.output<typeof signUpSchema> & { ip: string };

/**
 * « Créer un compte ». The answer is the same whether the address is new or not, so nobody can
 * learn who has an account; the owner of a known address is told by mail instead.
 */
export async function signUp(ctx: AppContext, cmd: SignUpCommand) {
  await hitRateLimit(ctx, rateRules.signUp, cmd.ip);
  await verifyCaptcha(ctx, cmd.captcha);
  const loginEmail = normalizeEmail(cmd.loginEmail);

  await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select(['id', 'status', 'first_name'])
      .where('login_email', '=', loginEmail)
      .executeTakeFirst();
    // A technical account's login is not a person's address: nothing is sent, nothing changes.
    if (existing?.status === 'technical') return;
    if (existing?.status === 'active') {
      await enqueue(
        trx,
        ctx,
        'mail.send',
        accountAlreadyExistsMail(
          loginEmail,
          existing.first_name,
          portalLink(ctx, portalPaths.signIn),
          portalLink(ctx, portalPaths.forgottenPassword),
        ),
      );
      return;
    }
    let userId = existing?.id;
    if (userId === undefined) {
      const user = await trx
        .insertInto('users')
        .values({
          login_email: loginEmail,
          first_name: cmd.firstName,
          last_name: cmd.lastName,
          phone: cmd.phone,
          contact_email: cmd.contactEmail ? normalizeEmail(cmd.contactEmail) : loginEmail,
          survey_consent: cmd.surveyConsent ? 1 : 0,
          status: 'pending',
          created_at: isoNow(ctx),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = user.id;
      // The mail code is every account's default second factor.
      await trx
        .insertInto('mfa_factors')
        .values({
          user_id: userId,
          kind: 'email',
          label: 'Code par courriel',
          sign_count: 0,
          pending: 0,
          created_at: isoNow(ctx),
        })
        .execute();
    } else {
      // Not yet activated: the person asking again gets a fresh link; the names typed now win.
      await trx
        .updateTable('users')
        .set({
          first_name: cmd.firstName,
          last_name: cmd.lastName,
          phone: cmd.phone,
          contact_email: cmd.contactEmail ? normalizeEmail(cmd.contactEmail) : loginEmail,
          survey_consent: cmd.surveyConsent ? 1 : 0,
        })
        .where('id', '=', userId)
        .execute();
    }
    const token = await issueToken(trx, ctx, userId, 'activation');
    await enqueue(
      trx,
      ctx,
      'mail.send',
      activationMail(loginEmail, cmd.firstName, portalLink(ctx, portalPaths.activation, token)),
    );
  });
  ctx.nudgeOutbox();
  return { firstName: cmd.firstName, maskedEmail: maskEmail(loginEmail) };
}
