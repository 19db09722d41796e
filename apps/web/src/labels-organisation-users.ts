/** French wording of the Utilisateurs domain and of the user's own memberships (re-exported by labels-organisation.ts). */

export const requestMembership = {
  intro: 'Demander un rattachement à une structure ou à un service.',
  warningTitle: 'Rattachez-vous à VOTRE structure',
  warning:
    'Vous devez être rattaché à l’entreprise pour laquelle vous travaillez, c’est-à-dire au SIRET de l’entreprise au nom de laquelle vous allez émettre des factures. Il est strictement inutile de demander à vous rattacher au SIRET des destinataires de vos factures ! Tout ce dont vous avez besoin, c’est des droits sur VOTRE SIRET.',
  mesh: 'Type d’organisation',
  meshStructure: 'Je souhaite faire un rattachement à la maille structure',
  meshService: 'Je souhaite faire un rattachement à la maille service',
  noFilter: '-- Aucun --',
  /** The webinar's search field (« Libellé de la structure * ») and the hint under it. */
  search: 'Libellé de la structure',
  searchHint: 'Vous pouvez rechercher par "Identifiant", "Raison sociale" ou "Libellé de la structure"',
  searchButton: 'Rechercher',
  searchTooShort: 'Saisissez au moins 2 caractères.',
  results: (n: number) =>
    n === 0
      ? 'Aucune structure active ne correspond à votre recherche.'
      : `${n} structure${n > 1 ? 's' : ''} trouvée${n > 1 ? 's' : ''}`,
  structure: 'Structure',
  structureOption: (identifier: string, companyName: string, place: string) =>
    `${identifier} – ${companyName}${place ? ` (${place})` : ''}`,
  chooseStructure: 'Choisissez la structure.',
  service: 'Service',
  servicePlaceholder: '-- Choisissez un service --',
  chooseService: 'Choisissez le service auquel vous rattacher.',
  noService: 'Cette structure n’a aucun service actif : faites un rattachement à la maille structure.',
  comment: 'Commentaire pour expliquer votre demande',
  commentHint: 'Par exemple : votre fonction dans l’entreprise et les factures que vous allez déposer.',
  sent: 'Votre demande de rattachement a été envoyée. Vous serez rattaché à la structure lorsque votre demande sera validée par le gestionnaire de la structure.',
  seeHistory: 'Voir l’historique de mes demandes',
};

export const invite = {
  intro:
    'Saisissez l’adresse électronique de connexion de l’utilisateur. S’il a déjà un compte, il est rattaché tout de suite et prévenu par courriel ; sinon il reçoit une invitation à créer son compte.',
  email: 'Adresse électronique',
  service: 'Service',
  wholeStructure: 'Toute la structure',
  submit: 'Rattacher l’utilisateur',
  sent: (email: string) =>
    `Votre demande a bien été prise en compte pour ${email} : une invitation lui est envoyée par courriel ; il est rattaché dès qu’il l’accepte dans « Mes invitations » (après avoir créé son compte s’il n’en a pas).`,
};

export const members = {
  filters: 'Filtres',
  status: 'Statut',
  allStatuses: 'Tous les statuts',
  text: 'Nom, prénom ou adresse électronique',
  search: 'Rechercher',
  export: 'Exporter',
  exportLabel: 'Exporter les utilisateurs (fichier CSV)',
  count: (n: number) =>
    n === 0 ? 'Aucun utilisateur ne correspond.' : `${n} utilisateur${n > 1 ? 's' : ''} trouvé${n > 1 ? 's' : ''}`,
  caption: (name: string) => `Utilisateurs de ${name}`,
  columns: {
    name: 'Nom',
    email: 'Adresse électronique',
    role: 'Rôle',
    status: 'Statut',
    service: 'Service',
    requestedAt: 'Demande',
    actions: 'Actions',
  },
  wholeStructure: 'Toute la structure',
  show: 'Afficher',
  showLabel: (name: string) => `Afficher ${name}`,
  chooseMember: 'Utilisateur',
  memberPlaceholder: '-- Choisissez un utilisateur --',
  memberOption: (name: string, email: string) => `${name} (${email})`,
  noMember: 'Aucun utilisateur validé dans cette structure.',
  unknownMember: 'Cet utilisateur n’est pas (ou plus) rattaché à cette structure.',
};

export const memberDetail = {
  identity: 'Identité',
  firstName: 'Prénom',
  lastName: 'Nom',
  email: 'Adresse électronique',
  phone: 'Téléphone',
  membership: 'Rattachement',
  role: 'Rôle',
  status: 'Statut',
  service: 'Service',
  requestedAt: 'Date de la demande',
  decidedAt: 'Date de la décision',
  requestComment: 'Commentaire de la demande',
  decisionComment: 'Commentaire du gestionnaire',
  profiles: 'Habilitations',
  noProfile: 'Aucun profil.',
  manageProfiles: 'Gérer ses habilitations',
  makeMainManager: 'Transférer le rôle de gestionnaire principal',
  makeMainManagerConfirm: (name: string) =>
    `${name} deviendra le gestionnaire principal de la structure et recevra tous les profils. Vous garderez les profils d’un utilisateur simple.`,
  transferred: (name: string) => `${name} est désormais le gestionnaire principal de la structure.`,
  confirm: 'Confirmer',
};

