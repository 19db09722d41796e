import ssh2 from 'ssh2';
import type { AuthContext } from 'ssh2';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { technicalAccountByPassword, type TechnicalAccount } from '../cpro/auth.ts';

/**
 * Who signs in to the SFTP server: a technical account of « Raccordements », with its password (the
 * same check as `cpro-account`) or with a public key its structure's managers registered. A revoked
 * account, an expired password, an unknown key: refused, the client learns only that.
 */
export async function accountOf(ctx: AppContext, auth: AuthContext): Promise<TechnicalAccount | null> {
  if (auth.method === 'password') {
    const account = await technicalAccountByPassword(ctx, auth.username, auth.password);
    return account && !account.expired ? account : null;
  }
  if (auth.method !== 'publickey') return null;
  const key = await ctx.db
    .selectFrom('edi_ssh_keys as k')
    .innerJoin('cpro_technical_accounts as a', 'a.id', 'k.technical_account_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['k.id as keyId', 'k.algorithm', 'a.id', 'a.user_id', 'a.structure_id', 'a.login'])
    .where('a.login', '=', auth.username)
    .where('a.revoked_at', 'is', null)
    .where('u.status', '=', 'technical')
    .where('k.public_key', '=', auth.key.data.toString('base64'))
    .executeTakeFirst();
  if (!key || key.algorithm !== auth.key.algo) return null;
  const account = { id: key.id, userId: key.user_id, structureId: key.structure_id, login: key.login, expired: false };
  // Without a signature the client only asks whether the key would do; it signs next.
  if (!auth.signature || !auth.blob) return account;
  const parsed = ssh2.utils.parseKey(`${key.algorithm} ${auth.key.data.toString('base64')}`);
  if (parsed instanceof Error || parsed.verify(auth.blob, auth.signature, auth.hashAlgo) !== true) return null;
  await ctx.db
    .updateTable('edi_ssh_keys')
    .set({ last_used_at: isoNow(ctx) })
    .where('id', '=', key.keyId)
    .execute();
  return account;
}
