import { z } from 'zod';
import { structureIdentifierTypes } from '@chorale/domain';

/**
 * Answers of the account, sign-in and directory routes (the request schemas live in accounts.ts).
 * The portal's API client takes its types from these schemas.
 */

export const okSchema = z.object({ ok: z.literal(true) }).describe('Demande prise en compte');
export const tokenValidSchema = z.object({ valid: z.literal(true) }).describe('Le lien est valide');
export const maskedEmailSchema = z
  .object({ maskedEmail: z.string() })
  .describe('Un courriel est parti vers cette adresse (masquée)');
export const loginEmailChangedSchema = z
  .object({ loginEmail: z.string() })
  .describe('La nouvelle adresse de connexion est en service');
export type MaskedEmail = z.infer<typeof maskedEmailSchema>;
export type LoginEmailChanged = z.infer<typeof loginEmailChangedSchema>;

/** The self-hosted ALTCHA proof-of-work challenge, passed as is to the widget. */
export const captchaChallengeSchema = z
  .object({
    parameters: z.object({
      algorithm: z.string(),
      nonce: z.string(),
      salt: z.string(),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: z.string(),
      keySignature: z.string().optional(),
      memoryCost: z.number().optional(),
      parallelism: z.number().optional(),
      expiresAt: z.number().optional(),
      data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    }),
    signature: z.string().optional(),
    codeChallenge: z
      .object({ image: z.string(), audio: z.string().optional(), length: z.number().optional() })
      .optional(),
  })
  .describe('Défi ALTCHA à résoudre dans le navigateur');

/** Options for navigator.credentials (WebAuthn); their shape is the W3C standard's. */
export const webauthnOptionsSchema = z
  .looseObject({ challenge: z.string() })
  .describe('Options WebAuthn à passer au navigateur');

export const directoryServiceSchema = z.object({
  code: z.string(),
  name: z.string(),
  commitmentRequired: z.boolean(),
});
export const directoryEntitySchema = z.object({
  id: z.number().int(),
  identifierType: z.enum(structureIdentifierTypes),
  identifier: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  serviceCodeRequired: z.boolean(),
  commitmentRequired: z.boolean(),
  serviceOrCommitmentRequired: z.boolean(),
  services: z.array(directoryServiceSchema),
});
export type DirectoryEntity = z.infer<typeof directoryEntitySchema>;

/** One page of a list: the items, how many in all, which page. */
export const pageOf = <T extends z.ZodType>(item: T, description: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int(),
      page: z.number().int(),
      pageSize: z.number().int(),
    })
    .describe(description);

export const directoryPageSchema = pageOf(directoryEntitySchema, 'Destinataires publics trouvés');
export type DirectoryPage = z.infer<typeof directoryPageSchema>;
