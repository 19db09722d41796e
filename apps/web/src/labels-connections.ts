import { TECHNICAL_ACCOUNT_MAX_DAYS, type CproCallResult, type WebhookDeliveryStatus } from '@chorale/contracts';

/**
 * French wording of « Raccordements » (the webinar's domain « Raccordements EDI et API »): API
 * connections and technical accounts of the Chorus Pro-compatible API, and its call log.
 */

export const connectionsDomain = {
  tile: {
    title: 'Raccordements',
    description: 'Raccordements EDI et API : connexions API, comptes techniques, derniers appels',
  },
  title: 'Raccordements EDI et API',
  breadcrumb: 'Raccordements',
  structuresTile: {
    title: 'Raccordements EDI et API',
    description: 'Déclarer les connexions API et les comptes techniques d’une structure que je gère',
  },
  intro:
    'Un logiciel comptable écrit pour Chorus Pro se raccorde à Chorale en changeant seulement deux adresses : le jeton OAuth2 se demande à',
  introAfter:
    'et chaque appel de l’API compatible Chorus Pro porte le jeton (« Authorization: Bearer … ») et l’en-tête « cpro-account » d’un compte technique de la structure.',
  docsLink: 'Documentation de l’API',
  flowsIntro:
    'Les flux déposés par SFTP (mode EDI), par l’API ou dans le portail, leur état, leurs factures et leurs comptes rendus :',
  flowsLink: 'Suivi des flux',
};

export const secretDialog = {
  warning:
    'Copiez-le maintenant et conservez-le en lieu sûr : il ne sera plus jamais affiché. Chorale n’en garde qu’une empreinte ; s’il est perdu, il faut en générer un nouveau.',
  copy: 'Copier',
  copied: 'Copié',
  done: 'J’ai copié, fermer',
};

export const connectionsSection = {
  title: 'Connexions API',
  intro:
    'Une connexion API est un client OAuth2 (client_credentials) : son identifiant client et son secret donnent un jeton d’accès valable une heure.',
  formTitle: 'Déclarer une connexion API',
  name: 'Nom du raccordement',
  nameHint: 'Par exemple : logiciel comptable Sage',
  submit: 'Déclarer la connexion',
  empty: 'Aucune connexion API n’est déclarée pour cette structure.',
  caption: 'Connexions API de la structure',
  columns: {
    name: 'Nom',
    clientId: 'Identifiant client (client_id)',
    createdAt: 'Créée le',
    lastCallAt: 'Dernier appel',
    state: 'État',
    actions: 'Actions',
  },
  active: 'Active',
  revokedOn: (date: string) => `Révoquée le ${date}`,
  rotatedOn: (date: string) => `secret renouvelé le ${date}`,
  secretTitle: 'Secret de la connexion API',
  secretLabel: (name: string) => `Secret client (client_secret) de « ${name} »`,
  clientIdLabel: 'Identifiant client (client_id)',
  rotate: 'Renouveler le secret',
  rotateLabel: (name: string) => `Renouveler le secret de « ${name} »`,
  rotateTitle: 'Renouveler le secret ?',
  rotateText: (name: string) =>
    `Un nouveau secret remplace celui de « ${name} » : l’ancien et ses jetons cessent immédiatement de fonctionner. Mettez le nouveau à jour dans vos logiciels.`,
  revoke: 'Révoquer',
  revokeLabel: (name: string) => `Révoquer la connexion « ${name} »`,
  revokeTitle: 'Révoquer la connexion API ?',
  revokeText: (name: string) =>
    `« ${name} » cessera immédiatement de fonctionner : ses jetons sont refusés et aucun nouveau jeton ne sera délivré. Cette action est définitive ; ses derniers appels restent consultables.`,
  revoked: 'La connexion API a été révoquée.',
  never: 'Jamais',
};

