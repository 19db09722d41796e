import type { Mail } from '../../platform/mailer.ts';

import { composeMail } from '../../platform/mail-template.ts';

/** French account mails. */

export function activationMail(to: string, firstName: string, url: string): Mail {
  return composeMail(to, 'Chorale – Activez votre compte', {
    firstName: firstName,
    paragraphs: [
      'Votre demande de création de compte sur Chorale a bien été reçue.',
      'Pour activer votre compte, cliquez sur le lien ci-dessous puis choisissez votre mot de passe. Ce lien est valable 24 heures et ne peut servir qu’une fois.',
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : aucun compte ne sera activé.',
    ],
    link: { url, label: 'Activer mon compte' },
  });
}

export function accountAlreadyExistsMail(to: string, firstName: string, signInUrl: string, resetUrl: string): Mail {
  return composeMail(to, 'Chorale – Tentative de création de compte avec votre adresse', {
    firstName: firstName,
    paragraphs: [
      'Quelqu’un a demandé à créer un compte Chorale avec votre adresse électronique, qui est déjà votre adresse de connexion. Aucun nouveau compte n’a été créé.',
      `Si c’était vous, connectez-vous simplement : ${signInUrl}. Si vous avez oublié votre mot de passe, vous pouvez le réinitialiser.`,
      'Si vous n’êtes pas à l’origine de cette demande, vous n’avez rien à faire.',
    ],
    link: { url: resetUrl, label: 'Réinitialiser mon mot de passe' },
  });
}

export function passwordResetMail(to: string, firstName: string, url: string): Mail {
  return composeMail(to, 'Chorale – Réinitialisation de votre mot de passe', {
    firstName: firstName,
    paragraphs: [
      'Une réinitialisation du mot de passe de votre compte Chorale a été demandée.',
      'Cliquez sur le lien ci-dessous pour choisir un nouveau mot de passe. Ce lien est valable 1 heure et ne peut servir qu’une fois.',
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
    ],
    link: { url, label: 'Choisir un nouveau mot de passe' },
  });
}

export function signInCodeMail(to: string, firstName: string, code: string, validityMinutes: number): Mail {
  return composeMail(to, `Chorale – Votre code de connexion : ${code}`, {
    firstName: firstName,
    paragraphs: [
      `Votre code d’authentification est : ${code}`,
      `Il est valable ${validityMinutes} minutes et ne sert qu’une fois.`,
      'Si vous n’êtes pas en train de vous connecter, quelqu’un connaît votre mot de passe : changez-le sans attendre.',
    ],
  });
}

export function loginEmailChangeMail(to: string, firstName: string, url: string): Mail {
  return composeMail(to, 'Chorale – Confirmez votre nouvelle adresse de connexion', {
    firstName: firstName,
    paragraphs: [
      'Vous avez demandé à utiliser cette adresse comme adresse de connexion à Chorale.',
      'Cliquez sur le lien ci-dessous pour confirmer. Ce lien est valable 24 heures. Tant que vous n’avez pas confirmé, votre ancienne adresse reste votre adresse de connexion.',
    ],
    link: { url, label: 'Confirmer ma nouvelle adresse' },
  });
}

export function loginEmailInUseMail(to: string): Mail {
  return composeMail(to, 'Chorale – Demande concernant votre adresse', {
    paragraphs: [
      'Un utilisateur de Chorale a demandé à faire de votre adresse sa nouvelle adresse de connexion. Comme elle est déjà celle de votre compte, rien n’a été changé.',
    ],
  });
}

export function loginEmailChangedNotice(to: string, firstName: string, newAddress: string): Mail {
  return composeMail(to, 'Chorale – Votre adresse de connexion a changé', {
    firstName: firstName,
    paragraphs: [
      `Votre adresse de connexion à Chorale est désormais ${newAddress}.`,
      'Si vous n’êtes pas à l’origine de ce changement, contactez sans attendre le support de votre plateforme.',
    ],
  });
}

export function securityNoticeMail(to: string, firstName: string, what: string): Mail {
  return composeMail(to, 'Chorale – Modification de la sécurité de votre compte', {
    firstName: firstName,
    paragraphs: [
      what,
      'Si vous n’êtes pas à l’origine de cette modification, réinitialisez votre mot de passe sans attendre.',
    ],
  });
}
