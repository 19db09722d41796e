/** Every French word of the portal. Screens follow the wording of the Chorus Pro webinar. */

import { formErrorsMessage } from '@chorale/contracts';

export const audiences = ['company', 'publicEntity', 'individual', 'association'] as const;
export type Audience = (typeof audiences)[number];

export const common = {
  appName: 'Chorale',
  required: 'Les champs suivis d’un * sont obligatoires',
  submit: 'Soumettre',
  close: 'Fermer',
  cancel: 'Annuler',
  loading: 'Chargement…',
  yes: 'Oui',
  no: 'Non',
  never: 'Jamais',
  breadcrumb: 'Fil d’Ariane',
  unexpected: 'Une erreur inattendue est survenue. Réessayez dans quelques instants.',
  network: 'Le service est momentanément injoignable. Vérifiez votre connexion puis réessayez.',
  formHasErrors: formErrorsMessage,
  notFoundTitle: 'Page introuvable',
  notFoundText: 'L’adresse demandée ne correspond à aucune page de Chorale.',
  backHome: 'Retour à l’accueil',
};

export const nav = {
  main: 'Navigation principale',
  skipToContent: 'Aller au contenu',
  home: 'Accueil',
  domains: 'Domaines',
  support: 'Support',
  documentation: 'Documentation',
  signUp: 'Créer un compte',
  signIn: 'Se connecter',
  audienceGroup: 'Vous êtes',
  audience: {
    company: 'Entreprise',
    publicEntity: 'Entité publique',
    individual: 'Particulier',
    association: 'Association',
  } satisfies Record<Audience, string>,
  myAccount: 'Mon compte',
  myFactors: 'Mes facteurs d’authentification',
  changeLoginEmail: 'Changer mon adresse de connexion',
  signOut: 'Se déconnecter',
  devOutbox: 'Boîte d’envoi de développement',
  terms: 'Conditions d’utilisation',
  apiDocs: 'Documentation de l’API',
  footer: 'Chorale — plateforme libre de facturation électronique pour le secteur public',
};

export const home = {
  welcomeTitle: 'Bienvenue sur Chorale',
  intro: {
    company:
      'Afin de simplifier la vie des entreprises et de réduire les délais de paiement, les administrations publiques reçoivent sur Chorale les factures de leurs fournisseurs. Créez votre compte utilisateur, sécurisez sa connexion et retrouvez dans l’annuaire les entités publiques à qui vous facturez.',
    publicEntity:
      'Chorale permet aux entités publiques (État, collectivités territoriales, établissements publics) de recevoir et de traiter les factures de leurs fournisseurs. L’annuaire facturation indique à vos fournisseurs les services à mentionner et si un numéro d’engagement est exigé.',
    individual:
      'Vous êtes un particulier et vous facturez une entité publique (par exemple en tant qu’expert ou collaborateur occasionnel du service public) ? Créez votre compte utilisateur sur Chorale et consultez l’annuaire pour connaître les informations attendues par votre destinataire.',
    association:
      'Les associations qui facturent des prestations aux entités publiques utilisent Chorale comme les entreprises : créez votre compte utilisateur, protégez-le par un second facteur d’authentification et consultez l’annuaire des destinataires.',
  } satisfies Record<Audience, string>,
  domainsTitle: 'Les domaines',
  accessDomain: 'Accéder au domaine',
};

export const domains = {
  title: 'Domaines',
  intro: 'Les domaines regroupent les applications de Chorale. Voici celles qui sont disponibles aujourd’hui.',
  directory: {
    title: 'Annuaire facturation',
    description:
      'Rechercher une entité publique destinataire et ses services, savoir si un code service ou un numéro d’engagement est exigé.',
  },
};

export const support = {
  title: 'Support',
  intro:
    'Chorale est exploitée par un opérateur de plateforme : l’organisme qui a installé cette instance et qui en assure le fonctionnement. C’est lui qui vous apporte de l’aide.',
  sections: [
    {
      title: 'Trouver la réponse dans la documentation',
      text: 'La documentation explique pas à pas la création du compte, la connexion, les facteurs d’authentification et la réinitialisation du mot de passe. Consultez-la en premier : la plupart des questions y trouvent leur réponse.',
    },
    {
      title: 'Contacter l’opérateur de la plateforme',
      text: 'Pour une difficulté qui persiste, écrivez à l’adresse d’assistance que l’opérateur de cette instance vous a communiquée (sur son site, dans votre contrat ou dans le message d’accueil reçu lors de la mise en service). Indiquez votre adresse électronique de connexion, la page concernée, l’heure de l’incident et le message affiché. Ne communiquez jamais votre mot de passe ni un code d’authentification : personne ne vous les demandera.',
    },
    {
      title: 'Compte bloqué ou accès perdu',
      text: 'Si vous avez oublié votre mot de passe, utilisez « Mot de passe oublié ? » sur la page de connexion. Si vous avez perdu l’appareil portant votre application d’authentification ou votre clé de sécurité, choisissez « Se connecter d’une autre façon » lors de la connexion pour recevoir un code par courriel.',
    },
  ],
  docLink: 'Consulter la documentation',
};

