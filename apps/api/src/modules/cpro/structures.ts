import { z } from 'zod';
import { searchMatch } from '@chorale/db';
import type { AppContext } from '../../platform/context.ts';
import { loadAccess } from '../organisation/access.ts';
import { listServices } from '../organisation/services.ts';
import { loadStructure } from '../organisation/structure-view.ts';
import type { CproOperations } from './cpro.routes.ts';
import { CproError, cproPaging, parametresRetour } from './envelope.ts';
import { registerCproOperation } from './operation.ts';

/**
 * `structures/v1/…`: what a connector reads before submitting (DOMAIN.md §9: SIRET → idStructureCPP
 * → flags → services). It sees the public directory (active public structures, as the portal's
 * « Annuaire » shows anyone) and the structures its technical account is attached to; never
 * another company's private structure.
 */

const notFound = () =>
  new CproError('NO_RESULT', 'Structure introuvable, ou votre compte technique n’y est pas rattaché.');

/** May the actor read this structure: a public active one, or one it is attached to. */
async function readableStructure(ctx: AppContext, userId: number, id: number) {
  const row = await loadStructure(ctx.db, id).catch(() => {
    throw notFound();
  });
  const attached = (await loadAccess(ctx.db, userId)).some((m) => m.structureId === id);
  if (attached) return { row, attached };
  if (row.kind === 'PUBLIQUE' && row.active === 1) return { row, attached };
  throw notFound();
}

const rechercherBody = z.object({
  parametres: z
    .object({
      pageResultatDemandee: z.number().int().optional(),
      nbResultatsParPage: z.number().int().optional(),
      triColonne: z.string().optional(),
      triSens: z.string().optional(),
    })
    .optional(),
  restreindreStructuresPrivees: z.boolean().optional(),
  structure: z
    .object({
      identifiantStructure: z.string().max(100).optional(),
      typeIdentifiantStructure: z.string().optional(),
      raisonSocialeStructure: z.string().max(200).optional(),
      libelleStructure: z.string().max(200).optional(),
      typeStructure: z.enum(['PRIVEE', 'PUBLIQUE']).optional(),
      statutStructure: z.enum(['ACTIF', 'INACTIF']).optional(),
      adresseCodePostal: z.string().max(20).optional(),
      adresseVille: z.string().max(100).optional(),
    })
    .optional(),
});

const sortColumns = {
  IdentifiantStructure: 'identifier',
  DesignationStructure: 'company_name',
  TypeIdentifiantStructure: 'identifier_type',
  Statut: 'active',
} as const;

