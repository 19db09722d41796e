import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import type { AuthState } from '../../plugins/session.ts';
import { securityNoticeMail } from '../accounts/mails.ts';
import { recordSecurityEvent } from '../accounts/security-events.ts';
import { relyingParty, toFactor } from '../auth/factors.ts';

/** « Ajouter une clé de sécurité », step 1: options for navigator.credentials.create. */
export async function startWebauthnEnrollment(ctx: AppContext, auth: AuthState) {
  const user = await ctx.db
    .selectFrom('users')
    .select(['login_email', 'first_name', 'last_name'])
    .where('id', '=', auth.userId)
    .executeTakeFirstOrThrow();
  const existing = await ctx.db
    .selectFrom('mfa_factors')
    .select(['credential_id'])
    .where('user_id', '=', auth.userId)
    .where('kind', '=', 'webauthn')
    .execute();
  const rp = relyingParty(ctx);
  // Loaded on first use: the library weighs ~12 MB that most servers never need (issue 13).
  const { generateRegistrationOptions } = await import('@simplewebauthn/server');
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.login_email,
    userDisplayName: `${user.first_name} ${user.last_name}`,
    userID: new TextEncoder().encode(`chorale-user-${auth.userId}`),
    attestationType: 'none',
    excludeCredentials: existing.filter((c) => c.credential_id).map((c) => ({ id: c.credential_id ?? '' })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await ctx.db
    .updateTable('sessions')
    .set({ webauthn_challenge: options.challenge })
    .where('id', '=', auth.sessionId)
    .execute();
  return options;
}

/** Step 2: checks the authenticator's answer and keeps its public key. */
export async function confirmWebauthnEnrollment(
  ctx: AppContext,
  auth: AuthState,
  cmd: { response: unknown; deviceName: string; ip: string },
) {
  if (!auth.webauthnChallenge) throw new AppError('VALIDATION_FAILED', 'Recommencez l’ajout de la clé de sécurité.');
  const rp = relyingParty(ctx);
  const { verifyRegistrationResponse } = await import('@simplewebauthn/server');
  const result = await verifyRegistrationResponse({
    response: cmd.response as RegistrationResponseJSON,
    expectedChallenge: auth.webauthnChallenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: false,
  }).catch(() => null);
  if (!result?.verified)
    throw new AppError(
      'CODE_INVALID',
      'La clé de sécurité n’a pas pu être enregistrée. Recommencez en suivant les indications de votre navigateur.',
    );
  const { credential } = result.registrationInfo;
  const label = cmd.deviceName || 'Clé de sécurité';
  const factor = await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ webauthn_challenge: null }).where('id', '=', auth.sessionId).execute();
    const row = await trx
      .insertInto('mfa_factors')
      .values({
        user_id: auth.userId,
        kind: 'webauthn',
        label,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        sign_count: credential.counter,
        transports: credential.transports ? JSON.stringify(credential.transports) : null,
        pending: 0,
        created_at: isoNow(ctx),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordSecurityEvent(trx, ctx, auth.userId, 'factor_added', cmd.ip, `Clé de sécurité : ${label}`);
    const user = await trx
      .selectFrom('users')
      .select(['login_email', 'first_name'])
      .where('id', '=', auth.userId)
      .executeTakeFirstOrThrow();
    await enqueue(
      trx,
      ctx,
      'mail.send',
      securityNoticeMail(
        user.login_email,
        user.first_name,
        `Une clé de sécurité (« ${label} ») a été ajoutée à votre compte.`,
      ),
    );
    return row;
  });
  ctx.nudgeOutbox();
  return toFactor(factor);
}
