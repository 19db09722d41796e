import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/app-error.ts';

/**
 * Serves the built portal; any other non-API path gets index.html so that the portal's own
 * router shows the page (or its « page introuvable »).
 */
export async function registerPortal(app: FastifyInstance, distDir: string): Promise<void> {
  const built = existsSync(join(distDir, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: distDir, index: false, wildcard: false, maxAge: '1h' });
  else app.log.warn({ distDir }, 'portal not built: run `npm run build`');
  app.setNotFoundHandler((request, reply) => {
    if (!built || request.url.startsWith('/api/') || request.method !== 'GET')
      throw new AppError('NOT_FOUND', `Aucune ressource à l'adresse ${request.url.split('?')[0]}.`);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
