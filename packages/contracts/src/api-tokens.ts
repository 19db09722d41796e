import { z } from 'zod';
import { requiredText, text } from './text.ts';

/**
 * Personal API tokens (« Jetons d'API » in « Mon compte »): software calls the native API as its
 * user, with `Authorization: Bearer <jeton>`, and no more rights than him.
 */

export const API_TOKEN_PREFIX = 'chorale_';
/** Enough for every program of a user; more is a sign of tokens never revoked. */
export const apiTokenMaxActive = 20;

export const apiTokenFormSchema = z.object({
  name: requiredText('Nom du jeton', 60),
  /** Last day of validity (Paris business day, included); none: valid until revoked. */
  expiresOn: text("Date d'expiration", 10)
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'La date doit être au format AAAA-MM-JJ.')
    .nullable()
    .default(null),
});
export type ApiTokenForm = z.input<typeof apiTokenFormSchema>;

export const apiTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The first characters of the secret, to recognise it. */
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) }).describe('Mes jetons d’API actifs');

export const createdApiTokenSchema = z
  .object({ token: apiTokenSchema, secret: z.string() })
  .describe('Jeton créé : le secret n’est montré qu’une fois, il n’est conservé que sous forme d’empreinte');
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