export const accountsSection = {
  title: 'Comptes techniques',
  intro:
    'Un compte technique est l’identifiant de l’en-tête « cpro-account » : il agit seulement sur les structures et services auxquels il est rattaché, avec les profils choisis.',
  formTitle: 'Créer un compte technique',
  expiresOn: 'Date d’expiration du mot de passe',
  expiresOnHint: `Dernier jour de validité, au plus ${TECHNICAL_ACCOUNT_MAX_DAYS} jours après aujourd’hui ; sans date, un an. Un rappel est envoyé aux gestionnaires 15 jours avant.`,
  submit: 'Créer le compte technique',
  empty: 'Aucun compte technique n’est déclaré pour cette structure.',
  caption: 'Comptes techniques de la structure',
  columns: {
    login: 'Identifiant (login)',
    expiresAt: 'Expiration du mot de passe',
    attachments: 'Rattachements et profils',
    state: 'État',
    actions: 'Actions',
  },
  active: 'Actif',
  expired: 'Mot de passe expiré',
  revokedOn: (date: string) => `Révoqué le ${date}`,
  noAttachment: 'Aucun rattachement : le compte ne peut encore rien faire.',
  wholeStructure: 'toute la structure',
  noProfile: 'aucun profil',
  passwordTitle: 'Mot de passe du compte technique',
  loginLabel: 'Identifiant (login)',
  passwordLabel: (login: string) => `Mot de passe de ${login}`,
  renew: 'Nouveau mot de passe',
  renewLabel: (login: string) => `Nouveau mot de passe pour ${login}`,
  renewTitle: 'Générer un nouveau mot de passe',
  renewText:
    'Le mot de passe actuel cesse immédiatement de fonctionner. Choisissez la date d’expiration du nouveau mot de passe.',
  renewSubmit: 'Générer le mot de passe',
  revoke: 'Révoquer',
  revokeLabel: (login: string) => `Révoquer le compte technique ${login}`,
  revokeTitle: 'Révoquer le compte technique ?',
  revokeText: (login: string) =>
    `Les appels avec le compte ${login} seront refusés immédiatement. Cette action est définitive.`,
  revoked: 'Le compte technique a été révoqué.',
  attach: 'Rattacher',
  attachLabel: (login: string) => `Rattacher ${login} à la structure ou à un service`,
  attachTitle: 'Rattacher le compte technique',
  attachIntro: 'Rattacher de nouveau au même périmètre remplace ses profils.',
  service: 'Périmètre',
  profiles: 'Profils',
  profilesHint: 'Ce que le compte peut faire par l’API sur ce périmètre.',
  attachSubmit: 'Rattacher',
  attached: 'Le compte technique a été rattaché.',
  detach: 'Détacher',
  detachLabel: (what: string) => `Détacher : ${what}`,
  detachTitle: 'Détacher le compte technique ?',
  detachText: (what: string) => `Le compte technique perd ce rattachement et ses profils : ${what}.`,
  detached: 'Le rattachement a été supprimé.',
};

export const cproCallResultLabels = {
  success: 'Succès',
  error: 'Erreur',
} satisfies Record<CproCallResult, string>;

export const callsSection = {
  title: 'Derniers appels',
  intro: 'Chaque appel de l’API compatible Chorus Pro par une connexion, refusé ou non, du plus récent au plus ancien.',
  noConnection: 'Déclarez d’abord une connexion API : ses appels s’afficheront ici.',
  connection: 'Connexion API',
  filters: 'Filtrer les appels',
  operation: 'Opération',
  allOperations: 'Toutes les opérations',
  result: 'Résultat',
  allResults: 'Tous les résultats',
  from: 'Du',
  to: 'Au',
  apply: 'Filtrer',
  reset: 'Effacer les filtres',
  empty: 'Aucun appel ne correspond.',
  caption: (connection: string) => `Derniers appels de « ${connection} »`,
  count: (n: number) => (n === 1 ? '1 appel' : `${n.toLocaleString('fr-FR')} appels`),
  columns: {
    at: 'Date et heure',
    operation: 'Opération',
    httpStatus: 'Statut HTTP',
    codeRetour: 'codeRetour',
    result: 'Résultat',
    account: 'Compte technique',
  },
  noAccount: '—',
};

export const webhookDeliveryStatusLabels = {
  pending: 'En attente',
  delivered: 'Remis',
  failed: 'Échec',
} satisfies Record<WebhookDeliveryStatus, string>;

export const webhooksSection = {
  title: 'Webhooks',
  intro:
    'Chorale envoie à ces adresses chaque changement d’état des factures de la structure et de ses flux, en JSON signé (HMAC-SHA256) : votre logiciel n’a plus à interroger l’API.',
  noConnection: 'Déclarez d’abord une connexion API : ses webhooks s’afficheront ici.',
  connection: 'Connexion API',
  formTitle: 'Ajouter un webhook',
  url: 'Adresse de notification',
  urlHint: 'Une adresse https joignable depuis Internet, par exemple https://logiciel.exemple.fr/chorale/webhook.',
  submit: 'Ajouter le webhook',
  empty: 'Aucun webhook pour cette connexion.',
  caption: (connection: string) => `Webhooks de « ${connection} »`,
  columns: { url: 'Adresse', createdAt: 'Ajouté le', deliveries: 'Envois', actions: 'Actions' },
  deliveries: (delivered: number, pending: number, failed: number) =>
    `${delivered} remis, ${pending} en attente, ${failed} en échec`,
  removedOn: (date: string) => `Supprimé le ${date}`,
  remove: 'Supprimer',
  removeLabel: (url: string) => `Supprimer le webhook ${url}`,
  removeTitle: 'Supprimer le webhook ?',
  removeText: (url: string) =>
    `Plus aucune notification ne partira vers ${url} ; celles qui attendent encore sont abandonnées.`,
  removed: 'Le webhook a été supprimé.',
  secretTitle: 'Webhook ajouté',
  urlLabel: 'Adresse',
  secretLabel: 'Secret de signature',
  logTitle: 'Journal des envois',
  logFilter: 'État de l’envoi',
  allStatuses: 'Tous les états',
  logEmpty: 'Aucun envoi pour le moment.',
  logCaption: (connection: string) => `Journal des envois des webhooks de « ${connection} »`,
  logCount: (n: number) => (n === 1 ? '1 tentative' : `${n.toLocaleString('fr-FR')} tentatives`),
  logColumns: {
    at: 'Date et heure',
    event: 'Événement',
    attempt: 'Tentative',
    httpStatus: 'Statut HTTP',
    state: 'État',
  },
  noAnswer: (error: string | null) => `Pas de réponse${error ? ` : ${error}` : ''}`,
};
