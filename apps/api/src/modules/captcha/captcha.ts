import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { platformSecret } from '../../platform/secrets.ts';

const CHALLENGE_TTL_MS = 10 * 60_000;
// About one second of work in a browser: enough to price out bulk sign-ups, unnoticed by a person.
const COST = 500;
const MAX_COUNTER = 4_000;

async function secrets(ctx: AppContext) {
  return {
    hmacSignatureSecret: await platformSecret(ctx.db, 'altcha.signature'),
    hmacKeySignatureSecret: await platformSecret(ctx.db, 'altcha.key-signature'),
  };
}

/** A self-hosted ALTCHA proof-of-work challenge, signed, expiring in 10 minutes. */
export async function createCaptchaChallenge(ctx: AppContext): Promise<Challenge> {
  return createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost: COST,
    counter: randomInt(MAX_COUNTER / 4, MAX_COUNTER),
    deriveKey,
    expiresAt: new Date(ctx.now().getTime() + CHALLENGE_TTL_MS),
    ...(await secrets(ctx)),
  });
}

const invalid = () =>
  new AppError('CAPTCHA_INVALID', 'Le captcha n’est pas validé ou a expiré. Validez-le de nouveau.', {
    captcha: 'Le captcha n’est pas validé ou a expiré. Validez-le de nouveau.',
  });

/** Verifies the widget's base64 payload and burns it: each solved challenge serves once. */
export async function verifyCaptcha(ctx: AppContext, payloadBase64: string): Promise<void> {
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(payloadBase64, 'base64').toString('utf8')) as Payload;
  } catch {
    throw invalid();
  }
  if (!payload?.challenge?.parameters || !payload.solution || !payload.challenge.signature) throw invalid();
  const result = await verifySolution({
    challenge: payload.challenge,
    solution: payload.solution,
    deriveKey,
    ...(await secrets(ctx)),
  }).catch(() => null);
  if (!result?.verified) throw invalid();
  const expiresAt = payload.challenge.parameters.expiresAt;
  const inserted = await ctx.db
    .insertInto('captcha_uses')
    .values({
      signature: payload.challenge.signature,
      expires_at: expiresAt ? new Date(expiresAt * 1000).toISOString() : isoNow(ctx, CHALLENGE_TTL_MS),
    })
    .onConflict((oc) => oc.column('signature').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw invalid();
  await ctx.db.deleteFrom('captcha_uses').where('expires_at', '<', isoNow(ctx)).execute();
}
