import type { FastifyReply } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { blockedUntil, countRateLimit, rateRules, signInBlocked } from '../../platform/rate-limit.ts';
import { safeEqual } from '../../platform/secrets.ts';
import { closeSession, openSession, type AuthState } from '../../plugins/session.ts';
import { recordSecurityEvent } from '../accounts/security-events.ts';
import { loadOwnFactor, relyingParty } from './factors.ts';
import { CODE_VALIDITY_MINUTES, MAX_CODE_ATTEMPTS, attemptsSoFar, codeHash } from './select-factor.ts';
import { matchTotpStep } from './totp.ts';

interface VerifyCommand {
  factorId: number;
  code?: string;
  webauthnResponse?: unknown;
  ip: string;
}

/**
 * Second step of « Connexion ». A right answer replaces the half-open session by a full one with
 * a new id; five wrong codes close it and the user must start again.
 */
export async function verifyFactor(ctx: AppContext, reply: FastifyReply, auth: AuthState, cmd: VerifyCommand) {
  const factor = await loadOwnFactor(ctx.db, auth.userId, cmd.factorId);

  if (factor.kind === 'webauthn') {
    if (!auth.webauthnChallenge || !cmd.webauthnResponse || !factor.credential_id || !factor.public_key)
      throw new AppError('CODE_INVALID', 'La clé de sécurité n’a pas répondu. Recommencez.');
    const rp = relyingParty(ctx);
    // Loaded on first use: the library weighs ~12 MB that most servers never need (issue 13).
    const { verifyAuthenticationResponse } = await import('@simplewebauthn/server');
    const result = await verifyAuthenticationResponse({
      response: cmd.webauthnResponse as AuthenticationResponseJSON,
      expectedChallenge: auth.webauthnChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: factor.credential_id,
        publicKey: new Uint8Array(Buffer.from(factor.public_key, 'base64url')),
        counter: factor.sign_count,
      },
    }).catch(() => null);
    if (!result?.verified) {
      await recordSecurityEvent(ctx.db, ctx, auth.userId, 'mfa_failed', cmd.ip, factor.label);
      throw new AppError(
        'CODE_INVALID',
        'La clé de sécurité n’a pas été reconnue. Utilisez la clé enregistrée sur votre compte.',
      );
    }
    return finish(ctx, reply, auth, factor.id, factor.label, cmd.ip, {
      sign_count: result.authenticationInfo.newCounter,
    });
  }

  if (!cmd.code)
    throw new AppError('VALIDATION_FAILED', 'Saisissez le code à 6 chiffres.', {
      code: 'Le champ « Code d’authentification » est obligatoire.',
    });
  // Across sign-ins too: starting again from the password gives no fresh series of guesses.
  const failures = [rateRules.mfaFailuresPerAccountAndIp, `${auth.userId}|${cmd.ip}`] as const;
  const until = await blockedUntil(ctx, ...failures);
  if (until) throw signInBlocked(until, ctx.now());

  let challenge = await ctx.db
    .selectFrom('mfa_challenges')
    .selectAll()
    .where('session_id', '=', auth.sessionId)
    .where('factor_id', '=', factor.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (!challenge && factor.kind === 'totp') {
    challenge = await ctx.db
      .insertInto('mfa_challenges')
      .values({
        session_id: auth.sessionId,
        factor_id: factor.id,
        code_hash: null,
        attempts: await attemptsSoFar(ctx.db, auth.sessionId),
        expires_at: isoNow(ctx, CODE_VALIDITY_MINUTES * 60_000),
        created_at: isoNow(ctx),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  if (!challenge || challenge.expires_at <= isoNow(ctx))
    throw new AppError('CODE_EXPIRED', 'Ce code a expiré. Demandez un nouveau code.', {
      code: 'Ce code a expiré. Demandez un nouveau code.',
    });

  let totpStep: number | null = null;
  let right: boolean;
  if (factor.kind === 'email')
    right = !!challenge.code_hash && safeEqual(challenge.code_hash, codeHash(auth.sessionId, cmd.code));
  else {
    totpStep = matchTotpStep(factor.totp_secret ?? '', cmd.code, ctx.now());
    right = totpStep !== null && totpStep > factor.sign_count;
  }

  if (!right && totpStep !== null) {
    // A right code already used (same 30-second step): say so rather than « incorrect ».
    const message = 'Ce code a déjà servi : attendez le code suivant de votre application.';
    throw new AppError('CODE_INVALID', message, { code: message });
  }
  if (!right) {
    await countRateLimit(ctx, ...failures);
    const attempts = challenge.attempts + 1;
    const left = MAX_CODE_ATTEMPTS - attempts;
    if (left <= 0) {
      await ctx.db.transaction().execute(async (trx) => {
        await recordSecurityEvent(trx, ctx, auth.userId, 'mfa_locked', cmd.ip, factor.label);
        await closeSession(trx, ctx, reply, auth.sessionId);
      });
      throw new AppError(
        'CODE_LOCKED',
        `Trop de codes erronés (${MAX_CODE_ATTEMPTS}). Par sécurité, votre connexion est interrompue : recommencez depuis la saisie du mot de passe.`,
      );
    }
    await ctx.db.updateTable('mfa_challenges').set({ attempts }).where('id', '=', challenge.id).execute();
    await recordSecurityEvent(ctx.db, ctx, auth.userId, 'mfa_failed', cmd.ip, factor.label);
    const message = `Code incorrect. Il vous reste ${left} tentative${left > 1 ? 's' : ''}.`;
    throw new AppError('CODE_INVALID', message, { code: message });
  }
  return finish(ctx, reply, auth, factor.id, factor.label, cmd.ip, totpStep !== null ? { sign_count: totpStep } : {});
}

async function finish(
  ctx: AppContext,
  reply: FastifyReply,
  auth: AuthState,
  factorId: number,
  label: string,
  ip: string,
  factorUpdate: { sign_count?: number },
) {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('mfa_factors')
      .set({ ...factorUpdate, last_used_at: isoNow(ctx) })
      .where('id', '=', factorId)
      .execute();
    await closeSession(trx, ctx, reply, auth.sessionId);
    await openSession(trx, ctx, reply, auth.userId, 'signed-in');
    await recordSecurityEvent(trx, ctx, auth.userId, 'sign_in', ip, label);
  });
}
