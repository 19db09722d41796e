import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { formErrorsMessage, type ErrorBody } from '@chorale/contracts';
import { isDatabaseBusy, isUniqueViolation } from '@chorale/db';
import { AppError, errorStatus } from '../platform/app-error.ts';
import { frameworkProblem } from './framework-errors.ts';
import { cproErrorAnswer, type CproErrorBody } from '../modules/cpro/envelope.ts';

/**
 * SQLite's file held by another process (a directory import) longer than a write may wait
 * (packages/db/src/write-lock.ts): nothing of the request was written.
 */
const BUSY_MESSAGE =
  'La base de données est occupée par une autre opération (import de l’annuaire, par exemple) : rien n’a été enregistré ; réessayez dans un instant.';

/** Refusals of the framework on a /cpro route (bad JSON, wrong media type…), in the cpro shape. */
function cproFrameworkAnswer(error: FastifyError, request: FastifyRequest): { status: number; body: CproErrorBody } {
  const framework = frameworkProblem(error);
  if (framework)
    return {
      status: framework.status,
      body: { codeRetour: errorStatus[framework.code].codeRetour, libelle: framework.message },
    };
  if (error.statusCode === 413)
    return { status: 413, body: { codeRetour: 20001, libelle: 'La requête dépasse la taille autorisée.' } };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return {
      status: 400,
      body: { codeRetour: 20002, libelle: 'La requête est mal formée : vérifiez les données envoyées.' },
    };
  if (isUniqueViolation(error))
    return {
      status: 409,
      body: { codeRetour: 20004, libelle: 'Cet élément vient d’être enregistré par une autre demande au même moment.' },
    };
  if (isDatabaseBusy(error)) {
    request.log.warn({ code: 'database_busy' }, 'database busy');
    return { status: 503, body: { codeRetour: errorStatus.UNAVAILABLE.codeRetour, libelle: BUSY_MESSAGE } };
  }
  request.log.error({ err: error }, 'unexpected error');
  return {
    status: 500,
    body: { codeRetour: 99999, libelle: 'Une erreur interne est survenue ; réessayez dans un instant.' },
  };
}

function errorBody(code: ErrorBody['error']['code'], message: string, fields?: Record<string, string>): ErrorBody {
  return { error: fields && Object.keys(fields).length ? { code, message, fields } : { code, message } };
}

/**
 * Fastify's own refusals before routing (a badly encoded URL, a path segment over 100
 * characters): the `frameworkErrors` option of the Fastify constructor.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const p = frameworkProblem(error) ?? {
    status: 400,
    code: 'VALIDATION_FAILED' as const,
    message: 'L’adresse demandée n’a pas pu être lue.',
  };
  void reply.status(p.status).send(errorBody(p.code, p.message));
}

/** One mapping from errors to HTTP answers. Unknown errors become a 500 that leaks nothing. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // The Chorus Pro-compatible API answers its own shape (codeRetour, libelle).
    if (request.routeOptions.config?.access === 'cpro') {
      const cpro = cproErrorAnswer(error) ?? cproFrameworkAnswer(error, request);
      if (request.cproCall) request.cproCall.codeRetour = cpro.body.codeRetour;
      return reply.status(cpro.status).send(cpro.body);
    }
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return reply.status(errorStatus[error.code].http).send(errorBody(error.code, error.message, error.fields));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: Record<string, string> = {};
      for (const issue of error.validation) {
        const zodIssue = issue.params.issue as { path?: PropertyKey[] } | undefined;
        const path = zodIssue?.path?.map(String).join('.') || issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
        if (!fields[path]) fields[path] = issue.message ?? 'Valeur invalide.';
      }
      return reply.status(400).send(errorBody('VALIDATION_FAILED', formErrorsMessage, fields));
    }
    const framework = frameworkProblem(error);
    if (framework) return reply.status(framework.status).send(errorBody(framework.code, framework.message));
    if (error.statusCode === 413)
      return reply.status(413).send(errorBody('PAYLOAD_TOO_LARGE', 'La requête dépasse la taille autorisée.'));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
      return reply
        .status(400)
        .send(errorBody('VALIDATION_FAILED', 'La requête est mal formée : vérifiez les données envoyées.'));
    // Two requests that create the same thing at once: the database's unique index settles it,
    // and the loser is told so rather than given a 500 (issue 15 defect 2).
    if (isUniqueViolation(error)) {
      request.log.warn({ code: 'unique_violation' }, 'concurrent duplicate refused');
      return reply
        .status(409)
        .send(
          errorBody(
            'CONFLICT',
            'Cet élément vient d’être enregistré par une autre demande au même moment : rechargez la page pour voir l’état actuel avant de réessayer.',
          ),
        );
    }
    if (isDatabaseBusy(error)) {
      request.log.warn({ code: 'database_busy' }, 'database busy');
      return reply.status(503).send(errorBody('UNAVAILABLE', BUSY_MESSAGE));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply
      .status(500)
      .send(
        errorBody(
          'INTERNAL',
          'Une erreur interne est survenue. Rien de ce que vous avez saisi n’a été enregistré à moitié ; réessayez dans un instant.',
        ),
      );
  });
}
