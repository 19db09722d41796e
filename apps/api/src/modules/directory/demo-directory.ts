import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { STATE_SIRET } from './search-directory.ts';

/**
 * Demo public entities loaded on the first start of the embedded default, so that a fresh
 * install can address invoices at once. Names and SIRETs of the webinar; service codes and
 * addresses are illustrative. A real deployment imports the official directory instead.
 */
interface DemoEntity {
  identifier: string;
  name: string;
  address: string;
  postalCode: string;
  city: string;
  serviceCodeRequired?: boolean;
  commitmentRequired?: boolean;
  serviceOrCommitmentRequired?: boolean;
  services: { code: string; name: string; commitmentRequired?: boolean }[];
}

export const demoEntities: DemoEntity[] = [
  {
    identifier: STATE_SIRET,
    name: 'ETAT',
    address: '139 RUE DE BERCY',
    postalCode: '75012',
    city: 'PARIS',
    serviceCodeRequired: true,
    commitmentRequired: true,
    services: [
      { code: 'FACTURES_PUBLIQUES', name: 'Centre de services partagés – Factures', commitmentRequired: true },
      { code: 'MIN_ECO_CSP', name: "Ministère de l'Économie – CSP Paris", commitmentRequired: true },
      { code: 'MIN_INT_SGAMI_IDF', name: "Ministère de l'Intérieur – SGAMI Île-de-France", commitmentRequired: true },
      { code: 'MIN_ARMEES_PFAF_IDF', name: 'Ministère des Armées – PFAF Île-de-France', commitmentRequired: true },
      { code: 'MIN_EDUC_RECTORAT_RENNES', name: 'Éducation nationale – Rectorat de Rennes', commitmentRequired: true },
    ],
  },
  {
    identifier: '13001727000013',
    name: 'CCI REGION PARIS ILE FRANCE',
    address: '27 AVENUE DE FRIEDLAND',
    postalCode: '75008',
    city: 'PARIS',
    services: [
      { code: 'ACHATS', name: 'Direction des achats' },
      { code: 'FORMATION', name: 'Service formation continue' },
    ],
  },
  {
    identifier: '19290086800022',
    name: 'COLLEGE SIMONE VEIL',
    address: '1 RUE SIMONE VEIL',
    postalCode: '29200',
    city: 'BREST',
    services: [{ code: 'GESTION', name: 'Service de gestion' }],
  },
  {
    identifier: '21690123100011',
    name: 'COMMUNE DE LYON',
    address: '1 PLACE DE LA COMEDIE',
    postalCode: '69001',
    city: 'LYON',
    serviceOrCommitmentRequired: true,
    services: [
      { code: 'DIR_ACHATS', name: 'Direction de la commande publique' },
      { code: 'ECLAIRAGE', name: 'Service éclairage public', commitmentRequired: true },
    ],
  },
  {
    identifier: '26750045200011',
    name: 'ASSISTANCE PUBLIQUE HOPITAUX DE PARIS',
    address: '3 AVENUE VICTORIA',
    postalCode: '75004',
    city: 'PARIS',
    serviceCodeRequired: true,
    services: [
      { code: 'AP-HP-ACHATS', name: 'Agence générale des équipements et produits de santé' },
      { code: 'AP-HP-TRAVAUX', name: 'Direction des travaux', commitmentRequired: true },
    ],
  },
  {
    identifier: '26330037600017',
    name: 'CENTRE HOSPITALIER UNIVERSITAIRE DE BORDEAUX',
    address: '12 RUE DUBERNAT',
    postalCode: '33400',
    city: 'TALENCE',
    commitmentRequired: true,
    services: [{ code: 'CHU-FOURNITURES', name: 'Service des fournitures' }],
  },
  {
    identifier: '22750000100012',
    name: 'DEPARTEMENT DE PARIS',
    address: '4 RUE LOBAU',
    postalCode: '75004',
    city: 'PARIS',
    services: [{ code: 'DFA', name: 'Direction des finances et des achats' }],
  },
];

/** Idempotent: known identifiers are left as they are, so a restart changes nothing. */
export async function loadDemoDirectory(ctx: AppContext): Promise<number> {
  let created = 0;
  for (const e of demoEntities) {
    await ctx.db.transaction().execute(async (trx) => {
      const exists = await trx
        .selectFrom('structures')
        .select('id')
        .where('identifier_type', '=', 'SIRET')
        .where('identifier', '=', e.identifier)
        .executeTakeFirst();
      if (exists) return;
      const now = isoNow(ctx);
      const s = await trx
        .insertInto('structures')
        .values({
          identifier_type: 'SIRET',
          identifier: e.identifier,
          kind: 'PUBLIQUE',
          company_name: e.name,
          label: e.name,
          address: e.address,
          postal_code: e.postalCode,
          city: e.city,
          country_code: 'FR',
          active: 1,
          service_code_required: e.serviceCodeRequired ? 1 : 0,
          commitment_required: e.commitmentRequired ? 1 : 0,
          service_or_commitment_required: e.serviceOrCommitmentRequired ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('services')
        .values(
          e.services.map((sv) => ({
            structure_id: s.id,
            code: sv.code,
            name: sv.name,
            commitment_required: sv.commitmentRequired ? 1 : 0,
            active: 1,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      created++;
    });
  }
  return created;
}
