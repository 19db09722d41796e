import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as FreeOTP, Google and Microsoft Authenticator do it: SHA-1, 6 digits, 30 s. */
export function totpFor(secretBase32: string, label = 'Chorale'): TOTP {
  return new TOTP({
    issuer: 'Chorale',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The time step a code belongs to (one step of clock drift either way), or null. Callers refuse
 * steps already used, so a code seen over a shoulder cannot be replayed.
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  const totp = totpFor(secretBase32);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / 30) + delta;
}
