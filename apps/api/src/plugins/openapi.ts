import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { ErrorCode } from '@chorale/contracts';
import type { Config } from '../config.ts';
import { errorStatus } from '../platform/app-error.ts';
import { declaredCodes, errorEntry, isOwnErrorShape } from '../platform/responses.ts';

/** A route as registered, for the tests that walk them all (responses, deny by default). */
export interface RegisteredRoute {
  method: string;
  url: string;
  schema: RouteOptions['schema'];
  config: RouteOptions['config'];
}

const DOCS_PREFIX = '/api/docs';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What swagger-ui needs and nothing more (issue 15 defect 12): its scripts are files of its own
 * (no inline script), React sets inline styles and the icons are data: images. The schema
 * validator badge would call validator.swagger.io: it is turned off instead of allowed.
 */
function docsCsp(https: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Tags of the docs page, in the order and words of the portal. */
const tags = [
  { name: 'Connexion', description: 'Se connecter, second facteur, mot de passe oublié.' },
  { name: 'Comptes', description: 'Créer et activer un compte, liens reçus par courriel.' },
  { name: 'Mon compte', description: 'Profil, facteurs d’authentification, historique de sécurité, jetons d’API.' },
  { name: 'Annuaire', description: 'Annuaire des destinataires publics (consultable sans compte).' },
  { name: 'Exploitation', description: 'Sondes de vie et de disponibilité pour un répartiteur de charge.' },
  { name: 'Organisation', description: 'Structures, services, coordonnées bancaires, rattachements, habilitations.' },
  { name: 'Factures', description: 'Saisie, envoi, suivi et traitement des factures.' },
  { name: 'Support', description: 'Tickets vers le support métier d’une entité publique ou de la plateforme.' },
  {
    name: 'Raccordements',
    description:
      'API compatible Chorus Pro (/cpro/…) : jeton OAuth2 d’un raccordement, comptes techniques, journal des appels.',
  },
];

/**
 * The error codes every route of a kind can answer, whatever its use case: a malformed request,
 * a missing CSRF token on a cookie write, a body over the size limit, an unexpected failure.
 */
function genericCodes(method: string, schema: RouteOptions['schema']): ErrorCode[] {
  const codes: ErrorCode[] = ['INTERNAL'];
  const writes = WRITE_METHODS.has(method);
  if (writes || schema?.body || schema?.querystring || schema?.params) codes.push('VALIDATION_FAILED');
  if (writes) codes.push('CSRF_REJECTED');
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') codes.push('PAYLOAD_TOO_LARGE');
  return codes;
}

/** Merges the generic error answers into the route's own, one entry per status. */
function withErrorAnswers(method: string, schema: NonNullable<RouteOptions['schema']>) {
  const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const [status, entry] of Object.entries(response))
    for (const code of declaredCodes(entry))
      byStatus.set(Number(status), [...(byStatus.get(Number(status)) ?? []), code]);
  for (const code of genericCodes(method, schema)) {
    const status = errorStatus[code].http;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of byStatus) if (!isOwnErrorShape(response[status])) response[status] = errorEntry(codes);
  return { ...schema, response };
}

/**
 * OpenAPI generated from the same zod schemas that validate requests and shape answers;
 * browsable in French at /api/docs. Returns the list of registered routes.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  config: Pick<Config, 'publicUrl'>,
): Promise<RegisteredRoute[]> {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const isApi = route.url.startsWith('/api/') && !route.url.startsWith(DOCS_PREFIX);
    // Only documented JSON routes with a declared success answer get the error entries: a route
    // without one must stay visibly undeclared for the test that walks them.
    if (isApi && route.schema?.response) route.schema = withErrorAnswers(methods[0]!, route.schema);
    // The portal's pages and the dev outbox page are not part of the API.
    if (!route.url.startsWith('/api/')) route.schema = { ...route.schema, hide: true };
    for (const method of methods)
      if (method !== 'HEAD') routes.push({ method, url: route.url, schema: route.schema, config: route.config });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'API Chorale',
        description: [
          'API de la plateforme Chorale, décrite par les mêmes schémas qui valident les requêtes et les réponses.',
          '',
          '**Erreurs** : toute erreur répond le même objet `{ "error": { "code", "message", "fields" } }` ; `message` dit en français ce qui ne va pas et quoi faire, `fields` associe un champ du formulaire à son message.',
          '',
          '**Authentification** : le portail utilise le cookie de session ; les requêtes qui modifient des données exigent alors l’en-tête `x-csrf-token` (copie du cookie `chorale_csrf`).',
        ].join('\n'),
        version: '0.1.0',
      },
      tags,
      components: {
        securitySchemes: {
          jetonApi: {
            type: 'http',
            scheme: 'bearer',
            description:
              'Jeton d’API personnel, créé dans « Mon compte » : `Authorization: Bearer chorale_…`. Il agit au nom de son utilisateur, avec ses seuls droits ; pas d’en-tête x-csrf-token.',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'chorale_session',
            description: 'Session du portail ; les requêtes qui modifient des données exigent l’en-tête x-csrf-token.',
          },
        },
      },
      security: [{ jetonApi: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: docsCsp(config.publicUrl.startsWith('https://')),
    uiConfig: { validatorUrl: null, docExpansion: 'list', defaultModelsExpandDepth: 0 },
    theme: {
      title: 'Documentation de l’API Chorale',
      // swagger-ui has no French translation; at least the page is announced in French.
      js: [{ filename: 'lang-fr.js', content: "document.documentElement.lang = 'fr';" }],
    },
  });
  return routes;
}
