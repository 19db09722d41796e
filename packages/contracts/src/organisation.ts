import { z } from 'zod';
import {
  accessLevels,
  applications,
  bicProblem,
  EMAIL_MAX_LENGTH,
  ibanProblem,
  isEmailAddress,
  structureIdentifierTypes,
  structureKinds,
} from '@chorale/domain';
import { phoneSchema } from './accounts.ts';

const required = (label: string) => `Le champ « ${label} » est obligatoire.`;
const text = (label: string, max: number) =>
  z
    .string({ error: required(label) })
    .trim()
    .min(1, required(label))
    .max(max, `« ${label} » ne doit pas dépasser ${max} caractères.`);
const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `« ${label} » ne doit pas dépasser ${max} caractères.`).optional().default('');
const optionalEmail = (label: string) =>
  z
    .string()
    .trim()
    .max(EMAIL_MAX_LENGTH)
    .refine((v) => v === '' || isEmailAddress(v), `« ${label} » n'est pas une adresse électronique valide.`)
    .optional()
    .default('');

export const identifierTypeSchema = z.enum(structureIdentifierTypes, { error: "Choisissez un type d'identifiant." });

export const structureLookupSchema = z.object({
  identifierType: identifierTypeSchema.default('SIRET'),
  identifier: z.string().max(80),
});

export const structureFormSchema = z.object({
  identifierType: identifierTypeSchema,
  identifier: z
    .string({ error: required('Identifiant') })
    .trim()
    .min(1, required('Identifiant'))
    .max(80),
  kind: z.enum(structureKinds, { error: 'Choisissez le type de structure.' }),
  companyName: text('Raison Sociale', 200),
  label: optionalText('Libellé de la structure', 200),
  email: optionalEmail('Adresse électronique'),
  phone: phoneSchema.optional().default(''),
  address: text('Adresse', 300),
  addressComplement1: optionalText("Complément d'adresse 1", 300),
  addressComplement2: optionalText("Complément d'adresse 2", 300),
  city: text('Ville', 100),
  postalCode: text('Code postal', 20),
  countryCode: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'Choisissez le pays.')
    .default('FR'),
  nonDiffusible: z.boolean().default(false),
});
export type StructureForm = z.input<typeof structureFormSchema>;

export const structureUpdateSchema = structureFormSchema
  .omit({ identifierType: true, identifier: true, kind: true })
  .extend({
    // Directory settings, meaningful for public structures only.
    serviceCodeRequired: z.boolean().optional(),
    commitmentRequired: z.boolean().optional(),
    serviceOrCommitmentRequired: z.boolean().optional(),
    paymentStatusManaged: z.boolean().optional(),
  });

export const serviceFormSchema = z.object({
  code: z
    .string({ error: required('Code service') })
    .trim()
    .min(1, required('Code service'))
    .max(100, '« Code service » ne doit pas dépasser 100 caractères.')
    .regex(
      /^[A-Za-z0-9_.\-/]+$/,
      'Le code service ne contient que des lettres, chiffres, « _ », « - », « . » et « / », sans espace.',
    ),
  name: text('Libellé du service', 200),
  commitmentRequired: z.boolean().default(false),
});

export const bankAccountFormSchema = z.object({
  holderName: text('Titulaire du compte', 200),
  iban: z.string({ error: required('IBAN') }).superRefine((v, ctx) => {
    const p = ibanProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }),
  bic: z.string({ error: required('BIC') }).superRefine((v, ctx) => {
    const p = bicProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }),
});

export const membershipRequestSchema = z.object({
  structureId: z.number({ error: 'Choisissez la structure.' }).int(),
  serviceId: z.number().int().nullable().optional().default(null),
  comment: text('Commentaire pour expliquer votre demande', 2000),
});

export const membershipDecisionSchema = z.object({ comment: optionalText('Commentaire', 2000) });
export const membershipRefusalSchema = z.object({ comment: text('Commentaire', 2000) });

export const applicationProfileSchema = z.object({ application: z.enum(applications), level: z.enum(accessLevels) });
export const setProfilesSchema = z.object({ profiles: z.array(applicationProfileSchema).max(50) });

export const inviteMemberSchema = z.object({
  email: z
    .string({ error: required('Adresse électronique') })
    .trim()
    .refine(isEmailAddress, "« Adresse électronique » n'est pas une adresse électronique valide."),
  serviceId: z.number().int().nullable().optional().default(null),
});
