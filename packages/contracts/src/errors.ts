import { z } from 'zod';

/** Every error code the API can answer; the HTTP status of each lives in apps/api (one table). */
export const errorCodes = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'CSRF_REJECTED',
  'RATE_LIMITED',
  /** Sign-in from this place to this account paused after too many failures; the message says until when. */
  'SIGN_IN_BLOCKED',
  'CAPTCHA_INVALID',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_USED',
  'INVALID_CREDENTIALS',
  'CODE_INVALID',
  'CODE_EXPIRED',
  'CODE_LOCKED',
  'LAST_FACTOR',
  'PAYLOAD_TOO_LARGE',
  'URI_TOO_LONG',
  'UNSUPPORTED_MEDIA_TYPE',
  /** The process cannot take requests now (database unreachable, shutting down): try another. */
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * The one wording of the banner above a form whose fields are in error, whether the portal or the
 * API found them (issue 14: the portal and the API used to say it two ways).
 */
export const formErrorsMessage = 'Certains champs sont à corriger : voyez le message à côté de chacun.';

/** JSON body of every error answer. `fields` maps a form field name to its French message. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
