import type { Factor } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';

export type FactorRow = {
  id: number;
  kind: Factor['kind'];
  label: string;
  created_at: string;
  last_used_at: string | null;
};

export function toFactor(row: FactorRow): Factor {
  return { id: row.id, kind: row.kind, label: row.label, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

/** The user's confirmed factors, strongest first (app or key before the mail code). */
export async function listFactors(db: Db, userId: number) {
  const rows = await db
    .selectFrom('mfa_factors')
    .selectAll()
    .where('user_id', '=', userId)
    .where('pending', '=', 0)
    .orderBy('id')
    .execute();
  const rank = { totp: 0, webauthn: 1, email: 2 } as const;
  return rows.sort((a, b) => rank[a.kind] - rank[b.kind] || b.id - a.id);
}

/** WebAuthn relying party: the public host of the portal. */
export function relyingParty(ctx: AppContext) {
  const url = new URL(ctx.config.publicUrl);
  return { rpID: url.hostname, rpName: 'Chorale', origin: url.origin };
}

/** One confirmed factor of this user, or a 404 that says so. */
export async function loadOwnFactor(db: Db, userId: number, factorId: number) {
  const factor = await db
    .selectFrom('mfa_factors')
    .selectAll()
    .where('id', '=', factorId)
    .where('user_id', '=', userId)
    .where('pending', '=', 0)
    .executeTakeFirst();
  if (!factor) throw new AppError('NOT_FOUND', 'Ce facteur d’authentification n’existe pas sur votre compte.');
  return factor;
}
