import type { TokenPurpose } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { randomToken, sha256 } from '../../platform/secrets.ts';

export const tokenLifetimeMs: Record<TokenPurpose, number> = {
  activation: 24 * 3_600_000,
  password_reset: 3_600_000,
  login_email_change: 24 * 3_600_000,
};

/** Issues a single-use link token; earlier unused tokens of the same purpose stop working. */
export async function issueToken(
  trx: Db,
  ctx: AppContext,
  userId: number,
  purpose: TokenPurpose,
  newEmail: string | null = null,
): Promise<string> {
  const token = randomToken();
  await trx
    .updateTable('user_tokens')
    .set({ used_at: isoNow(ctx) })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await trx
    .insertInto('user_tokens')
    .values({
      user_id: userId,
      purpose,
      token_hash: sha256(token),
      new_email: newEmail,
      expires_at: isoNow(ctx, tokenLifetimeMs[purpose]),
      created_at: isoNow(ctx),
    })
    .execute();
  return token;
}

const messages = {
  TOKEN_INVALID: 'Ce lien n’est pas valide. Vérifiez que vous avez copié le lien complet reçu par courriel.',
  TOKEN_USED:
    'Ce lien a déjà été utilisé ou a été remplacé par un lien plus récent. Utilisez le dernier courriel reçu.',
  TOKEN_EXPIRED: 'Ce lien a expiré.',
} as const;

const expiredHint: Record<TokenPurpose, string> = {
  activation: ' Recommencez la création de votre compte avec la même adresse pour recevoir un nouveau lien.',
  password_reset: ' Demandez un nouveau lien depuis « Mot de passe oublié ? ».',
  login_email_change: ' Refaites la demande depuis « Changer mon adresse de connexion ».',
};

/** Finds a usable token or throws the precise reason. */
export async function findUsableToken(db: Db, ctx: AppContext, token: string, purpose: TokenPurpose) {
  const row = await db
    .selectFrom('user_tokens')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (!row) throw new AppError('TOKEN_INVALID', messages.TOKEN_INVALID);
  if (row.used_at) throw new AppError('TOKEN_USED', messages.TOKEN_USED);
  if (row.expires_at <= isoNow(ctx)) throw new AppError('TOKEN_EXPIRED', messages.TOKEN_EXPIRED + expiredHint[purpose]);
  return row;
}

/** Marks the token used inside the caller's transaction; a concurrent second use loses. */
export async function consumeToken(trx: Db, ctx: AppContext, token: string, purpose: TokenPurpose) {
  const row = await findUsableToken(trx, ctx, token, purpose);
  const result = await trx
    .updateTable('user_tokens')
    .set({ used_at: isoNow(ctx) })
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AppError('TOKEN_USED', messages.TOKEN_USED);
  return row;
}
