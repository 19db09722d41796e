/** French addresses of the Organisation pages (the request mail links to `pendingRequests`). */
export const orgPaths = {
  domain: '/organisation',
  structures: '/organisation/structures',
  createStructure: '/organisation/structures/creer',
  manageStructure: '/organisation/structures/gerer',
  services: '/organisation/structures/services',
  bankAccounts: '/organisation/structures/coordonnees-bancaires',
  users: '/organisation/utilisateurs',
  requestMembership: '/organisation/utilisateurs/demander-un-rattachement',
  invite: '/organisation/utilisateurs/rattacher',
  detach: '/organisation/utilisateurs/detacher',
  members: '/organisation/utilisateurs/consulter',
  member: '/organisation/utilisateurs/afficher',
  profiles: '/organisation/utilisateurs/habilitations',
  pendingRequests: '/organisation/utilisateurs/demandes',
  myMemberships: '/mon-compte/rattachements',
  myPermissions: '/mon-compte/habilitations',
  myRequests: '/mon-compte/demandes',
};

/** A page of a structure: `?structure=ID` keeps the choice across pages and reloads. */
export const withStructure = (path: string, structureId: number, extra: Record<string, string> = {}) =>
  `${path}?${new URLSearchParams({ structure: String(structureId), ...extra })}`;
