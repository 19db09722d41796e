import type { Profile, StructureIdentifierType } from '@chorale/domain';
import type {
  BankAccount,
  FoundStructure,
  LookupResult,
  Member,
  MyMembership,
  PendingRequest,
  Permission,
  Service,
  Structure,
  StructureForm,
  BankAccountInput,
  MembershipRequested,
  MyInvitations,
  ServiceInput,
} from '@chorale/contracts';
import { api } from './client.ts';

// Answers are typed by the API's own response schemas (packages/contracts), never by hand.
export type {
  BankAccount,
  CompanyPrefill,
  FoundStructure,
  LookupResult,
  Member,
  MyMembership,
  PendingRequest,
  Permission,
  Service,
  ServiceInput,
  Structure,
  BankAccountInput,
} from '@chorale/contracts';

export type StructureUpdate = Omit<Required<StructureForm>, 'identifierType' | 'identifier' | 'kind'> & {
  serviceCodeRequired?: boolean;
  commitmentRequired?: boolean;
  serviceOrCommitmentRequired?: boolean;
  paymentStatusManaged?: boolean;
  publicHospital?: boolean;
  paymentPeriodDays?: 30 | 50 | 60 | null;
};

export interface MemberFilter {
  status: string;
  q: string;
}

/** The `{ items }` envelope of the API's list answers (itemsOf in packages/contracts). */
interface Items<T> {
  items: T[];
}

const query = (params: Record<string, string>) => {
  const kept = Object.entries(params).filter(([, v]) => v !== '');
  return kept.length ? `?${new URLSearchParams(kept)}` : '';
};

export const membersCsvUrl = (structureId: number, filter: MemberFilter) =>
  `/api/structures/${structureId}/members.csv${query({ status: filter.status, q: filter.q })}`;

export const structuresApi = {
  lookup: (identifierType: StructureIdentifierType, identifier: string) =>
    api<LookupResult>('GET', `/api/structures/lookup${query({ identifierType, identifier })}`),
  create: (input: StructureForm) => api<Structure>('POST', '/api/structures', input),
  search: (q: string) => api<Items<FoundStructure>>('GET', `/api/structures/search${query({ q })}`),
  get: (id: number) => api<Structure>('GET', `/api/structures/${id}`),
  update: (id: number, input: StructureUpdate) => api<Structure>('PUT', `/api/structures/${id}`, input),
  setActive: (id: number, active: boolean) =>
    api<Structure>('POST', `/api/structures/${id}/${active ? 'activate' : 'deactivate'}`, {}),
  services: (id: number) => api<Items<Service>>('GET', `/api/structures/${id}/services`),
  createService: (id: number, input: ServiceInput) => api<Service>('POST', `/api/structures/${id}/services`, input),
  updateService: (serviceId: number, input: ServiceInput) => api<Service>('PUT', `/api/services/${serviceId}`, input),
  setServiceActive: (serviceId: number, active: boolean) =>
    api<Service>('POST', `/api/services/${serviceId}/${active ? 'activate' : 'deactivate'}`, {}),
  bankAccounts: (id: number) => api<Items<BankAccount>>('GET', `/api/structures/${id}/bank-accounts`),
  createBankAccount: (id: number, input: BankAccountInput) =>
    api<BankAccount>('POST', `/api/structures/${id}/bank-accounts`, input),
  attachBankProof: (id: number, bankId: number, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<BankAccount>('POST', `/api/structures/${id}/bank-accounts/${bankId}/proof`, form);
  },
  bankProofUrl: (id: number, bankId: number) => `/api/structures/${id}/bank-accounts/${bankId}/proof`,
  members: (id: number, filter: MemberFilter) =>
    api<Items<Member>>('GET', `/api/structures/${id}/members${query({ status: filter.status, q: filter.q })}`),
  invite: (id: number, email: string, serviceId: number | null) =>
    api<unknown>('POST', `/api/structures/${id}/invitations`, { email, serviceId }),
  transferMainManager: (id: number, membershipId: number) =>
    api<unknown>('POST', `/api/structures/${id}/main-manager`, { membershipId }),
};

export const membershipsApi = {
  request: (structureId: number, serviceId: number | null, comment: string) =>
    api<MembershipRequested>('POST', '/api/memberships', {
      structureId,
      serviceId,
      comment,
    }),
  mine: () => api<Items<MyMembership>>('GET', '/api/memberships/mine'),
  pending: () => api<Items<PendingRequest>>('GET', '/api/memberships/pending'),
  approve: (id: number, comment: string) => api<unknown>('POST', `/api/memberships/${id}/approve`, { comment }),
  refuse: (id: number, comment: string) => api<unknown>('POST', `/api/memberships/${id}/refuse`, { comment }),
  setProfiles: (id: number, profiles: Profile[]) =>
    api<unknown>('PUT', `/api/memberships/${id}/profiles`, { profiles }),
  detach: (id: number) => api<unknown>('POST', `/api/memberships/${id}/detach`, {}),
  permissions: () => api<Items<Permission>>('GET', '/api/me/permissions'),
};

/** « Mes invitations »: the signed-in user's pending invitations and their answer. */
export const invitationsApi = {
  mine: () => api<MyInvitations>('GET', '/api/me/invitations'),
  answer: (id: number, accept: boolean) =>
    api<unknown>('POST', `/api/me/invitations/${id}/${accept ? 'accept' : 'decline'}`, {}),
};

/** Query keys: every organisation change invalidates `['organisation']`. */
export const orgKeys = {
  all: ['organisation'] as const,
  mine: ['organisation', 'mine'] as const,
  permissions: ['organisation', 'permissions'] as const,
  pending: ['organisation', 'pending'] as const,
  invitations: ['organisation', 'invitations'] as const,
  structure: (id: number) => ['organisation', 'structure', id] as const,
  services: (id: number) => ['organisation', 'structure', id, 'services'] as const,
  bankAccounts: (id: number) => ['organisation', 'structure', id, 'bank-accounts'] as const,
  members: (id: number, filter?: MemberFilter) => ['organisation', 'structure', id, 'members', filter ?? null] as const,
};
