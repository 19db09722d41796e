import { z } from 'zod';
import { requiredText, text } from './text.ts';

/**
 * « Clé publique SSH » of a technical account (issue 11, mode EDI): the account signs in to
 * Chorale's SFTP server with the matching private key, which never leaves its owner.
 */
export const sshKeyFormSchema = z.object({
  publicKey: requiredText('Clé publique SSH', 8192),
  label: text('Nom de la clé', 100).optional(),
});
export type SshKeyForm = z.input<typeof sshKeyFormSchema>;

export const sshKeySchema = z.object({
  id: z.number().int(),
  /** ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256… */
  algorithm: z.string(),
  /** SHA256:… as `ssh-keygen -l` shows it. */
  fingerprint: z.string(),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type SshKey = z.infer<typeof sshKeySchema>;