export const structuresOperations: CproOperations = (app, ctx) => {
  registerCproOperation(app, ctx, {
    path: 'structures/v1/rechercher',
    body: rechercherBody,
    handler: async ({ body, actor }) => {
      const paging = cproPaging(body.parametres);
      const own = [...new Set((await loadAccess(ctx.db, actor.userId)).map((m) => m.structureId))];
      const s = body.structure ?? {};
      let q = ctx.db.selectFrom('structures').where((eb) => {
        const ownClause = own.length ? eb('id', 'in', own) : eb.val(false);
        const publicClause = eb.and([eb('kind', '=', 'PUBLIQUE'), eb('active', '=', 1)]);
        // Private structures are only ever the account's own (« restreindreStructuresPrivees » holds always).
        return eb.or([ownClause, publicClause]);
      });
      if (s.identifiantStructure) q = q.where('identifier', '=', s.identifiantStructure.replace(/\s/g, ''));
      if (s.typeIdentifiantStructure) q = q.where('identifier_type', '=', s.typeIdentifiantStructure);
      if (s.typeStructure) q = q.where('kind', '=', s.typeStructure);
      if (s.statutStructure) q = q.where('active', '=', s.statutStructure === 'ACTIF' ? 1 : 0);
      if (s.raisonSocialeStructure)
        q = q.where(searchMatch('company_name', s.raisonSocialeStructure.toLowerCase(), { ignoreCase: true }));
      if (s.libelleStructure) q = q.where(searchMatch('label', s.libelleStructure.toLowerCase(), { ignoreCase: true }));
      if (s.adresseCodePostal) q = q.where('postal_code', '=', s.adresseCodePostal);
      if (s.adresseVille) q = q.where(searchMatch('city', s.adresseVille.toLowerCase(), { ignoreCase: true }));
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const column = sortColumns[(paging.column ?? '') as keyof typeof sortColumns] ?? 'company_name';
      const rows = await q
        .select(['id', 'identifier', 'identifier_type', 'company_name', 'active', 'non_diffusible'])
        .orderBy(column, paging.descending ? 'desc' : 'asc')
        .orderBy('id')
        .limit(paging.size)
        .offset(paging.offset)
        .execute();
      return {
        listeStructures: rows.map((r) => ({
          idStructureCPP: r.id,
          identifiantStructure: r.identifier,
          typeIdentifiantStructure: r.identifier_type,
          designationStructure: r.non_diffusible && !own.includes(r.id) ? 'Structure non diffusible' : r.company_name,
          statut: r.active === 1 ? 'ACTIVE' : 'INACTIVE',
        })),
        parametresRetour: parametresRetour(paging, total),
      };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'structures/v1/consulter',
    body: z.object({
      idStructureCPP: z.number({ error: 'idStructureCPP est obligatoire.' }).int(),
      codeLangue: z.string().optional(),
    }),
    handler: async ({ body, actor }) => {
      const { row } = await readableStructure(ctx, actor.userId, body.idStructureCPP);
      return {
        informationGenerales: {
          idStructureCPP: row.id,
          identifiantStructure: row.identifier,
          typeIdentifiantStructure: row.identifier_type,
          raisonSocialeStructure: row.company_name,
          libelleStructure: row.label ?? '',
          emailStructure: row.email ?? '',
          structurePriveePublique: row.kind,
          estValideurDeleguee: false,
        },
        adressePostaleDuSiege: {
          adresse: row.address ?? '',
          complementAdresse1: row.address_complement1 ?? '',
          complementAdresse2: row.address_complement2 ?? '',
          codePostal: row.postal_code ?? '',
          ville: row.city ?? '',
          pays: row.country_code,
          telephone: row.phone ?? '',
        },
        parametres: {
          codeServiceDoitEtreRenseigne: row.service_code_required === 1,
          numeroEJDoitEtreRenseigne: row.commitment_required === 1,
          gestionNumeroEJOuCodeService: row.service_or_commitment_required === 1,
          statutMiseEnPaiementNestPasRemonte: row.payment_status_managed !== 1,
          estMoaUniquement: false,
          getaMoa: false,
          connexionEDI: false,
          recevoirDonneesViaEDI: false,
          estValideurDelegue: false,
          nonDiffusibleInsee: row.non_diffusible === 1,
        },
      };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'structures/v1/rechercher/services',
    body: z.object({
      idStructure: z.number({ error: 'idStructure est obligatoire.' }).int(),
      parametresRechercherServicesStructure: z
        .object({
          pageResultatDemandee: z.number().int().optional(),
          nbResultatsParPage: z.number().int().optional(),
          triColonne: z.string().optional(),
          triSens: z.string().optional(),
        })
        .optional(),
    }),
    handler: async ({ body, actor }) => {
      const paging = cproPaging(body.parametresRechercherServicesStructure);
      const { attached } = await readableStructure(ctx, actor.userId, body.idStructure);
      // Its own structure's services come through the portal's use case (and its profile check);
      // a public recipient's active services are those its directory entry shows.
      const services = attached
        ? (await listServices(ctx, actor.userId, body.idStructure)).map((s) => ({
            id: s.id,
            code: s.code,
            name: s.name,
            active: s.active,
          }))
        : (
            await ctx.db
              .selectFrom('services')
              .select(['id', 'code', 'name'])
              .where('structure_id', '=', body.idStructure)
              .where('active', '=', 1)
              .orderBy('code')
              .execute()
          ).map((s) => ({ ...s, active: true }));
      const sorted =
        paging.column === 'LibelleService' ? [...services].sort((a, b) => a.name.localeCompare(b.name)) : services;
      if (paging.descending) sorted.reverse();
      return {
        listeServices: sorted.slice(paging.offset, paging.offset + paging.size).map((s) => ({
          idService: s.id,
          codeService: s.code,
          libelleService: s.name,
          estActif: s.active,
          statutService: s.active ? 'ACTIF' : 'INACTIF',
        })),
        parametresRetour: parametresRetour(paging, services.length),
      };
    },
  });
};
