import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';

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

/** OpenAPI generated from the same zod schemas that validate requests; browsable at /api/docs. */
export async function registerOpenApi(app: FastifyInstance, config: Pick<Config, 'publicUrl'>): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'API Chorale',
        description:
          "API de la plateforme Chorale. Les requêtes qui modifient des données exigent l'en-tête x-csrf-token (copie du cookie chorale_csrf).",
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: docsCsp(config.publicUrl.startsWith('https://')),
    uiConfig: { validatorUrl: null },
  });
}