export const documentation = {
  title: 'Documentation',
  intro: 'Ce guide décrit l’utilisation de votre compte utilisateur sur Chorale.',
  sections: [
    {
      title: 'Créer son compte',
      steps: [
        'Cliquez sur « Créer un compte » en haut de la page.',
        'Saisissez votre adresse électronique de connexion, puis ressaisissez-la : elle deviendra votre identifiant personnel. Vérifiez qu’il s’agit d’une adresse de messagerie à laquelle vous avez accès, sans quoi vous ne pourrez pas finaliser votre inscription.',
        'Saisissez votre prénom et votre nom. Le champ « E-mail du contact » est rempli à partir de votre adresse de connexion ; vous pouvez le modifier. Cette adresse reçoit les notifications et permet d’échanger avec l’assistance.',
        'Cochez « J’accepte les conditions », validez le captcha (la vérification se fait automatiquement dans votre navigateur), puis cliquez sur « Soumettre ».',
        'Ouvrez le courriel d’activation reçu et cliquez sur le lien qu’il contient. Le lien est valable pendant une durée limitée et ne sert qu’une fois.',
        'Choisissez votre mot de passe : 12 caractères minimum et au moins 3 types de caractères parmi majuscules, minuscules, chiffres et caractères spéciaux. La liste des règles se coche au fur et à mesure de la saisie. Cliquez sur « Soumettre » : votre compte est activé.',
      ],
    },
    {
      title: 'Se connecter',
      steps: [
        'Cliquez sur « Se connecter », saisissez votre adresse de connexion et votre mot de passe.',
        'Saisissez ensuite le code d’authentification à 6 chiffres : par défaut, il vous est envoyé par courriel. Le code a une durée de validité limitée et un nombre d’essais limité.',
        'Lors de votre première connexion, un message vous confirme la création de votre compte utilisateur.',
        'Mot de passe oublié ? Cliquez sur le lien sous le formulaire de connexion : si l’adresse correspond à un compte, vous recevez un lien pour choisir un nouveau mot de passe.',
      ],
    },
    {
      title: 'La double authentification',
      steps: [
        'La double authentification ajoute au mot de passe un second facteur requis pour se connecter : un code à validité provisoire ou une clé de sécurité. Elle protège votre compte en cas de vol de votre mot de passe.',
        'Par défaut, le code est fourni par courriel. Vous pouvez choisir un autre mode à tout moment dans « Mes facteurs d’authentification », accessible en cliquant sur votre nom en haut à droite.',
        'Application mobile : choisissez « Ajouter une application », installez FreeOTP Authenticator, Google Authenticator ou Microsoft Authenticator, scannez le QR code (ou cliquez sur « Impossible de scanner ? » pour afficher la clef), saisissez le code unique fourni par l’application, nommez l’appareil puis cliquez sur « Ajouter l’application ». À chaque connexion, le code affiché par l’application vous sera demandé.',
        'Clé de sécurité : choisissez « Ajouter une clé de sécurité » pour utiliser une clé physique ou le système d’authentification de votre appareil (empreinte, visage, code PIN).',
        'Lors de la connexion, le lien « Des difficultés ? Se connecter d’une autre façon » propose vos autres facteurs, par exemple le code par courriel si vous n’avez pas votre téléphone.',
      ],
    },
    {
      title: 'Gérer son compte',
      steps: [
        '« Mon compte » permet de modifier vos prénom, nom, téléphone, e-mail du contact et votre accord pour l’enquête de satisfaction, et de consulter l’historique de sécurité (connexions, changements de mot de passe, facteurs ajoutés ou supprimés).',
        '« Changer mon adresse de connexion » : saisissez deux fois la nouvelle adresse et votre mot de passe ; la nouvelle adresse ne remplace l’ancienne qu’après un clic sur le lien de confirmation qui lui est envoyé.',
      ],
    },
  ],
  apiTitle: 'Mode Service (API)',
  apiText:
    'Les éditeurs et les entreprises qui souhaitent intégrer Chorale à leur système d’information disposent d’une API documentée.',
  apiLink: 'Consulter la documentation de l’API',
};

