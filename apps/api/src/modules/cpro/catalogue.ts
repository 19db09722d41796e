import { swaggerOperations } from './swagger/contract.ts';

/**
 * Every operation of the Chorus Pro-compatible API: those of the two official Swaggers (Factures
 * 22, Structures 6) and the transverses / utilisateurs operations DOMAIN.md §9 lists (their
 * Swaggers are not public). The Swagger walk test checks that each one answers.
 */
export const domainOperations = [
  'transverses/v1/recuperer/devises',
  'transverses/v1/recuperer/pays',
  'transverses/v1/recuperer/tauxtva',
  'transverses/v1/recuperer/motifs/exonerationtva',
  'transverses/v1/recuperer/modedepot',
  'transverses/v1/recuperer/modereglements',
  'transverses/v1/recuperer/cadrefacturation',
  'transverses/v1/recuperer/typespj',
  'transverses/v1/recuperer/syntaxeflux',
  'transverses/v1/recuperer/coordbanc/valides',
  'transverses/v1/recuperer/etats/traitement',
  'transverses/v1/ajouter/fichier',
  'transverses/v1/rechercher/destinataire',
  'transverses/v1/consulter/information/siret',
  'transverses/v1/telecharger/annuaire/destinataire',
  'transverses/v1/rechercher/categorieSollicitation',
  'transverses/v1/consulterCR',
  'transverses/v1/consulterCRDetaille',
  'utilisateurs/v1/monCompte/recuperer/rattachements',
] as const;

/** All POST operations, `<api>/v1/<operation>`. */
export const allCproOperations = (): string[] => [...swaggerOperations().map((o) => o.path), ...domainOperations];

/** The only GET of the API. */
export const HEALTH_CHECK = 'transverses/v1/health-check';
