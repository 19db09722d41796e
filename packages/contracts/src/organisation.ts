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
import { optionalText, requiredText, text as anyText } from './text.ts';

const text = (label: string, max: number, options: { multiline?: boolean } = {}) => requiredText(label, max, options);
const optionalEmail = (label: string) =>
  anyText(label, EMAIL_MAX_LENGTH)
    .refine((v) => v === '' || isEmailAddress(v), `« ${label} » n’est pas une adresse électronique valide.`)
    .optional()
    .default('');

export const identifierTypeSchema = z.enum(structureIdentifierTypes, { error: 'Choisissez un type d’identifiant.' });

export const structureLookupSchema = z.object({
  identifierType: identifierTypeSchema.default('SIRET'),
  identifier: anyText('Identifiant', 80),
});

export const structureFormSchema = z.object({
  identifierType: identifierTypeSchema,
  identifier: text('Identifiant', 80),
  kind: z.enum(structureKinds, { error: 'Choisissez le type de structure.' }),
  companyName: text('Raison Sociale', 200),
  label: optionalText('Libellé de la structure', 200),
  email: optionalEmail('Adresse électronique'),
  phone: phoneSchema.optional().default(''),
  address: text('Adresse', 300),
  addressComplement1: optionalText('Complément d’adresse 1', 300),
  addressComplement2: optionalText('Complément d’adresse 2', 300),
  city: text('Ville', 100),
  postalCode: text('Code postal', 20),
  countryCode: anyText('Pays', 2)
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
    // Payment period (DGP): 50 days for a public hospital, else 30, or the structure's own 60.
    publicHospital: z.boolean().optional(),
    paymentPeriodDays: z
      .union([z.literal(30), z.literal(50), z.literal(60)], {
        error: 'Le délai global de paiement est de 30, 50 ou 60 jours.',
      })
      .nullable()
      .optional(),
  });

export const serviceFormSchema = z.object({
  code: text('Code service', 100).regex(
    /^[A-Za-z0-9_.\-/]+$/,
    'Le code service ne contient que des lettres, chiffres, « _ », « - », « . » et « / », sans espace.',
  ),
  name: text('Libellé du service', 200),
  commitmentRequired: z.boolean().default(false),
});
export type ServiceInput = z.input<typeof serviceFormSchema>;

export const bankAccountFormSchema = z.object({
  holderName: text('Titulaire du compte', 200),
  iban: text('IBAN', 50).superRefine((v, ctx) => {
    const p = ibanProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }),
  bic: text('BIC', 20).superRefine((v, ctx) => {
    const p = bicProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }),
});
export type BankAccountInput = z.input<typeof bankAccountFormSchema>;

export const membershipRequestSchema = z.object({
  structureId: z.number({ error: 'Choisissez la structure.' }).int(),
  serviceId: z.number().int().nullable().optional().default(null),
  comment: text('Commentaire pour expliquer votre demande', 2000, { multiline: true }),
});

export const membershipDecisionSchema = z.object({ comment: optionalText('Commentaire', 2000, { multiline: true }) });
export const membershipRefusalSchema = z.object({ comment: text('Commentaire', 2000, { multiline: true }) });

export const applicationProfileSchema = z.object({ application: z.enum(applications), level: z.enum(accessLevels) });
export const setProfilesSchema = z.object({ profiles: z.array(applicationProfileSchema).max(50) });

export const inviteMemberSchema = z.object({
  email: text('Adresse électronique', EMAIL_MAX_LENGTH).refine(
    isEmailAddress,
    '« Adresse électronique » n’est pas une adresse électronique valide.',
  ),
  serviceId: z.number().int().nullable().optional().default(null),
});

/** « Mes invitations »: invitations to join a structure waiting for the signed-in user's answer. */
export const myInvitationsSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.number().int(),
        structure: z.object({ name: z.string(), identifier: z.string() }),
        service: z.object({ code: z.string(), name: z.string() }).nullable(),
        invitedBy: z.string(),
        invitedAt: z.string(),
      }),
    ),
  })
  .describe('Les invitations à rejoindre une structure en attente de votre réponse');
export type MyInvitations = z.infer<typeof myInvitationsSchema>;
