import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { recordSecurityEvent } from '../accounts/security-events.ts';
import { securityNoticeMail } from '../accounts/mails.ts';
import { toFactor } from '../auth/factors.ts';
import { matchTotpStep, newTotpSecret, totpFor } from '../auth/totp.ts';

/** « Ajouter une application », step 1: a new secret shown as QR code and as a key in clear. */
export async function startTotpEnrollment(ctx: AppContext, userId: number) {
  const user = await ctx.db
    .selectFrom('users')
    .select('login_email')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const secret = newTotpSecret();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('mfa_factors')
      .where('user_id', '=', userId)
      .where('kind', '=', 'totp')
      .where('pending', '=', 1)
      .execute();
    await trx
      .insertInto('mfa_factors')
      .values({
        user_id: userId,
        kind: 'totp',
        label: "Application d'authentification",
        totp_secret: secret,
        sign_count: 0,
        pending: 1,
        created_at: isoNow(ctx),
      })
      .execute();
  });
  const otpauthUrl = totpFor(secret, user.login_email).toString();
  return {
    secret,
    otpauthUrl,
    qrCodeDataUrl: await (await import('qrcode')).default.toDataURL(otpauthUrl, { margin: 1, width: 220 }),
  };
}

/** Step 2: the first code proves the app is set up; it then replaces any earlier app. */
export async function confirmTotpEnrollment(
  ctx: AppContext,
  userId: number,
  cmd: { code: string; deviceName: string; ip: string },
) {
  const pending = await ctx.db
    .selectFrom('mfa_factors')
    .selectAll()
    .where('user_id', '=', userId)
    .where('kind', '=', 'totp')
    .where('pending', '=', 1)
    .executeTakeFirst();
  if (!pending?.totp_secret)
    throw new AppError('VALIDATION_FAILED', 'Affichez d’abord le QR code avec « Ajouter une application ».', {
      code: 'Affichez d’abord le QR code.',
    });
  const step = matchTotpStep(pending.totp_secret, cmd.code, ctx.now());
  if (step === null) {
    const message =
      'Ce code ne correspond pas. Vérifiez que l’heure de votre téléphone est juste et saisissez le code affiché maintenant.';
    throw new AppError('CODE_INVALID', message, { code: message });
  }
  const label = cmd.deviceName || "Application d'authentification";
  const factor = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('mfa_factors')
      .where('user_id', '=', userId)
      .where('kind', '=', 'totp')
      .where('pending', '=', 0)
      .execute();
    const row = await trx
      .updateTable('mfa_factors')
      .set({ pending: 0, label, sign_count: step, created_at: isoNow(ctx) })
      .where('id', '=', pending.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordSecurityEvent(trx, ctx, userId, 'factor_added', cmd.ip, `Application : ${label}`);
    const user = await trx
      .selectFrom('users')
      .select(['login_email', 'first_name'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    await enqueue(
      trx,
      ctx,
      'mail.send',
      securityNoticeMail(
        user.login_email,
        user.first_name,
        `Une application d’authentification (« ${label} ») a été ajoutée à votre compte.`,
      ),
    );
    return row;
  });
  ctx.nudgeOutbox();
  return toFactor(factor);
}
