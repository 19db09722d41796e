import { z } from 'zod';
import {
  accessLevels,
  applications,
  membershipRoles,
  membershipStatuses,
  structureIdentifierTypes,
  structureKinds,
} from '@chorale/domain';
import { applicationProfileSchema } from './organisation.ts';

/** Answers of the « Organisation » routes; the portal's API client takes its types from them. */

const id = z.number().int();
const identifierType = z.enum(structureIdentifierTypes);
const kind = z.enum(structureKinds);
export const itemsOf = <T extends z.ZodType>(item: T, description: string) =>
  z.object({ items: z.array(item) }).describe(description);

/** Company data found in the registry (Sirene), to prefill « Créer une structure ». */
export const companyPrefillSchema = z.object({
  siret: z.string(),
  companyName: z.string(),
  label: z.string().nullable(),
  address: z.string().nullable(),
  addressComplement1: z.string().nullable(),
  addressComplement2: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  countryCode: z.string().nullable(),
  nonDiffusible: z.boolean(),
  active: z.boolean(),
});
export type CompanyPrefill = z.infer<typeof companyPrefillSchema>;

export const lookupResultSchema = z
  .discriminatedUnion('status', [
    z.object({
      status: z.literal('exists'),
      structure: z.object({ id, identifier: z.string(), companyName: z.string(), kind }),
    }),
    z.object({
      status: z.literal('new'),
      identifier: z.string(),
      prefill: companyPrefillSchema.nullable(),
      registryUnavailable: z.literal(true).optional(),
    }),
  ])
  .describe('Structure déjà connue, ou nouvelle (pré-remplie depuis le répertoire Sirene si possible)');
export type LookupResult = z.infer<typeof lookupResultSchema>;

export const structureSchema = z
  .object({
    id,
    identifierType,
    identifier: z.string(),
    kind,
    companyName: z.string(),
    label: z.string(),
    email: z.string(),
    phone: z.string(),
    address: z.string(),
    addressComplement1: z.string(),
    addressComplement2: z.string(),
    postalCode: z.string(),
    city: z.string(),
    countryCode: z.string(),
    nonDiffusible: z.boolean(),
    active: z.boolean(),
    serviceCodeRequired: z.boolean(),
    commitmentRequired: z.boolean(),
    serviceOrCommitmentRequired: z.boolean(),
    paymentStatusManaged: z.boolean(),
    publicHospital: z.boolean(),
    /** The structure's own payment period, null when its category decides. */
    paymentPeriodDays: z.number().int().nullable(),
    /** The payment period its invoices get (days). */
    effectivePaymentPeriodDays: z.number().int(),
  })
  .describe('La structure');
export type Structure = z.infer<typeof structureSchema>;

export const foundStructureSchema = z.object({
  id,
  identifierType,
  identifier: z.string(),
  companyName: z.string(),
  label: z.string(),
  kind,
  city: z.string(),
  services: z.array(z.object({ id, code: z.string(), name: z.string() })),
});
export type FoundStructure = z.infer<typeof foundStructureSchema>;

export const serviceSchema = z
  .object({
    id,
    structureId: id,
    code: z.string(),
    name: z.string(),
    commitmentRequired: z.boolean(),
    active: z.boolean(),
  })
  .describe('Le service');
export type Service = z.infer<typeof serviceSchema>;

export const bankAccountSchema = z
  .object({
    id,
    holderName: z.string(),
    iban: z.string(),
    bic: z.string(),
    active: z.boolean(),
    createdAt: z.string(),
    proofFileName: z.string().nullable(),
  })
  .describe('La coordonnée bancaire');
export type BankAccount = z.infer<typeof bankAccountSchema>;

export const memberSchema = z.object({
  membershipId: id,
  userId: id,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  role: z.enum(membershipRoles),
  status: z.enum(membershipStatuses),
  serviceCode: z.string().nullable(),
  serviceName: z.string().nullable(),
  requestComment: z.string().nullable(),
  decisionComment: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  profiles: z.array(applicationProfileSchema),
});
export type Member = z.infer<typeof memberSchema>;

export const myMembershipSchema = z.object({
  id,
  role: z.enum(membershipRoles),
  status: z.enum(membershipStatuses),
  requestComment: z.string().nullable(),
  decisionComment: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  structure: z.object({ id, identifier: z.string(), companyName: z.string(), kind, active: z.boolean() }),
  service: z.object({ code: z.string(), name: z.string() }).nullable(),
});
export type MyMembership = z.infer<typeof myMembershipSchema>;

export const membershipRequestedSchema = z
  .object({ id, status: z.enum(membershipStatuses), createdAt: z.string() })
  .describe('Demande de rattachement enregistrée');
export type MembershipRequested = z.infer<typeof membershipRequestedSchema>;

export const pendingRequestSchema = z.object({
  id,
  comment: z.string(),
  requestedAt: z.string(),
  requester: z.object({ firstName: z.string(), lastName: z.string(), email: z.string() }),
  structure: z.object({ id, identifier: z.string(), companyName: z.string() }),
  serviceCode: z.string().nullable(),
});
export type PendingRequest = z.infer<typeof pendingRequestSchema>;

export const permissionSchema = z.object({
  structureId: id,
  structure: z.string(),
  companyName: z.string(),
  serviceCode: z.string(),
  serviceName: z.string(),
  application: z.enum(applications),
  level: z.enum(accessLevels),
  profile: z.string(),
});
export type Permission = z.infer<typeof permissionSchema>;
