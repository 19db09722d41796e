import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.ts';
import { createAccount, field, newUser, openMenuItem, signOut, submitCredentials, userMenu } from './journey-steps.ts';

describe('security key: a second user registers a WebAuthn key and signs in with it', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  const user = newUser('Camille', 'Martin');

  before(async () => {
    h = await startHarness();
    ({ context, page } = await h.newPage());
    // Chromium's virtual authenticator stands in for a platform authenticator (fingerprint, PIN).
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
  });
  after(async () => {
    await h?.close();
  });

  test('register a security key, sign out, sign in with the key', async () => {
    await createAccount(page, h, user);
    await openMenuItem(page, user, 'Mes facteurs d’authentification');
    await page.getByRole('button', { name: 'Ajouter une clé de sécurité' }).click();
    await field(page, 'Nom de la clé').fill('Clé virtuelle');
    await page.getByRole('button', { name: 'Enregistrer la clé' }).click();
    await page.getByText('La clé de sécurité a été ajoutée.').waitFor();
    await page.getByRole('cell', { name: 'Clé virtuelle', exact: true }).waitFor();

    await signOut(page, user);
    await submitCredentials(page, user);
    await page.getByRole('button', { name: 'Utiliser ma clé de sécurité' }).click();
    await userMenu(page, user).waitFor();
  });
});
