import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../platform/app-error.ts';

/**
 * The portal loads only its own code. Mantine sets inline styles; the captcha widget solves its
 * proof of work in workers created from data: URLs; the QR code is a data: image.
 */
const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function portalPageHeaders(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').header('content-security-policy', PORTAL_CSP);
}

/**
 * Serves the built portal; any other non-API path gets index.html so that the portal's own
 * router shows the page (or its « page introuvable »).
 */
export async function registerPortal(app: FastifyInstance, distDir: string): Promise<void> {
  const built = existsSync(join(distDir, 'index.html'));
  if (built)
    await app.register(fastifyStatic, {
      root: distDir,
      index: false,
      wildcard: false,
      maxAge: '1h',
      // /index.html asked by its name is the same page as every portal path: same CSP, never
      // cached, or a stale portal would outlive a release (issue 15 defect 12).
      setHeaders: (reply, path) => {
        if (path.endsWith('.html')) portalPageHeaders(reply);
      },
    });
  else app.log.warn({ distDir }, 'portal not built: run `npm run build`');
  app.setNotFoundHandler((request, reply) => {
    if (!built || request.url.startsWith('/api/') || (request.method !== 'GET' && request.method !== 'HEAD'))
      throw new AppError('NOT_FOUND', `Aucune ressource à l’adresse ${request.url.split('?')[0]}.`);
    return portalPageHeaders(reply).sendFile('index.html', { cacheControl: false });
  });
}
