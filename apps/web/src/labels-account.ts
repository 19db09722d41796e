import type { FactorKind, SecurityEventKind } from '@chorale/contracts';

/** French wording of the signed-in and sign-in screens (re-exported by labels.ts). */

export const password = {
  title: 'Mise à jour du mot de passe',
  complexity:
    'Complexité requise : 12 caractères minimum dont 3 types de caractères au moins parmi majuscules, minuscules, chiffres et caractères spéciaux.',
  newPassword: 'Nouveau mot de passe',
  confirmation: 'Confirmation du nouveau mot de passe',
  currentPassword: 'Mot de passe actuel',
  checklistTitle: 'Règles du mot de passe',
  ruleMet: 'respectée',
  ruleUnmet: 'non respectée',
  classesPresent: (list: string) => `Types présents : ${list}`,
  noClass: 'aucun type de caractère saisi',
  checking: 'Vérification du lien…',
  activated: 'Votre compte est maintenant activé.',
  resetDone: 'Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter.',
  changed: 'Votre mot de passe a été modifié.',
  requestNewLink: 'Demander un nouveau lien',
  missingToken: 'Le lien utilisé est incomplet : ouvrez le lien reçu par courriel ou copiez-le en entier.',
  show: 'Afficher le mot de passe',
  hide: 'Masquer le mot de passe',
};

export const signIn = {
  title: 'Connexion',
  loginEmail: 'Adresse de connexion',
  password: 'Mot de passe',
  submit: 'Se connecter',
  forgotten: 'Mot de passe oublié ?',
  noAccount: 'Pas encore de compte ?',
  blockedTitle: 'Connexion temporairement bloquée',
  blockedHint:
    'Après plusieurs échecs, la connexion est bloquée un moment pour protéger votre compte. ' +
    'Si vous avez oublié votre mot de passe, choisissez « Mot de passe oublié ? ».',
  codeTitle: 'Saisissez votre code',
  codeHint: {
    email: 'Il s’agit du code à 6 chiffres envoyé par courriel.',
    totp: 'Il s’agit du code à 6 chiffres affiché dans votre application d’authentification.',
    webauthn: 'Utilisez la clé de sécurité ou le système d’authentification de votre appareil.',
  } satisfies Record<FactorKind, string>,
  codeSentTo: (maskedEmail: string) => `Un code d’authentification vient d’être envoyé à l’adresse ${maskedEmail}.`,
  code: 'Code d’authentification',
  validate: 'Valider',
  useSecurityKey: 'Utiliser ma clé de sécurité',
  securityKeyCancelled:
    'La clé de sécurité n’a pas été utilisée. Réessayez ou choisissez une autre façon de vous connecter.',
  resendCode: 'Recevoir un nouveau code',
  difficulties: 'Des difficultés ?',
  otherWay: 'Se connecter d’une autre façon',
  otherFactors: 'Autres façons de vous connecter',
  useFactor: {
    email: 'Recevoir un code par courriel',
    totp: 'Saisir le code de mon application',
    webauthn: 'Utiliser une clé de sécurité',
  } satisfies Record<FactorKind, string>,
  backToSignIn: 'Revenir à la connexion',
  congratsTitle: 'Félicitations ! Votre compte utilisateur est créé.',
  congratsText:
    'Pour utiliser les fonctionnalités de facturation du portail, votre compte devra être rattaché à une structure : créer une nouvelle structure si votre entreprise n’est pas encore inscrite, ou vous rattacher à une structure existante.',
  congratsNotYet:
    'La création de structure et les demandes de rattachement arrivent prochainement sur Chorale. En attendant, vous pouvez sécuriser votre compte dans « Mes facteurs d’authentification » et consulter l’annuaire facturation.',
  congratsOptions: [
    {
      title: 'Créer une nouvelle structure',
      text: 'Vous serez le gestionnaire principal de la structure que vous créez : vous gérerez ses organisations et ses utilisateurs.',
    },
    {
      title: 'Rattacher mon compte à une structure',
      text: 'Votre demande sera validée par le gestionnaire de la structure pour laquelle vous travaillez.',
    },
  ],
};

export const forgotPassword = {
  title: 'Mot de passe oublié',
  intro:
    'Saisissez votre adresse de connexion : si elle correspond à un compte, vous recevrez un lien pour choisir un nouveau mot de passe.',
  submit: 'Recevoir un lien',
  sent: 'Si cette adresse correspond à un compte Chorale, un courriel contenant un lien de réinitialisation vient d’être envoyé. Pensez à vérifier vos courriers indésirables.',
};

