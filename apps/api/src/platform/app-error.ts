import type { ErrorCode } from '@chorale/contracts';

/** The one error type of the API: a code from the contract list and a French message for the user. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** HTTP status of each code, and the Chorus Pro `codeRetour` the compatibility API will answer. */
export const errorStatus: Record<ErrorCode, { http: number; codeRetour: number }> = {
  VALIDATION_FAILED: { http: 400, codeRetour: 20002 },
  UNAUTHENTICATED: { http: 401, codeRetour: 20010 },
  FORBIDDEN: { http: 403, codeRetour: 20011 },
  NOT_FOUND: { http: 404, codeRetour: 20000 },
  CONFLICT: { http: 409, codeRetour: 20004 },
  CSRF_REJECTED: { http: 403, codeRetour: 20011 },
  RATE_LIMITED: { http: 429, codeRetour: 20012 },
  SIGN_IN_BLOCKED: { http: 429, codeRetour: 20012 },
  CAPTCHA_INVALID: { http: 400, codeRetour: 20002 },
  TOKEN_INVALID: { http: 400, codeRetour: 20002 },
  TOKEN_EXPIRED: { http: 410, codeRetour: 20002 },
  TOKEN_USED: { http: 410, codeRetour: 20002 },
  INVALID_CREDENTIALS: { http: 401, codeRetour: 20010 },
  CODE_INVALID: { http: 400, codeRetour: 20002 },
  CODE_EXPIRED: { http: 400, codeRetour: 20002 },
  CODE_LOCKED: { http: 423, codeRetour: 20012 },
  LAST_FACTOR: { http: 409, codeRetour: 20004 },
  PAYLOAD_TOO_LARGE: { http: 413, codeRetour: 20001 },
  URI_TOO_LONG: { http: 414, codeRetour: 20001 },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, codeRetour: 20002 },
  UNAVAILABLE: { http: 503, codeRetour: 99999 },
  INTERNAL: { http: 500, codeRetour: 99999 },
};
