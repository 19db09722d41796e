import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/** Two years, the HSTS preload list's requirement; only ever sent when the portal is https. */
const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * Headers every answer carries (issue 15 defect 12). API answers are never stored by a browser
 * or a proxy: signed-in ones carry invoices, PDFs and CSV files with personal data, and the
 * anonymous ones (session state, tokens) are no better in a shared cache. The documentation
 * pages at /api/docs are static and set their own headers.
 */
export function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'publicUrl'>): void {
  const https = config.publicUrl.startsWith('https://');
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    if (https) reply.header('strict-transport-security', HSTS);
    const route = request.routeOptions.url;
    if (route?.startsWith('/api/') && !route.startsWith('/api/docs')) reply.header('cache-control', 'no-store');
  });
}
