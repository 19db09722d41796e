import type { Mail } from '../../platform/mailer.ts';

/** French account mails, each as text and HTML. Values are escaped; links are absolute. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

interface Block {
  paragraphs: string[];
  link?: { url: string; label: string };
}

function compose(to: string, subject: string, greeting: string, block: Block): Mail {
  const footer = 'Ce message est envoyé automatiquement par Chorale : merci de ne pas y répondre.';
  const textLines = [greeting, '', ...block.paragraphs.flatMap((p) => [p, ''])];
  if (block.link) textLines.push(`${block.link.label} : ${block.link.url}`, '');
  textLines.push('--', footer);
  const html = [
    '<!doctype html><html lang="fr"><body style="font-family:Arial,sans-serif;color:#1e1e1e">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...block.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    block.link ? `<p><a href="${escapeHtml(block.link.url)}">${escapeHtml(block.link.label)}</a></p>` : '',
    `<hr><p style="font-size:12px;color:#666">${escapeHtml(footer)}</p></body></html>`,
  ].join('');
  return { to, subject, text: textLines.join('\n'), html };
}

const hello = (firstName: string) => `Bonjour ${firstName},`;

export function activationMail(to: string, firstName: string, url: string): Mail {
  return compose(to, 'Chorale – Activez votre compte', hello(firstName), {
    paragraphs: [
      'Votre demande de création de compte sur Chorale a bien été reçue.',
      'Pour activer votre compte, cliquez sur le lien ci-dessous puis choisissez votre mot de passe. Ce lien est valable 24 heures et ne peut servir qu\'une fois.',
      'Si vous n\'êtes pas à l\'origine de cette demande, ignorez ce message : aucun compte ne sera activé.',
    ],
    link: { url, label: 'Activer mon compte' },
  });
}

export function accountAlreadyExistsMail(to: string, firstName: string, signInUrl: string, resetUrl: string): Mail {
  return compose(to, 'Chorale – Tentative de création de compte avec votre adresse', hello(firstName), {
    paragraphs: [
      'Quelqu\'un a demandé à créer un compte Chorale avec votre adresse électronique, qui est déjà votre adresse de connexion. Aucun nouveau compte n\'a été créé.',
      `Si c'était vous, connectez-vous simplement : ${signInUrl}. Si vous avez oublié votre mot de passe, vous pouvez le réinitialiser.`,
      'Si vous n\'êtes pas à l\'origine de cette demande, vous n\'avez rien à faire.',
    ],
    link: { url: resetUrl, label: 'Réinitialiser mon mot de passe' },
  });
}

export function passwordResetMail(to: string, firstName: string, url: string): Mail {
  return compose(to, 'Chorale – Réinitialisation de votre mot de passe', hello(firstName), {
    paragraphs: [
      'Une réinitialisation du mot de passe de votre compte Chorale a été demandée.',
      'Cliquez sur le lien ci-dessous pour choisir un nouveau mot de passe. Ce lien est valable 1 heure et ne peut servir qu\'une fois.',
      'Si vous n\'êtes pas à l\'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
    ],
    link: { url, label: 'Choisir un nouveau mot de passe' },
  });
}

export function signInCodeMail(to: string, firstName: string, code: string, validityMinutes: number): Mail {
  return compose(to, `Chorale – Votre code de connexion : ${code}`, hello(firstName), {
    paragraphs: [
      `Votre code d'authentification est : ${code}`,
      `Il est valable ${validityMinutes} minutes et ne sert qu'une fois.`,
      'Si vous n\'êtes pas en train de vous connecter, quelqu\'un connaît votre mot de passe : changez-le sans attendre.',
    ],
  });
}

export function loginEmailChangeMail(to: string, firstName: string, url: string): Mail {
  return compose(to, 'Chorale – Confirmez votre nouvelle adresse de connexion', hello(firstName), {
    paragraphs: [
      'Vous avez demandé à utiliser cette adresse comme adresse de connexion à Chorale.',
      'Cliquez sur le lien ci-dessous pour confirmer. Ce lien est valable 24 heures. Tant que vous n\'avez pas confirmé, votre ancienne adresse reste votre adresse de connexion.',
    ],
    link: { url, label: 'Confirmer ma nouvelle adresse' },
  });
}

export function loginEmailInUseMail(to: string): Mail {
  return compose(to, 'Chorale – Demande concernant votre adresse', 'Bonjour,', {
    paragraphs: [
      'Un utilisateur de Chorale a demandé à faire de votre adresse sa nouvelle adresse de connexion. Comme elle est déjà celle de votre compte, rien n\'a été changé.',
    ],
  });
}

export function loginEmailChangedNotice(to: string, firstName: string, newAddress: string): Mail {
  return compose(to, 'Chorale – Votre adresse de connexion a changé', hello(firstName), {
    paragraphs: [
      `Votre adresse de connexion à Chorale est désormais ${newAddress}.`,
      'Si vous n\'êtes pas à l\'origine de ce changement, contactez sans attendre le support de votre plateforme.',
    ],
  });
}

export function securityNoticeMail(to: string, firstName: string, what: string): Mail {
  return compose(to, 'Chorale – Modification de la sécurité de votre compte', hello(firstName), {
    paragraphs: [
      what,
      'Si vous n\'êtes pas à l\'origine de cette modification, réinitialisez votre mot de passe sans attendre.',
    ],
  });
}
