import { createHash } from 'node:crypto';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { requireManager } from '../organisation/access.ts';

/**
 * The public keys a technical account signs in to SFTP with (« Clé publique SSH » in
 * « Raccordements »), managed by the managers of the account's structure. Only public keys are
 * taken: the line of an `id_ed25519.pub` (or RSA, ECDSA) file, as `ssh-keygen` writes it.
 */
export interface SshKeyView {
  id: number;
  algorithm: string;
  fingerprint: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const accountNotFound = () =>
  new AppError('NOT_FOUND', 'Compte technique introuvable, ou vous n’en êtes pas gestionnaire.');

const MAX_KEYS = 10;
const accepted = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
]);

async function managedAccount(ctx: AppContext, managerId: number, accountId: number) {
  const row = await ctx.db
    .selectFrom('cpro_technical_accounts')
    .select(['id', 'structure_id', 'revoked_at'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw accountNotFound();
  await requireManager(ctx.db, managerId, row.structure_id).catch(() => {
    throw accountNotFound();
  });
  return row;
}

const view = (r: {
  id: number;
  algorithm: string;
  fingerprint: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
}): SshKeyView => ({
  id: r.id,
  algorithm: r.algorithm,
  fingerprint: r.fingerprint,
  label: r.label,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

const invalid = (message: string) => new AppError('VALIDATION_FAILED', message, { publicKey: message });

/** Reads one public key line: its algorithm, SSH blob and fingerprint (SHA256:…, as ssh-keygen -l). */
export async function readPublicKey(text: string) {
  const line = text.trim();
  if (/PRIVATE KEY/.test(line))
    throw invalid('Ceci est une clé privée : ne la communiquez jamais. Collez la clé publique (fichier .pub).');
  const [algorithm, data, ...comment] = line.split(/\s+/);
  // ssh2 is loaded with the first key read, not at start-up (issue 13).
  const { utils } = (await import('ssh2')).default;
  const parsed = algorithm && data ? utils.parseKey(`${algorithm} ${data}`) : null;
  if (!parsed || parsed instanceof Error || parsed.isPrivateKey() || !accepted.has(parsed.type))
    throw invalid(
      'Clé publique illisible : collez la ligne entière du fichier .pub (par exemple « ssh-ed25519 AAAAC3… nom »), de type ssh-ed25519, ssh-rsa ou ecdsa-sha2-nistp256/384/521.',
    );
  const blob = parsed.getPublicSSH();
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { algorithm: parsed.type, blob, fingerprint, comment: comment.join(' ') };
}

export async function listSshKeys(ctx: AppContext, managerId: number, accountId: number): Promise<SshKeyView[]> {
  await managedAccount(ctx, managerId, accountId);
  const rows = await ctx.db
    .selectFrom('edi_ssh_keys')
    .selectAll()
    .where('technical_account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows.map(view);
}

/** « Ajouter une clé publique SSH »: the account may then sign in to SFTP with the private key. */
export async function addSshKey(
  ctx: AppContext,
  managerId: number,
  accountId: number,
  cmd: { publicKey: string; label?: string | null },
): Promise<SshKeyView> {
  const account = await managedAccount(ctx, managerId, accountId);
  if (account.revoked_at) throw new AppError('CONFLICT', 'Ce compte technique est révoqué.');
  const key = await readPublicKey(cmd.publicKey);
  const existing = await ctx.db
    .selectFrom('edi_ssh_keys')
    .select(['fingerprint'])
    .where('technical_account_id', '=', accountId)
    .execute();
  if (existing.some((k) => k.fingerprint === key.fingerprint))
    throw invalid('Cette clé publique est déjà enregistrée pour ce compte technique.');
  if (existing.length >= MAX_KEYS)
    throw invalid(`Un compte technique a au plus ${MAX_KEYS} clés publiques : supprimez-en une d’abord.`);
  const label = (cmd.label?.trim() || key.comment || key.algorithm).slice(0, 100);
  const row = await ctx.db
    .insertInto('edi_ssh_keys')
    .values({
      technical_account_id: accountId,
      algorithm: key.algorithm,
      public_key: key.blob.toString('base64'),
      fingerprint: key.fingerprint,
      label,
      created_by: managerId,
      created_at: isoNow(ctx),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return view(row);
}

/** « Supprimer »: the key no longer opens the account (sessions already open end with their client). */
export async function removeSshKey(ctx: AppContext, managerId: number, accountId: number, keyId: number) {
  await managedAccount(ctx, managerId, accountId);
  const removed = await ctx.db
    .deleteFrom('edi_ssh_keys')
    .where('id', '=', keyId)
    .where('technical_account_id', '=', accountId)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) !== 1) throw new AppError('NOT_FOUND', 'Clé publique introuvable.');
}
