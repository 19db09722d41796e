import { composeMail } from '../../platform/mail-template.ts';
import type { Mail } from '../../platform/mailer.ts';

function mail(
  to: string,
  subject: string,
  firstName: string,
  paragraphs: string[],
  link?: { url: string; label: string },
): Mail {
  return composeMail(to, subject, { firstName, paragraphs, ...(link ? { link } : {}) });
}

const target = (structure: string, service: string | null) =>
  service ? `${structure} (service ${service})` : structure;

export function membershipRequestedMail(
  to: string,
  firstName: string,
  requester: string,
  structure: string,
  service: string | null,
  comment: string,
  url: string,
): Mail {
  return mail(
    to,
    `Chorale – Demande de rattachement à ${structure}`,
    firstName,
    [
      `${requester} demande à être rattaché(e) à ${target(structure, service)}, dont vous êtes le gestionnaire principal.`,
      `Son commentaire : « ${comment} »`,
      'Acceptez ou refusez la demande depuis le domaine Utilisateurs.',
    ],
    { url, label: 'Voir les demandes en attente' },
  );
}

/** `permissionsUrl`: the absolute address of « Mes habilitations », linked when the request is accepted. */
export function membershipDecidedMail(
  to: string,
  firstName: string,
  structure: string,
  service: string | null,
  approved: boolean,
  comment: string,
  permissionsUrl: string,
): Mail {
  return mail(
    to,
    `Chorale – Votre demande de rattachement à ${structure} est ${approved ? 'acceptée' : 'refusée'}`,
    firstName,
    [
      approved
        ? `Votre demande de rattachement à ${target(structure, service)} a été acceptée. Vos habilitations sont visibles dans « Mes habilitations ».`
        : `Votre demande de rattachement à ${target(structure, service)} a été refusée.`,
      ...(comment ? [`Commentaire du gestionnaire : « ${comment} »`] : []),
    ],
    approved ? { url: permissionsUrl, label: 'Voir mes habilitations' } : undefined,
  );
}

export function invitationMail(to: string, structure: string, by: string, url: string): Mail {
  return mail(
    to,
    `Chorale – Invitation à rejoindre ${structure}`,
    '',
    [
      `${by} vous invite à rejoindre ${structure} sur Chorale, la plateforme de facturation électronique du secteur public.`,
      'Connectez-vous avec cette adresse (ou créez d’abord votre compte avec elle), puis acceptez ou refusez l’invitation sur la page « Mes invitations » : vous ne serez rattaché(e) qu’après l’avoir acceptée.',
    ],
    { url, label: 'Voir mes invitations' },
  );
}

export function memberDetachedMail(to: string, firstName: string, structure: string): Mail {
  return mail(to, `Chorale – Vous n’êtes plus rattaché(e) à ${structure}`, firstName, [
    `Votre rattachement à ${structure} a été retiré par son gestionnaire principal.`,
  ]);
}
