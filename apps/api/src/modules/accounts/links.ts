import type { AppContext } from '../../platform/context.ts';

/** Portal pages that mails link to (French paths, as the portal routes them). */
export const portalPaths = {
  activation: '/activer-mon-compte',
  passwordReset: '/reinitialiser-mot-de-passe',
  loginEmailChange: '/confirmer-adresse',
  signIn: '/connexion',
  forgottenPassword: '/mot-de-passe-oublie',
  myPermissions: '/mon-compte/habilitations',
} as const;

export function portalLink(ctx: AppContext, path: string, token?: string): string {
  return `${ctx.config.publicUrl}${path}${token ? `?jeton=${encodeURIComponent(token)}` : ''}`;
}