export const account = {
  title: 'Mon compte',
  profileTitle: 'Informations personnelles',
  loginEmailIs: (email: string) => `Adresse de connexion : ${email}`,
  save: 'Enregistrer',
  saved: 'Vos informations ont été enregistrées.',
  historyTitle: 'Historique de sécurité',
  historyEmpty: 'Aucun événement de sécurité pour le moment.',
  historyCaption: 'Événements de sécurité de votre compte, du plus récent au plus ancien',
  columns: { at: 'Date', kind: 'Événement', ip: 'Adresse IP', detail: 'Détail' },
  events: {
    sign_in: 'Connexion réussie',
    sign_in_failed: 'Échec de connexion (mot de passe)',
    mfa_failed: 'Code d’authentification erroné',
    mfa_locked: 'Connexion bloquée après trop d’essais',
    password_set: 'Mot de passe défini',
    password_changed: 'Mot de passe modifié',
    password_reset: 'Mot de passe réinitialisé',
    factor_added: 'Facteur d’authentification ajouté',
    factor_removed: 'Facteur d’authentification supprimé',
    login_email_changed: 'Adresse de connexion modifiée',
    sign_out: 'Déconnexion',
    api_token_created: 'Jeton d’API créé',
    api_token_revoked: 'Jeton d’API révoqué',
  } satisfies Record<SecurityEventKind, string>,
};

export const apiTokens = {
  title: 'Jetons d’API',
  intro:
    'Un jeton d’API permet à un logiciel (votre logiciel de facturation, un script) d’appeler l’API de Chorale en votre nom, avec vos droits et pas davantage : il l’envoie dans l’en-tête « Authorization: Bearer <jeton> ».',
  docsLink: 'Consulter la documentation de l’API',
  formTitle: 'Créer un jeton',
  name: 'Nom du jeton',
  nameHint: 'Par exemple : logiciel de facturation',
  expiresOn: 'Date d’expiration',
  expiresOnHint:
    'Facultative : le jeton cesse de fonctionner à la fin de ce jour (heure de Paris). Sans date, il reste valable jusqu’à sa révocation.',
  submit: 'Créer le jeton',
  secretTitle: 'Votre nouveau jeton',
  secretWarning:
    'Copiez ce jeton maintenant et conservez-le en lieu sûr : il ne sera plus jamais affiché. Si vous le perdez, révoquez-le et créez-en un autre.',
  secret: (name: string) => `Secret du jeton « ${name} »`,
  copy: 'Copier le jeton',
  copied: 'Jeton copié',
  hideSecret: 'J’ai copié le jeton',
  listTitle: 'Mes jetons actifs',
  empty: 'Vous n’avez aucun jeton d’API actif.',
  caption: 'Vos jetons d’API actifs, du plus récent au plus ancien',
  columns: {
    name: 'Nom',
    prefix: 'Début du jeton',
    createdAt: 'Créé le',
    lastUsedAt: 'Dernière utilisation',
    expiresAt: 'Expiration',
    actions: 'Actions',
  },
  noExpiry: 'Aucune (jusqu’à révocation)',
  revoke: 'Révoquer',
  revokeLabel: (name: string) => `Révoquer le jeton « ${name} »`,
  confirmTitle: 'Révoquer le jeton ?',
  confirmText: (name: string) =>
    `Le jeton « ${name} » cessera immédiatement de fonctionner : les logiciels qui l’utilisent n’auront plus accès à Chorale. Cette action est définitive.`,
  confirm: 'Révoquer le jeton',
  revoked: 'Le jeton a été révoqué.',
};

