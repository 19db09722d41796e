import type { AccessLevel, StructureIdentifierType, StructureKind } from '@chorale/domain';

export { membershipStatusLabels, roleLabels } from '@chorale/domain';

/** French wording of the Organisation domain and of « Mes rattachements » (webinar screens). */

export const orgMenu = {
  myMemberships: 'Mes rattachements',
  myPermissions: 'Mes habilitations',
  myRequests: 'Historique de mes demandes',
  myInvitations: 'Mes invitations',
};

export const orgDomain = {
  tile: { title: 'Organisation', description: 'Structures, utilisateurs, habilitations' },
  title: 'Domaines Organisation',
  breadcrumb: 'Organisation',
  access: 'Accéder à l’application',
  accessLabel: (title: string) => `Accéder à l’application : ${title}`,
  structures: { title: 'Structures', description: 'Gestion des structures' },
  users: { title: 'Utilisateurs', description: 'Gestion des utilisateurs' },
};

export const orgApps = {
  access: 'Accéder',
  accessLabel: (title: string) => `Accéder : ${title}`,
  structuresTitle: 'Les applications du domaine Structures',
  structuresBreadcrumb: 'Structures',
  usersTitle: 'Les applications du domaine Utilisateurs',
  usersBreadcrumb: 'Utilisateurs',
  created: 'L’envoi des données pour "Créer une structure" a bien été effectué.',
  createStructure: { title: 'Créer une structure', description: 'Créer une nouvelle structure' },
  manageStructure: {
    title: 'Gérer une structure',
    description: 'Consulter, modifier, activer, désactiver une structure',
  },
  manageService: {
    title: 'Gérer un service',
    description: 'Consulter, modifier, activer, désactiver un service lié à une structure',
  },
  createBankAccount: {
    title: 'Créer une coordonnée bancaire',
    description: 'Créer une nouvelle coordonnée bancaire liée à une structure',
  },
  requestMembership: {
    title: 'Demander un rattachement à une structure',
    description: 'Demander un rattachement à une structure ou à un service',
  },
  inviteMember: {
    title: 'Rattacher un utilisateur',
    description: 'Rattacher un nouvel utilisateur à ma structure ou à mon service',
  },
  detachMember: {
    title: 'Détacher un utilisateur',
    description: 'Détacher un utilisateur de ma structure ou de mes services',
  },
  listMembers: {
    title: 'Consulter les utilisateurs',
    description: 'Consulter, exporter les utilisateurs de mes structures, services',
  },
  showMember: {
    title: 'Afficher un utilisateur',
    description: 'Afficher un utilisateur de ma structure ou de mon service',
  },
  manageProfiles: {
    title: 'Gérer les habilitations des utilisateurs',
    description: 'Ajouter ou enlever des profils aux utilisateurs',
  },
  pendingRequests: {
    title: 'Demandes de rattachement à traiter',
    description: 'Accepter ou refuser les demandes de rattachement aux structures que je gère',
  },
};

export const identifierTypeLabels = {
  SIRET: 'SIRET',
  UE_HORS_FRANCE: 'Structure européenne hors France',
  HORS_UE: 'Structure hors UE',
  RIDET: 'RIDET',
  TAHITI: 'Numéro TAHITI',
  AUTRE: 'Autre',
  PARTICULIER: 'Particulier',
  EN_COURS_IMMATRICULATION: 'Entreprise en cours d’immatriculation',
} satisfies Record<StructureIdentifierType, string>;

export const structureKindLabels = { PRIVEE: 'Privée', PUBLIQUE: 'Publique' } satisfies Record<StructureKind, string>;

export const accessLevelLabels = {
  consultation: 'Consultation',
  modification: 'Modification',
} satisfies Record<AccessLevel, string>;

