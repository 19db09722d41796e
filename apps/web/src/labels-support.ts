import type { TicketObjectType, TicketStatus } from '@chorale/domain';
import type { TicketAction, TicketTab } from './api-client/tickets.ts';

/** French wording of the support portal (webinar « Echanger avec le support »). */

export { ticketStatusLabels } from '@chorale/domain';

export const ticketObjectTypeLabels = {
  FACTURE: 'Facture',
  DEMANDE_REMBOURSEMENT: 'Demande de remboursement',
} satisfies Record<TicketObjectType, string>;

export const contactUs = {
  title: 'Nous contacter',
  text: 'Pour toute question propre à votre compte ou à votre structure, envoyez une demande d’aide au support depuis le portail de support : vous y suivez vos tickets et les réponses reçues.',
  portalLink: 'Accueil portail de support',
};

export const portal = {
  title: 'Accueil portail de support',
  breadcrumb: 'Support',
  intro:
    'Créez un ticket pour demander de l’aide au support de la plateforme ou, pour une question sur une facture, au support métier de son destinataire. Suivez ensuite vos tickets et répondez aux demandes d’informations.',
  access: 'Accéder',
  accessLabel: (title: string) => `Accéder : ${title}`,
  create: {
    title: 'Créer un ticket',
    description: 'Décrire une difficulté, joindre des pièces et l’envoyer au support.',
  },
  issued: {
    title: 'Tickets émis',
    description: 'Suivre vos tickets : actions requises, en cours, clôturés, brouillons.',
  },
  received: {
    title: 'Tickets reçus',
    description: 'Traiter les demandes d’aide adressées à vos structures : demander des informations, résoudre.',
  },
};

export const form = {
  title: 'Créer un ticket',
  editTitle: 'Modifier le brouillon de ticket',
  required: 'Les champs suivis d’un * sont obligatoires pour soumettre le ticket.',
  general: {
    title: 'Informations générales',
    category: 'Catégorie',
    subcategory: 'Sous-catégorie',
    choose: 'Sélectionner',
    chooseCategoryFirst: 'Choisissez d’abord une catégorie',
    businessHint: 'Les sous-catégories commençant par « M - » vont au support métier d’une organisation destinataire.',
    objectType: 'Type d’objet',
    noObject: 'Aucun',
    objectNumber: 'N° objet',
    objectHint: 'Cette sous-catégorie porte sur un objet précis : son type et son numéro sont obligatoires.',
  },
  recipient: {
    title: 'Organisation destinataire',
    fromInvoice: 'L’organisation destinataire est renseignée automatiquement avec le destinataire de la facture.',
    identifier: 'SIRET de l’organisation destinataire',
    identifierHint: 'L’entité publique dont le support métier doit répondre (14 chiffres).',
  },
  emitter: {
    title: 'Émetteur',
    structure: 'Identifiant de l’organisation',
    chooseStructure: 'Sélectionner une organisation',
    noStructure:
      'Vous n’êtes rattaché à aucune structure : créez-en une ou demandez un rattachement avant de créer un ticket.',
    designation: 'Désignation',
    email: 'E-mail du contact',
    service: 'Service',
    noService: 'Aucun service',
    phone: 'Téléphone du contact',
  },
  problem: {
    title: 'Problème rencontré',
    titleField: 'Titre / Résumé',
    description: 'Description longue',
  },
  files: {
    title: 'Ajouter des pièces jointes',
    field: 'Pièces jointes',
    hint: (maxMb: number) => `Chaque fichier : ${maxMb} Mo au plus. Elles sont envoyées avec le ticket.`,
    chosen: 'Pièces jointes choisies',
    remove: 'Retirer',
    removeLabel: (name: string) => `Retirer la pièce jointe ${name}`,
    tooBig: (maxMb: number) => `Ce fichier dépasse ${maxMb} Mo.`,
  },
  save: 'Enregistrer',
  submit: 'Soumettre',
  requiredField: (label: string) => `Le champ « ${label} » est obligatoire.`,
  uploadFailed: (name: string, message: string) => `La pièce jointe « ${name} » n’a pas pu être ajoutée : ${message}`,
  notDraft: 'Ce ticket a déjà été soumis : il ne se modifie plus.',
  openTicket: 'Consulter le ticket',
};

