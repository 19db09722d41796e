import { businessDate } from '@chorale/domain';
import { AppError, errorStatus } from '../../platform/app-error.ts';

/**
 * The Chorus Pro answer conventions (DOMAIN.md §9): every answer is a JSON object that starts
 * with `codeRetour` (0 = success) and `libelle`; errors keep that shape with a French `libelle`
 * saying what is wrong and what to do, and an HTTP status among those the Swaggers list.
 */
export const CPRO_OK = { codeRetour: 0, libelle: 'TRA_MSG_00.000' } as const;

/** The documented `codeRetour` values Chorale answers, with their HTTP status. */
export const cproCodes = {
  /** No result / unknown object (TRA_MSG_00.015). */
  NO_RESULT: { codeRetour: 20000, http: 404 },
  /** File too large (GDP_MSG_11.022). */
  FILE_TOO_LARGE: { codeRetour: 20001, http: 413 },
  /** Invalid request: a field missing, malformed or refused by a rule. */
  INVALID: { codeRetour: 20002, http: 400 },
  /** Attachment over 10 MB (`ajouter/fichier`). */
  ATTACHMENT_TOO_LARGE: { codeRetour: 20003, http: 413 },
  /** The request conflicts with the object's current state. */
  CONFLICT: { codeRetour: 20004, http: 409 },
  /** An operation of the Swaggers that Chorale does not serve yet. */
  NOT_SERVED: { codeRetour: 20005, http: 400 },
  UNAUTHENTICATED: { codeRetour: 20010, http: 401 },
  FORBIDDEN: { codeRetour: 20011, http: 403 },
  UNSUPPORTED_MEDIA_TYPE: { codeRetour: 20002, http: 415 },
  INTERNAL: { codeRetour: 99999, http: 500 },
} as const;
export type CproCode = keyof typeof cproCodes;

/** An error answered in the Chorus Pro shape by the compatibility API. */
export class CproError extends Error {
  readonly http: number;
  readonly codeRetour: number;
  constructor(code: CproCode, libelle: string) {
    super(libelle);
    this.name = 'CproError';
    this.http = cproCodes[code].http;
    this.codeRetour = cproCodes[code].codeRetour;
  }
}

export interface CproErrorBody {
  codeRetour: number;
  libelle: string;
}

/** The Chorus Pro answer of any error the use cases raise (AppError, CproError). */
export function cproErrorAnswer(error: unknown): { status: number; body: CproErrorBody } | null {
  if (error instanceof CproError)
    return { status: error.http, body: { codeRetour: error.codeRetour, libelle: error.message } };
  if (error instanceof AppError) {
    const fields = error.fields ? Object.entries(error.fields) : [];
    const detail = fields.length ? ` ${fields.map(([f, m]) => `[${f}] ${m}`).join(' ; ')}` : '';
    const mapped = errorStatus[error.code];
    return {
      status: mapped.http,
      body: { codeRetour: mapped.codeRetour, libelle: `${error.message}${detail}` },
    };
  }
  return null;
}

/** An amount as Chorus Pro writes it: euros as a number (cents kept exact up to 2^53). */
export const cproEuros = (cents: number) => Math.round(cents) / 100;

/** An answer object without its absent fields (Chorus Pro omits them rather than sending null). */
export const withoutEmpty = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/** A business date as Chorus Pro writes it: `YYYY-MM-DD`, Paris time. */
export function cproDate(value: string | Date | null | undefined): string | undefined {
  if (!value) return undefined;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return businessDate(new Date(value));
}

/** Paging of the searches: `pageResultatDemandee`, `nbResultatsParPage` → offset and limit. */
export interface CproPagingInput {
  pageResultatDemandee?: number | null;
  nbResultatsParPage?: number | null;
  triColonne?: string | null;
  triSens?: string | null;
}
export const CPRO_MAX_PAGE_SIZE = 500;
export const CPRO_DEFAULT_PAGE_SIZE = 50;

export function cproPaging(input: CproPagingInput | null | undefined) {
  const page = Math.max(1, Math.trunc(Number(input?.pageResultatDemandee ?? 1)) || 1);
  const size = Math.min(
    CPRO_MAX_PAGE_SIZE,
    Math.max(1, Math.trunc(Number(input?.nbResultatsParPage ?? CPRO_DEFAULT_PAGE_SIZE)) || CPRO_DEFAULT_PAGE_SIZE),
  );
  const descending = (input?.triSens ?? '').toLowerCase().startsWith('desc');
  return { page, size, offset: (page - 1) * size, descending, column: input?.triColonne ?? null };
}

/** `parametresRetour` of a page of `total` results. */
export function parametresRetour(paging: { page: number; size: number }, total: number) {
  return {
    pageCourante: paging.page,
    pages: Math.max(1, Math.ceil(total / paging.size)),
    nbResultatsParPage: paging.size,
    total,
  };
}

/** Slices an in-memory list to the page asked for. */
export function pageOf<T>(items: T[], paging: { offset: number; size: number }): T[] {
  return items.slice(paging.offset, paging.offset + paging.size);
}