/** Countries offered in « Pays » (ISO 3166 codes); France first, as most structures. */
export const countries: Record<string, string> = {
  FR: 'France',
  DE: 'Allemagne',
  AT: 'Autriche',
  BE: 'Belgique',
  ES: 'Espagne',
  IE: 'Irlande',
  IT: 'Italie',
  LU: 'Luxembourg',
  MC: 'Monaco',
  NL: 'Pays-Bas',
  PT: 'Portugal',
  GB: 'Royaume-Uni',
  CH: 'Suisse',
  US: 'États-Unis',
  CA: 'Canada',
  NC: 'Nouvelle-Calédonie',
  PF: 'Polynésie française',
};

export const structureForm = {
  intro: 'Créer une nouvelle structure.',
  required: 'Tous les champs avec un * sont obligatoires',
  general: 'Informations générales',
  identifierType: 'Type d’identifiant',
  identifierTypeHint: (type: StructureIdentifierType) =>
    type === 'SIRET'
      ? 'Vérification du format faite par l’INSEE. Le numéro de SIRET est composé de 14 chiffres. Exemple: 1234567891234'
      : 'Vous n’avez pas de numéro de SIRET ? Choisissez le type d’identifiant qui correspond à votre situation.',
  identifier: (type: StructureIdentifierType) => (type === 'SIRET' ? 'Identifiant Siret' : 'Identifiant'),
  checking: 'Vérification de l’identifiant…',
  exists: 'Cette structure est déjà présente dans Chorale.',
  existsText: (name: string) =>
    `${name} a déjà été créée par un autre utilisateur, qui en est le gestionnaire principal. Votre demande de rattachement à la structure devra être validée par cette personne.`,
  requestMembership: 'Demander un rattachement à cette structure',
  isNew:
    'Cette structure n’est pas présente dans Chorale. Vérifiez les informations inscrites ci-dessous pour créer la structure et vous y rattacher.',
  isNewManager:
    'Vous êtes le premier à demander la création de cette structure : vous en serez le gestionnaire principal et validerez ou rejetterez les demandes de rattachement des autres utilisateurs.',
  registryUnavailable:
    'Le répertoire des entreprises (INSEE) ne répond pas pour le moment : saisissez vous-même les informations de la structure.',
  registryUnknown:
    'Ce SIRET n’a pas été trouvé dans le répertoire des entreprises (INSEE) : saisissez les informations de la structure.',
  kind: 'Type de structure',
  publicRefused:
    'Les structures publiques proviennent de l’annuaire des destinataires : demandez un rattachement à la vôtre.',
  companyName: 'Raison Sociale',
  label: 'Libellé de la structure',
  email: 'Adresse électronique',
  phone: 'Téléphone',
  postal: 'Adresse postale',
  address: 'Adresse',
  addressComplement1: 'Complément d’adresse 1',
  addressComplement2: 'Complément d’adresse 2',
  city: 'Ville',
  postalCode: 'Code postal',
  country: 'Pays',
  options: 'Options',
  nonDiffusible: 'Non diffusible',
  nonDiffusibleHint: 'La raison sociale et l’adresse ne sont pas montrées aux autres utilisateurs (diffusion INSEE).',
  directory: 'Annuaire des destinataires',
  serviceCodeRequired: 'Code service obligatoire',
  commitmentRequired: 'Numéro d’engagement obligatoire',
  serviceOrCommitmentRequired: 'Code service ou numéro d’engagement obligatoire',
  paymentStatusManaged: 'Gestion du statut « mise en paiement »',
  publicHospital: 'Établissement public de santé (délai de paiement de 50 jours)',
  paymentPeriod: 'Délai global de paiement',
  paymentPeriodHint:
    'Le délai court à partir de la mise à disposition de la facture : 30 jours en règle générale, 50 pour un établissement public de santé, 60 lorsque la structure le prévoit.',
  paymentPeriodByCategory: 'Selon la catégorie de la structure',
  paymentPeriodDays: (days: number) => `${days} jours`,
  paymentPeriodShown: (days: number, own: boolean) =>
    own ? `${days} jours (propre à la structure)` : `${days} jours (selon la catégorie)`,
};