export const list = {
  issuedTitle: 'Tickets émis',
  receivedTitle: 'Tickets reçus',
  tabsLabel: 'Filtrer les tickets',
  tabs: {
    actions: 'Actions requises',
    open: 'En cours',
    closed: 'Clôturés',
    drafts: 'Brouillons',
  } satisfies Record<TicketTab, string>,
  tabIntro: {
    actions: 'Les tickets pour lesquels une action est requise de votre part.',
    open: 'Tous les tickets non fermés : ouverts, en attente d’informations, résolus.',
    closed: 'Les tickets au statut « Fermé ».',
    drafts: 'Les tickets enregistrés et pas encore soumis.',
  } satisfies Record<TicketTab, string>,
  receivedTabIntro: {
    actions: 'Les tickets qui attendent une réponse de votre part.',
    open: 'Tous les tickets non fermés adressés à vos structures.',
    closed: 'Les tickets au statut « Fermé ».',
    drafts: '',
  } satisfies Record<TicketTab, string>,
  caption: 'Liste des tickets',
  searchLabel: 'Rechercher des tickets',
  keyword: 'Recherche par mot clé',
  keywordHint: 'Numéro, description, catégorie, statut…',
  search: 'Rechercher',
  reset: 'Réinitialiser les filtres',
  export: 'Exporter le tableau',
  columns: {
    number: 'Numéro',
    title: 'Description brève',
    openedAt: 'Ouvert le',
    category: 'Catégorie',
    subcategory: 'Sous-catégorie',
    status: 'Statut',
  },
  sortBy: (column: string) => `Trier par ${column}`,
  count: (from: number, to: number, total: number) =>
    total === 0
      ? 'Aucun ticket à afficher'
      : `${from} - ${to} sur ${total} ticket${total > 1 ? 's' : ''} affiché${total > 1 ? 's' : ''}`,
  draftNumber: 'Brouillon',
  open: (number: string) => `Consulter le ticket ${number}`,
  openDraft: (title: string) => `Modifier le brouillon ${title}`,
  pageSize: 'Afficher des lignes par page',
  pageSizeOption: (n: number) => `${n} lignes`,
  pagination: 'Pages de la liste',
  previous: 'Page précédente',
  next: 'Page suivante',
  pageOf: (page: number, pages: number) => `Page ${page} sur ${pages}`,
  newTicket: 'Créer un ticket',
};

export const ticket = {
  title: (number: string) => `Ticket ${number}`,
  draftTitle: 'Brouillon de ticket',
  intro: 'Retrouvez le détail complet de votre ticket ainsi que son historique.',
  created: (number: string) => `Votre ticket ${number} a été soumis au support.`,
  saved: 'Le brouillon de ticket est enregistré. Soumettez-le quand il est prêt.',
  editDraft: 'Modifier le brouillon',
  general: 'Informations générales',
  info: {
    createdAt: 'Créé',
    openedAt: 'Ouvert le',
    category: 'Catégorie',
    subcategory: 'Sous-catégorie',
    status: 'Statut',
    objectType: 'Type d’objet',
    objectNumber: 'N° objet',
  },
  tabsLabel: 'Détail du ticket',
  tabs: { content: 'Contenu du ticket', activities: 'Activités', attachments: 'Pièces jointes' },
  content: {
    description: 'Description',
    summary: 'Titre / Résumé',
    emitter: 'Émetteur',
    emitterIdentifier: 'Identifiant de l’organisation émettrice',
    emitterName: 'Désignation de l’organisation émettrice',
    service: 'Service',
    contact: 'Contact',
    contactEmail: 'Adresse de contact',
    contactPhone: 'Téléphone du contact',
    recipient: 'Organisation destinataire',
    recipientIdentifier: 'Siret destinataire',
    recipientName: 'Raison sociale',
    platform: 'Support de la plateforme',
    invoiceLink: 'Consulter la facture',
  },
  activities: {
    caption: 'Activités du ticket, les plus récentes en premier',
    none: 'Aucune activité.',
    statusTo: (status: string) => `Statut : ${status}`,
    created: (status: string) => `Ticket créé et soumis au support • Statut : ${status}`,
    comment: 'Commentaires additionnels',
    sideEmitter: 'Émetteur',
    sideReceiver: 'Support',
  },
  attachments: {
    caption: 'Pièces jointes du ticket',
    none: 'Aucune pièce jointe.',
    fileName: 'Fichier',
    size: 'Taille',
    addedAt: 'Ajoutée le',
    side: 'Ajoutée par',
    download: 'Télécharger',
    downloadLabel: (name: string) => `Télécharger ${name}`,
    sizeText: (bytes: number) =>
      bytes < 1024
        ? `${bytes} o`
        : bytes < 1024 * 1024
          ? `${Math.round(bytes / 1024)} Ko`
          : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`,
    add: 'Ajouter la pièce jointe',
    file: 'Fichier à joindre',
    fileRequired: 'Choisissez un fichier.',
    added: (name: string) => `La pièce jointe ${name} a été ajoutée.`,
  },
};

export const actions = {
  title: 'Actions',
  none: 'Aucune action n’est attendue de votre part sur ce ticket.',
  message: 'Message',
  messageHint: 'Obligatoire pour répondre, commenter, demander des informations, résoudre ou renvoyer le ticket.',
  bodyRequired: 'Le message est obligatoire pour cette action.',
  buttons: {
    comment: 'Ajouter un commentaire',
    answer: 'Transmettre les informations demandées',
    close: 'Fermer le ticket',
    accept: 'Accepter la solution',
    reopen: 'Renvoyer le ticket',
    'ask-information': 'Demander des informations',
    resolve: 'Résoudre',
  } satisfies Record<TicketAction, string>,
  done: {
    comment: 'Votre commentaire a été ajouté.',
    answer: 'Les informations ont été transmises : le ticket est de nouveau ouvert.',
    close: 'Le ticket est fermé.',
    accept: 'Vous avez accepté la solution : le ticket est fermé.',
    reopen: 'Le ticket est renvoyé au support.',
    'ask-information': 'La demande d’informations a été envoyée à l’émetteur.',
    resolve: 'Le ticket est résolu : la solution a été envoyée à l’émetteur.',
  } satisfies Record<TicketAction, string>,
  expected: {
    EN_ATTENTE_INFORMATIONS: 'Le support vous demande des informations : transmettez-les.',
    RESOLU:
      'Le support a répondu : acceptez la solution, fermez le ticket, ou renvoyez-le si la réponse ne vous satisfait pas.',
  } as Partial<Record<TicketStatus, string>>,
};
