import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { directoryPageSchema, text } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { publicRoute } from '../../plugins/access-control.ts';
import { searchDirectory } from './search-directory.ts';

const querySchema = z.object({
  q: text('Recherche', 200).default(''),
  state: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const directoryRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/directory',
      {
        ...publicRoute,
        schema: {
          tags: ['Annuaire'],
          summary: 'Rechercher un destinataire public',
          querystring: querySchema,
          response: { 200: directoryPageSchema },
        },
      },
      async (req) => searchDirectory(ctx, req.query),
    );
  };
