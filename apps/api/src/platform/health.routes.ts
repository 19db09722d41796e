import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from './app-error.ts';
import type { AppContext } from './context.ts';
import { errorEntry } from './responses.ts';
import { publicRoute } from '../plugins/access-control.ts';

/** Readiness of one process: false from the moment it starts shutting down. */
export interface Readiness {
  closing: boolean;
}

/**
 * Probes for a load balancer or an orchestrator (issue 13): `/api/health` says the process
 * answers (liveness, no database call); `/api/ready` says it can take traffic — its database
 * answers and it is not shutting down (a proxy stops sending it requests while it finishes
 * those in flight).
 */
export const healthRoutes =
  (ctx: AppContext, readiness: Readiness): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/health',
      {
        ...publicRoute,
        schema: {
          tags: ['Exploitation'],
          summary: 'Le processus répond',
          response: { 200: z.object({ status: z.literal('ok') }).describe('Le processus répond') },
        },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/api/ready',
      {
        ...publicRoute,
        schema: {
          tags: ['Exploitation'],
          summary: 'Le processus peut recevoir des requêtes (base de données joignable, pas en arrêt)',
          response: {
            200: z.object({ status: z.literal('prêt') }).describe('Prêt à recevoir des requêtes'),
            503: errorEntry(['UNAVAILABLE']),
          },
        },
      },
      async () => {
        if (readiness.closing)
          throw new AppError('UNAVAILABLE', 'Arrêt en cours : ce processus ne prend plus de requêtes.');
        try {
          await sql`select 1`.execute(ctx.db);
        } catch {
          throw new AppError('UNAVAILABLE', 'La base de données ne répond pas.');
        }
        return { status: 'prêt' as const };
      },
    );
  };