export const detach = {
  intro:
    'Un utilisateur détaché perd aussitôt toutes ses habilitations sur la structure. Le dernier gestionnaire principal ne peut pas être détaché.',
  detach: 'Détacher',
  detachLabel: (name: string) => `Détacher ${name}`,
  confirmTitle: 'Détacher un utilisateur',
  confirmText: (name: string, structure: string) =>
    `${name} ne sera plus rattaché à ${structure} et perdra toutes ses habilitations sur cette structure.`,
  confirm: 'Confirmer le détachement',
  done: (name: string) => `${name} a été détaché de la structure.`,
};

export const profilesEditor = {
  intro:
    'Cochez, pour chaque application, le profil « consultation » (consulter seulement) ou « modification » (agir). Le gestionnaire principal garde toujours « Organisation modification ».',
  caption: (name: string) => `Habilitations de ${name}`,
  application: 'Application',
  checkbox: (application: string, level: string) => `${application} ${level}`,
  save: 'Enregistrer',
  saved: (name: string) => `Les habilitations de ${name} ont été enregistrées.`,
  notValidated: 'Seul un rattachement validé porte des habilitations.',
};

export const pending = {
  intro: 'Les demandes de rattachement aux structures dont vous êtes le gestionnaire principal.',
  none: 'Aucune demande de rattachement n’attend votre décision.',
  requestTitle: (name: string) => `Demande de ${name}`,
  structure: 'Structure',
  service: 'Service',
  requestedAt: 'Date de la demande',
  comment: 'Commentaire du demandeur',
  decisionComment: 'Commentaire',
  decisionCommentHint: 'Facultatif pour accepter, obligatoire pour refuser : il est envoyé au demandeur.',
  approve: 'Accepter',
  refuse: 'Refuser',
  approveLabel: (name: string) => `Accepter la demande de ${name}`,
  refuseLabel: (name: string) => `Refuser la demande de ${name}`,
  approved: (name: string) =>
    `La demande de ${name} est acceptée : les profils d’un utilisateur simple lui sont attribués.`,
  refused: (name: string) => `La demande de ${name} est refusée.`,
};

export const myMemberships = {
  title: 'Mes rattachements',
  intro: 'Les structures et les services auxquels votre compte est rattaché.',
  none: 'Votre compte n’est rattaché à aucune structure pour le moment.',
  caption: 'Structures auxquelles vous êtes rattaché',
  columns: {
    structure: 'Structure',
    companyName: 'Raison Sociale',
    serviceCode: 'Code service',
    serviceName: 'Libellé service',
    role: 'Rôle',
    state: 'État de la structure',
  },
  active: 'Active',
  inactive: 'Désactivée',
  create: 'Créer une structure',
  request: 'Demander un rattachement à une structure',
  pendingNote: (n: number) =>
    `${n} demande${n > 1 ? 's' : ''} de rattachement en cours de validation : voir l’historique de mes demandes.`,
};

export const myPermissions = {
  title: 'Mes habilitations',
  intro:
    'Les fonctionnalités auxquelles vous avez accès, pour chaque structure à laquelle vous êtes rattaché : « consultation » vous permet uniquement de consulter, « modification » vous donne le droit d’agir.',
  none: 'Vous n’avez aucune habilitation : rattachez-vous d’abord à une structure.',
  caption: 'Vos habilitations par structure',
  columns: {
    structure: 'Structure',
    companyName: 'Raison Sociale',
    serviceCode: 'Code service',
    serviceName: 'Libellé service',
    profile: 'Profil',
  },
};

export const myRequests = {
  title: 'Historique de mes demandes',
  intro: 'Vos demandes de rattachement et leur suite, de la plus récente à la plus ancienne.',
  none: 'Vous n’avez fait aucune demande de rattachement.',
  caption: 'Vos demandes de rattachement',
  columns: {
    structure: 'Structure',
    companyName: 'Raison Sociale',
    service: 'Service',
    status: 'Statut',
    requestedAt: 'Date de la demande',
    decidedAt: 'Date de la décision',
    requestComment: 'Votre commentaire',
    decisionComment: 'Commentaire du gestionnaire',
  },
  createdByMe: 'Création de la structure',
};

export const myInvitations = {
  title: 'Mes invitations',
  intro:
    'Les gestionnaires de ces structures vous invitent à les rejoindre. Acceptez pour être rattaché, refusez sinon.',
  none: 'Aucune invitation en attente.',
  caption: 'Vos invitations en attente',
  columns: {
    identifier: 'Identifiant de la structure',
    name: 'Raison Sociale',
    service: 'Service',
    invitedBy: 'Invité par',
    invitedAt: 'Date de l’invitation',
    actions: 'Actions',
  },
  accept: 'Accepter',
  decline: 'Refuser',
  acceptLabel: (name: string) => `Accepter l’invitation de ${name}`,
  declineLabel: (name: string) => `Refuser l’invitation de ${name}`,
  accepted: (name: string) => `Vous êtes rattaché à la structure ${name}.`,
  declined: (name: string) => `Vous avez refusé l’invitation de ${name}.`,
};

/** The welcome dialog's two blue links, as the webinar names them. */
export const welcomeLinks = {
  createStructure: 'Créer une nouvelle structure',
  requestMembership: 'Demander un rattachement à une structure',
  notYet:
    'Vous pourrez le faire plus tard depuis le domaine « Organisation », et sécuriser votre compte dans « Mes facteurs d’authentification ».',
};
