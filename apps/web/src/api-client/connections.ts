import type {
  ApiConnection,
  AttachTechnicalAccountInput,
  CproCallPage,
  CproCallsQuery,
  CreatedApiConnection,
  CreatedTechnicalAccount,
  TechnicalAccount,
} from '@chorale/contracts';
import { api } from './client.ts';

// Answers are typed by the API's own response schemas (packages/contracts), never by hand.
export type {
  ApiConnection,
  CproCall,
  CproCallPage,
  CreatedApiConnection,
  CreatedTechnicalAccount,
  TechnicalAccount,
  TechnicalAttachment,
} from '@chorale/contracts';

interface Items<T> {
  items: T[];
}

const query = (params: Record<string, string | number | undefined>) => {
  const kept = Object.entries(params).filter(([, v]) => v !== '' && v !== undefined) as [string, string][];
  return kept.length ? `?${new URLSearchParams(kept.map(([k, v]) => [k, String(v)]))}` : '';
};

/** « Raccordements »: API connections, technical accounts and the call log of a structure. */
export const connectionsApi = {
  connections: (structureId: number) =>
    api<Items<ApiConnection>>('GET', `/api/structures/${structureId}/api-connections`),
  createConnection: (structureId: number, name: string) =>
    api<CreatedApiConnection>('POST', `/api/structures/${structureId}/api-connections`, { name }),
  rotateSecret: (id: number) => api<CreatedApiConnection>('POST', `/api/api-connections/${id}/rotate`, {}),
  revokeConnection: (id: number) => api<ApiConnection>('POST', `/api/api-connections/${id}/revoke`, {}),
  calls: (id: number, filter: CproCallsQuery) =>
    api<CproCallPage>('GET', `/api/api-connections/${id}/calls${query({ ...filter })}`),
  accounts: (structureId: number) =>
    api<Items<TechnicalAccount>>('GET', `/api/structures/${structureId}/technical-accounts`),
  createAccount: (structureId: number, expiresOn: string | null) =>
    api<CreatedTechnicalAccount>('POST', `/api/structures/${structureId}/technical-accounts`, { expiresOn }),
  renewPassword: (id: number, expiresOn: string | null) =>
    api<CreatedTechnicalAccount>('POST', `/api/technical-accounts/${id}/password`, { expiresOn }),
  revokeAccount: (id: number) => api<TechnicalAccount>('POST', `/api/technical-accounts/${id}/revoke`, {}),
  attach: (id: number, input: AttachTechnicalAccountInput) =>
    api<TechnicalAccount>('POST', `/api/technical-accounts/${id}/attachments`, input),
  detach: (id: number, membershipId: number) =>
    api<unknown>('DELETE', `/api/technical-accounts/${id}/attachments/${membershipId}`),
};

/** Query keys: every change of a structure's raccordements invalidates `['connections', id]`. */
export const connectionKeys = {
  structure: (structureId: number) => ['connections', structureId] as const,
  connections: (structureId: number) => ['connections', structureId, 'api'] as const,
  accounts: (structureId: number) => ['connections', structureId, 'accounts'] as const,
  calls: (structureId: number, connectionId: number, filter: CproCallsQuery) =>
    ['connections', structureId, 'calls', connectionId, filter] as const,
};