export const factors = {
  title: 'Mes facteurs d’authentification',
  intro:
    'Par défaut, le code d’authentification est fourni par courriel. Vous pouvez choisir un autre mode d’authentification à tout moment.',
  listTitle: 'Facteurs enregistrés',
  caption: 'Vos facteurs d’authentification',
  columns: {
    kind: 'Type',
    label: 'Nom',
    createdAt: 'Ajouté le',
    lastUsedAt: 'Dernière utilisation',
    actions: 'Actions',
  },
  kinds: {
    email: 'Code par courriel',
    totp: 'Application d’authentification',
    webauthn: 'Clé de sécurité',
  } satisfies Record<FactorKind, string>,
  remove: 'Supprimer',
  removeLabel: (label: string) => `Supprimer le facteur « ${label} »`,
  removed: 'Le facteur d’authentification a été supprimé.',
  settingsTitle: 'Paramètres de connexion',
  addApp: 'Ajouter une application',
  addAppHint: 'Recevoir un code sur mon application pour m’authentifier',
  changePassword: 'Modifier mon mot de passe',
  changePasswordHint: 'Choisir un nouveau mot de passe',
  addKey: 'Ajouter une clé de sécurité',
  addKeyHint: 'Utiliser une clé de sécurité ou le système d’authentification de mon appareil',
  totp: {
    installTitle: 'Installez et configurez l’application',
    step1: 'Installez une des applications suivantes sur votre mobile',
    apps: ['FreeOTP Authenticator', 'Google Authenticator', 'Microsoft Authenticator'],
    step2: 'Ouvrez l’application et scannez le QR ou entrez la clef.',
    qrAlt: 'QR code à scanner avec votre application d’authentification',
    cannotScan: 'Impossible de scanner ?',
    secretLabel: 'Clef à saisir dans l’application',
    step3:
      'Entrez le code à usage unique fourni par l’application et cliquez sur « Ajouter l’application » pour terminer.',
    registerTitle: 'Enregistrez l’application',
    code: 'Code unique',
    deviceName: 'Nom de l’appareil',
    deviceNameHint: 'Par exemple : téléphone professionnel',
    submit: 'Ajouter l’application',
    added: 'L’application d’authentification a été ajoutée. Son code vous sera demandé à chaque connexion.',
    replaceNote:
      'Une fois votre application enregistrée, vous pourrez revenir sur « Ajouter une application » si vous souhaitez remplacer l’application d’authentification et/ou l’appareil enregistrés.',
  },
  webauthn: {
    intro:
      'Branchez votre clé de sécurité ou préparez le système d’authentification de votre appareil (empreinte, visage, code PIN), nommez-la puis cliquez sur « Enregistrer la clé ».',
    deviceName: 'Nom de la clé',
    deviceNameHint: 'Par exemple : clé USB du bureau',
    submit: 'Enregistrer la clé',
    added: 'La clé de sécurité a été ajoutée.',
    cancelled: 'L’enregistrement de la clé a été annulé ou a expiré. Réessayez.',
    unsupported: 'Ce navigateur ne permet pas d’utiliser une clé de sécurité.',
  },
};

export const loginEmail = {
  title: 'Changer mon adresse de connexion',
  current: (email: string) => `Adresse de connexion actuelle : ${email}`,
  intro:
    'La nouvelle adresse ne remplacera l’actuelle qu’après un clic sur le lien de confirmation qui lui sera envoyé.',
  newLoginEmail: 'Nouvelle adresse de connexion',
  newLoginEmailConfirmation: 'Ressaisissez la nouvelle adresse de connexion',
  password: 'Mot de passe',
  submit: 'Envoyer le lien de confirmation',
  sent: (maskedEmail: string) =>
    `Un lien de confirmation a été envoyé à l’adresse ${maskedEmail}. Cliquez sur ce lien pour que la nouvelle adresse devienne votre adresse de connexion.`,
  confirmTitle: 'Confirmation de l’adresse de connexion',
  confirming: 'Confirmation en cours…',
  confirmed: (email: string) => `Votre adresse de connexion est désormais ${email}.`,
};

export const directory = {
  title: 'Annuaire facturation',
  intro: 'Recherchez une entité publique destinataire de vos factures et les informations qu’elle exige.',
  query: 'SIRET, nom, ville ou code postal',
  isState: 'Le destinataire est-il l’État ?',
  search: 'Rechercher',
  results: (total: number) =>
    total === 0
      ? 'Aucune entité publique ne correspond à votre recherche.'
      : `${total} entité${total > 1 ? 's' : ''} publique${total > 1 ? 's' : ''} trouvée${total > 1 ? 's' : ''}`,
  pagination: 'Pages de résultats',
  pageControls: { first: 'Première page', previous: 'Page précédente', next: 'Page suivante', last: 'Dernière page' },
  pageNumber: (n: number) => `Page ${n}`,
  identifier: (type: string, value: string) => `${type} ${value}`,
  serviceCodeRequired: 'Code service obligatoire',
  commitmentRequired: 'Numéro d’engagement obligatoire',
  serviceOrCommitmentRequired: 'Code service ou numéro d’engagement obligatoire',
  nothingRequired: 'Ni code service ni numéro d’engagement exigé',
  servicesTitle: 'Services',
  noServices: 'Aucun service déclaré.',
  servicesCaption: (name: string) => `Services de ${name}`,
  columns: { code: 'Code service', name: 'Libellé service', commitment: 'Numéro d’engagement obligatoire' },
};
