import { z } from 'zod';
import { errorBodySchema, type ErrorCode } from '@chorale/contracts';
import { errorStatus } from './app-error.ts';

/**
 * Response declarations of the routes. Every route declares what it answers on success (a zod
 * schema from packages/contracts, or a binary file), and the error codes its use case can raise;
 * the OpenAPI plugin adds the codes every route of its kind can answer (validation, CSRF, …).
 */

/** What each HTTP status means to a reader of /api/docs. */
const statusTitles: Record<number, string> = {
  400: 'Requête refusée : données invalides',
  401: 'Authentification requise ou refusée',
  403: 'Accès refusé',
  404: 'Introuvable',
  409: 'Conflit avec l’état actuel',
  410: 'Lien expiré ou déjà utilisé',
  413: 'Requête trop volumineuse',
  423: 'Temporairement bloqué',
  429: 'Trop de tentatives',
  500: 'Erreur interne',
  503: 'Service momentanément indisponible',
};

/** The codes an error entry stands for, so that the OpenAPI plugin can merge its own. */
const codesOfEntry = new WeakMap<object, ErrorCode[]>();

/**
 * The entries made so far, by their codes: the same codes give the same (immutable) schema. Each
 * `describe` is a copy of the error shape, and every route gets the generic codes of its kind on
 * top of its own (openapi.ts): one copy per route and status held ~2 MB in each server process,
 * for a few dozen distinct entries (issue 13, memory).
 */
const entries = new Map<string, z.ZodType>();

/** One error answer: the app's one error shape, the codes it can carry in its description. */
export function errorEntry(codes: ErrorCode[]) {
  const key = codes.join(' ');
  const made = entries.get(key);
  if (made) return made;
  const status = errorStatus[codes[0]!].http;
  const entry = errorBodySchema.describe(
    `${statusTitles[status] ?? 'Erreur'} (error.code : ${[...new Set(codes)].join(', ')})`,
  );
  codesOfEntry.set(entry, codes);
  entries.set(key, entry);
  return entry;
}

/** Error answers whose body is not the app's shape (OAuth2's token endpoint): kept as declared. */
const ownShapes = new WeakSet<object>();

/**
 * An error answer in a shape imposed by a standard (RFC 6749 for /api/oauth/token): the OpenAPI
 * plugin keeps it instead of the app's error shape. Its description still names the codes.
 */
export function ownErrorEntry(schema: z.ZodType, description: string, codes: ErrorCode[]) {
  const entry = schema.describe(`${description} (error.code : ${codes.join(', ')})`);
  codesOfEntry.set(entry, codes);
  ownShapes.add(entry);
  return entry;
}

export const isOwnErrorShape = (entry: unknown) => typeof entry === 'object' && entry !== null && ownShapes.has(entry);

export function declaredCodes(entry: unknown): ErrorCode[] {
  return typeof entry === 'object' && entry !== null ? (codesOfEntry.get(entry) ?? []) : [];
}

/** The error answers of a use case, grouped by HTTP status. */
export function failures(...codes: ErrorCode[]): Record<number, z.ZodType> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = errorStatus[code].http;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].map(([status, list]) => [status, errorEntry(list)]));
}

/** A file download: bytes of the given type(s), never JSON. */
export function binary(contentTypes: string | string[], description: string) {
  const types = Array.isArray(contentTypes) ? contentTypes : [contentTypes];
  return {
    description,
    content: Object.fromEntries(types.map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }])),
  };
}

/** « No content »: the answer has no body. */
export const noContent = z.undefined().describe('Aucun contenu');
