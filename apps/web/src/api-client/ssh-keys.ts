import type { SshKey, SshKeyForm } from '@chorale/contracts';
import { api } from './client.ts';

export type { SshKey } from '@chorale/contracts';

/** « Clé publique SSH » of a technical account (mode EDI). */
export const sshKeysApi = {
  list: (accountId: number) => api<{ items: SshKey[] }>('GET', `/api/technical-accounts/${accountId}/ssh-keys`),
  add: (accountId: number, input: SshKeyForm) =>
    api<SshKey>('POST', `/api/technical-accounts/${accountId}/ssh-keys`, input),
  remove: (accountId: number, keyId: number) =>
    api<unknown>('DELETE', `/api/technical-accounts/${accountId}/ssh-keys/${keyId}`),
};

export const sshKeyKeys = { account: (accountId: number) => ['ssh-keys', accountId] as const };
