/**
 * Habilitations: per structure (or service) and per application, a profile « consultation » or
 * « modification ». This table is the single place that decides who may do what.
 */
export const applications = [
  'ORGANISATION',
  'RACCORDEMENTS',
  'ENGAGEMENTS',
  'FACTURES_TRAVAUX',
  'FACTURES_A_VALIDER',
  'FACTURES_EMISES',
  'SOLLICITATIONS_EMISES',
  'FRAIS_DE_JUSTICE',
  'MES_MESSAGES',
  'SUIVI_DES_FLUX',
  'FACTURES_RECUES',
  'SOLLICITATIONS_RECUES',
] as const;
export type Application = (typeof applications)[number];

/**
 * The applications Chorale runs today: the others are Chorus Pro's, kept in the profiles so that a
 * structure's habilitations carry over, but not shown to a user as if they worked (issue 14). An
 * application joins this list when its pages and routes exist.
 */
export const availableApplications: ReadonlySet<Application> = new Set([
  'ORGANISATION',
  'FACTURES_EMISES',
  'FACTURES_RECUES',
  'SOLLICITATIONS_EMISES',
  'SOLLICITATIONS_RECUES',
]);

export const accessLevels = ['consultation', 'modification'] as const;
export type AccessLevel = (typeof accessLevels)[number];

export interface Profile {
  application: Application;
  level: AccessLevel;
}

export const membershipRoles = ['MAIN_MANAGER', 'SIMPLE'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export const membershipStatuses = ['EN_COURS_DE_VALIDATION', 'VALIDEE', 'REFUSEE', 'DESACTIVEE', 'SUPPRIMEE'] as const;
export type MembershipStatus = (typeof membershipStatuses)[number];

/** The one wording of a membership's status and role, for the portal and the exports alike (issue 14). */
export const membershipStatusLabels = {
  EN_COURS_DE_VALIDATION: 'En cours de validation',
  VALIDEE: 'Validée',
  REFUSEE: 'Refusée',
  DESACTIVEE: 'Désactivée',
  SUPPRIMEE: 'Supprimée',
} satisfies Record<MembershipStatus, string>;

export const roleLabels = {
  MAIN_MANAGER: 'Gestionnaire principal',
  SIMPLE: 'Utilisateur simple',
} satisfies Record<MembershipRole, string>;

const publicOnly: ReadonlySet<Application> = new Set(['FACTURES_RECUES', 'SOLLICITATIONS_RECUES']);

/** Applications a structure of this kind offers (receiving invoices and tickets: public structures). */
export function applicationsFor(kind: 'PRIVEE' | 'PUBLIQUE'): Application[] {
  return applications.filter((a) => !publicOnly.has(a) || kind === 'PUBLIQUE');
}

/** Every profile of a main manager: consultation and modification on every application. */
export function mainManagerProfiles(kind: 'PRIVEE' | 'PUBLIQUE'): Profile[] {
  return applicationsFor(kind).flatMap((application) => accessLevels.map((level) => ({ application, level })));
}

/** A simple user: every profile except « Organisation modification ». */
export function simpleUserProfiles(kind: 'PRIVEE' | 'PUBLIQUE'): Profile[] {
  return mainManagerProfiles(kind).filter((p) => !(p.application === 'ORGANISATION' && p.level === 'modification'));
}

/** What an action needs: « modification » includes reading; « consultation » only reads. */
export function grants(held: readonly Profile[], application: Application, level: AccessLevel): boolean {
  return held.some(
    (p) =>
      p.application === application && (p.level === level || (level === 'consultation' && p.level === 'modification')),
  );
}

export interface MembershipAccess {
  structureId: number;
  /** null: attached to the whole structure; otherwise only to this service. */
  serviceId: number | null;
  role: MembershipRole;
  profiles: Profile[];
}

/**
 * May this user act on `application` at `level` for this structure (and service)? A membership at
 * structure level covers all services; a service-level one covers only its service.
 */
export function mayAccess(
  memberships: readonly MembershipAccess[],
  target: { structureId: number; serviceId?: number | null },
  application: Application,
  level: AccessLevel,
): boolean {
  return memberships.some(
    (m) =>
      m.structureId === target.structureId &&
      (m.serviceId === null || m.serviceId === (target.serviceId ?? null)) &&
      grants(m.profiles, application, level),
  );
}

/** Managing members and habilitations of a structure is the main manager's. */
export function mayManageStructure(memberships: readonly MembershipAccess[], structureId: number): boolean {
  return memberships.some((m) => m.structureId === structureId && m.serviceId === null && m.role === 'MAIN_MANAGER');
}

/** French names of the applications, as in the webinar's « Mes habilitations » table. */
export const applicationLabels: Record<Application, string> = {
  ORGANISATION: 'Organisation',
  RACCORDEMENTS: 'Raccordements',
  ENGAGEMENTS: 'Engagements',
  FACTURES_TRAVAUX: 'Factures de travaux',
  FACTURES_A_VALIDER: 'Factures à valider',
  FACTURES_EMISES: 'Factures émises',
  SOLLICITATIONS_EMISES: 'Sollicitations émises',
  FRAIS_DE_JUSTICE: 'Frais de justice',
  MES_MESSAGES: 'Mes messages',
  SUIVI_DES_FLUX: 'Suivi des flux',
  FACTURES_RECUES: 'Factures reçues',
  SOLLICITATIONS_RECUES: 'Sollicitations reçues',
};

/** « Factures émises modification »: the profile as the portal names it. */
export function profileLabel(p: Profile): string {
  return `${applicationLabels[p.application]} ${p.level}`;
}
