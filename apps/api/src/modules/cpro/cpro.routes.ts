import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { cproFlowOperations } from '../intake/cpro-flows.ts';
import { allCproOperations, HEALTH_CHECK } from './catalogue.ts';
import { facturesOperations } from './factures.ts';
import { structuresOperations } from './structures.ts';
import { telechargerOperations } from './telecharger.ts';
import { transversesOperations } from './transverses.ts';
import { registerCproOperation, registerNotServedOperation, servedCproPaths } from './operation.ts';

/** A group of operations (one file each: transverses, structures, factures, flux…). */
export type CproOperations = (app: FastifyInstance, ctx: AppContext) => void;

/**
 * The groups of served operations. Add yours here: every operation of the catalogue that no group
 * registers answers « pas encore disponible » (registerNotServedOperation).
 */
export const cproOperationGroups: CproOperations[] = [
  transversesOperations,
  structuresOperations,
  facturesOperations,
  cproFlowOperations,
  telechargerOperations,
];

/** Why an operation is not served, by path prefix; the default says to use the portal. */
const notServedReasons: [RegExp, string][] = [
  [
    /valideur|factureAValider/,
    'Les circuits de validation (sous-traitants, cotraitants) ne sont pas encore gérés : utilisez le portail.',
  ],
];
const defaultReason = 'Utilisez le portail Chorale pour cette action en attendant.';

/** The Chorus Pro-compatible API under /cpro (its token endpoint: oauth.routes.ts). */
export const cproRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    registerCproOperation(app, ctx, {
      path: HEALTH_CHECK,
      method: 'GET',
      handler: async () => {
        await ctx.db.selectFrom('app_settings').select('key').limit(1).execute();
        return { statut: 'OK', date: new Date(ctx.now()).toISOString() };
      },
    });
    for (const group of cproOperationGroups) group(app, ctx);
    for (const path of allCproOperations())
      if (!servedCproPaths.has(path))
        registerNotServedOperation(
          app,
          path,
          notServedReasons.find(([pattern]) => pattern.test(path))?.[1] ?? defaultReason,
        );
  };
