import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256 as digest } from '@chorale/db';
import type { Db } from './context.ts';

/** A URL-safe random secret (tokens in links, session ids). Only its hash is ever stored. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return digest(value, 'hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A platform-wide secret generated on first use and kept in the database, so that every app
 * process shares it without configuration.
 */
export async function platformSecret(db: Db, key: string): Promise<string> {
  const existing = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
  if (existing) return existing.value;
  await db
    .insertInto('app_settings')
    .values({ key, value: randomToken(48) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}