export const structurePicker = {
  label: 'Structure',
  placeholder: '-- Choisissez une structure --',
  option: (identifier: string, companyName: string) => `${identifier} – ${companyName}`,
  none: 'Vous n’êtes rattaché à aucune structure. Créez la structure de votre entreprise ou demandez à vous y rattacher.',
  noneManaged: 'Vous n’êtes le gestionnaire principal d’aucune structure.',
};

export const manageStructure = {
  details: 'Informations de la structure',
  identifier: (type: string, value: string) => `${type} ${value}`,
  state: 'État',
  active: 'Active',
  inactive: 'Désactivée',
  edit: 'Modifier',
  cancelEdit: 'Annuler la modification',
  save: 'Enregistrer',
  saved: 'Les informations de la structure ont été enregistrées.',
  activate: 'Activer',
  deactivate: 'Désactiver',
  activated: 'La structure est activée.',
  deactivated: 'La structure est désactivée : elle n’envoie ni ne reçoit plus de factures.',
  readOnly:
    'Votre profil permet de consulter cette structure ; sa modification est réservée au profil « Organisation modification ».',
};

export const services = {
  listTitle: 'Services de la structure',
  caption: (name: string) => `Services de ${name}`,
  none: 'Aucun service n’est déclaré pour cette structure.',
  columns: {
    code: 'Code service',
    name: 'Libellé du service',
    commitment: 'Numéro d’engagement obligatoire',
    state: 'État',
    actions: 'Actions',
  },
  active: 'Actif',
  inactive: 'Désactivé',
  createTitle: 'Créer un service',
  editTitle: (code: string) => `Modifier le service ${code}`,
  code: 'Code service',
  name: 'Libellé du service',
  commitmentRequired: 'Numéro d’engagement obligatoire',
  create: 'Créer le service',
  save: 'Enregistrer',
  edit: 'Modifier',
  editLabel: (code: string) => `Modifier le service ${code}`,
  activate: 'Activer',
  deactivate: 'Désactiver',
  toggleLabel: (action: string, code: string) => `${action} le service ${code}`,
  created: (code: string) => `Le service ${code} a été créé.`,
  saved: (code: string) => `Le service ${code} a été modifié.`,
  activated: (code: string) => `Le service ${code} est activé.`,
  deactivated: (code: string) => `Le service ${code} est désactivé.`,
};

export const bankAccounts = {
  listTitle: 'Coordonnées bancaires de la structure',
  caption: (name: string) => `Coordonnées bancaires de ${name}`,
  none: 'Aucune coordonnée bancaire n’est enregistrée pour cette structure.',
  columns: {
    holder: 'Titulaire du compte',
    iban: 'IBAN',
    bic: 'BIC',
    state: 'État',
    createdAt: 'Créée le',
    proof: 'Justificatif',
  },
  proof: 'Justificatif (facultatif)',
  proofHint: 'Un RIB ou une attestation bancaire : PDF ou image, 10 Mo au plus, nom de 50 caractères au plus.',
  noProof: 'Aucun',
  proofRefused: (message: string) =>
    `La coordonnée bancaire a été créée, mais le justificatif a été refusé : ${message}`,
  active: 'Active',
  inactive: 'Désactivée',
  createTitle: 'Nouvelle coordonnée bancaire',
  holderName: 'Titulaire du compte',
  iban: 'IBAN',
  ibanHint: 'Par exemple : FR76 3000 6000 0112 3456 7890 189',
  bic: 'BIC',
  bicHint: '8 ou 11 caractères, par exemple : BNPAFRPPXXX',
  submit: 'Créer la coordonnée bancaire',
  created: 'La coordonnée bancaire a été créée.',
};

export * from './labels-organisation-users.ts';