export const terms = {
  title: 'Conditions d’utilisation',
  link: 'Lire les conditions d’utilisation',
  paragraphs: [
    'Chorale est une plateforme de facturation électronique destinée aux échanges de factures entre les fournisseurs et les entités publiques. Elle est mise à disposition par l’opérateur de cette instance.',
    'Compte personnel : votre compte est nominatif. Vous vous engagez à fournir des informations exactes, à garder votre mot de passe et vos facteurs d’authentification secrets et à signaler sans délai toute utilisation que vous n’avez pas faite.',
    'Usage : vous n’utilisez la plateforme que pour des opérations de facturation réelles, pour le compte des structures auxquelles vous êtes rattaché. Toute tentative d’accès non autorisé, de perturbation du service ou de dépôt de contenu malveillant est interdite et peut entraîner la suspension du compte.',
    'Données personnelles : vos nom, prénom, adresses électroniques et téléphone servent à gérer votre compte, à sécuriser votre connexion (historique de sécurité, adresse IP) et à vous envoyer les notifications du service. Vous pouvez les consulter et les corriger dans « Mon compte ». L’accord pour l’enquête de satisfaction est facultatif et révocable à tout moment.',
    'Disponibilité : l’opérateur s’efforce d’assurer le fonctionnement continu du service mais peut l’interrompre pour maintenance. Les factures transmises sont conservées selon les durées légales d’archivage.',
  ],
};

export const signUp = {
  title: 'Créer un compte',
  breadcrumb: 'Créer mon compte',
  sectionTitle: 'Informations Personnelles',
  loginEmail: 'Adresse électronique de connexion',
  loginEmailConfirmation: 'Ressaisissez votre adresse électronique de connexion',
  loginEmailHint:
    'Cette adresse deviendra votre identifiant personnel sur Chorale. Prenez soin de vérifier que l’adresse saisie correspond bien à une adresse de messagerie à laquelle vous avez accès, sans quoi vous ne pourrez pas finaliser votre inscription !',
  firstName: 'Prénom',
  lastName: 'Nom',
  phone: 'Téléphone',
  contactEmail: 'E-mail du contact',
  contactEmailHint:
    'Cette adresse de contact vous permettra de recevoir des notifications lors de la mise en paiement de vos factures, ou d’échanger avec l’Assistance en cas de difficulté.',
  surveyConsent:
    'J’accepte que mon nom, prénom et adresse électronique soient utilisés par l’opérateur de la plateforme (et par le prestataire réalisant les enquêtes de satisfaction pour son compte) afin de recevoir l’enquête de satisfaction sur Chorale. Je note par ailleurs que je pourrai à tout moment exercer mon droit de retrait en décochant l’option.',
  acceptTerms: 'J’accepte les conditions',
  captcha: 'Vérification anti-robot',
  captchaHint: 'Cochez la case : votre navigateur effectue une courte vérification automatique.',
  lastStepTitle: 'Dernière étape avant la validation de votre compte',
  lastStepThanks: (firstName: string) =>
    `${firstName}, votre demande de création de compte vient d’être envoyée avec succès. Nous vous en remercions.`,
  lastStepActivate: (maskedEmail: string) =>
    `Pour vous connecter à Chorale, nous vous invitons à activer votre compte en cliquant sur le lien d’activation que vous recevrez dans quelques instants à l’adresse ${maskedEmail}`,
  lastStepMissing: 'Aucune demande de création de compte n’est en cours dans cette fenêtre.',
};

export const altchaStrings = {
  ariaLinkLabel: 'ALTCHA (site officiel)',
  enterCode: 'Saisissez le code',
  enterCodeAria: 'Saisissez le code que vous entendez. Appuyez sur Espace pour écouter l’audio.',
  error: 'La vérification a échoué. Réessayez plus tard.',
  expired: 'La vérification a expiré. Cochez à nouveau la case.',
  footer: 'Protégé par ALTCHA',
  getAudioChallenge: 'Obtenir un code audio',
  label: 'Je ne suis pas un robot',
  loading: 'Chargement…',
  reload: 'Recommencer',
  verify: 'Vérifier',
  verificationRequired: 'Vérification requise !',
  verified: 'Vérifié',
  verifying: 'Vérification en cours…',
  waitAlert: 'Vérification en cours… veuillez patienter.',
  cancel: 'Annuler',
  enterCodeFromImage: 'Pour continuer, saisissez le code de l’image ci-dessous.',
};

export * from './labels-account.ts';
