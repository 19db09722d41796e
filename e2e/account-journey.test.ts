import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './axe.ts';
import { codeIn, startHarness, type Harness } from './harness.ts';
import {
  closeWelcome,
  field,
  fieldError,
  fillSignUpForm,
  newUser,
  openActivationLink,
  openMenuItem,
  setPassword,
  signOut,
  solveCaptcha,
  submitCredentials,
  userMenu,
} from './journey-steps.ts';

/** The banner of a submit with fields to correct. */
const fieldsToCorrect = (page: Page) =>
  page.getByRole('alert').filter({ hasText: 'Certains champs sont à corriger : voyez le message à côté de chacun.' });

// Issue « Créer son compte » of the webinar: sign-up with captcha, activation mail, password,
// second factor by mail code, then an authenticator app replacing it.
describe('account journey: sign-up, activation, mail code, authenticator app', () => {
  let h: Harness;
  let page: Page;
  const user = newUser('Daniel', 'Potier');

  before(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
  });
  after(async () => {
    await h?.close();
  });

  test('sign-up: two different addresses get a message next to the field, nothing typed is lost, the banner goes once all is corrected', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Créer un compte' }).first().click();
    await page.getByRole('heading', { name: 'Informations Personnelles' }).waitFor();
    await fillSignUpForm(page, user, 'autre.adresse@exemple.fr');
    await page.getByRole('button', { name: 'Soumettre' }).click();

    const message = await fieldError(page, 'Ressaisissez votre adresse électronique de connexion');
    assert.match(message, /Les deux adresses électroniques de connexion ne sont pas identiques\./);
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-path') === 'loginEmailConfirmation');
    assert.equal(await field(page, 'Prénom').inputValue(), user.firstName);
    assert.equal(await field(page, 'Adresse électronique de connexion').inputValue(), user.email);
    assert.deepEqual(await accessibilityViolations(page), [], 'the form with its errors meets WCAG AA');
    await fieldsToCorrect(page).waitFor();

    await field(page, 'Ressaisissez votre adresse électronique de connexion').fill(user.email);
    // The conditions and the captcha are still to correct: the banner stays.
    assert.equal(await fieldsToCorrect(page).count(), 1);
    assert.equal(
      await field(page, 'E-mail du contact').inputValue(),
      user.email,
      'contact address follows the confirmed login address',
    );
    await page.getByRole('checkbox', { name: 'J’accepte les conditions' }).check();
    await solveCaptcha(page);
    // No field is left to correct: the banner of the last submit is gone, everything typed stays.
    await fieldsToCorrect(page).waitFor({ state: 'detached' });
    assert.equal(await field(page, 'Ressaisissez votre adresse électronique de connexion').inputValue(), user.email);
    assert.equal(await field(page, 'Nom').inputValue(), user.lastName);
    await page.getByRole('button', { name: 'Soumettre' }).click();

    await page.getByRole('heading', { name: 'Dernière étape avant la validation de votre compte' }).waitFor();
    await page
      .getByText(`${user.firstName}, votre demande de création de compte vient d’être envoyée avec succès.`)
      .waitFor();
  });

  test('activation: a weak password shows each unmet rule and keeps what was typed', async () => {
    await openActivationLink(page, h, user);
    const rule = (id: string) => page.locator(`[data-rule="${id}"]`);

    await field(page, 'Nouveau mot de passe').fill('abc');
    assert.equal(await rule('length').getAttribute('data-met'), 'false');
    assert.equal(await rule('classes').getAttribute('data-met'), 'false');
    await field(page, 'Confirmation du nouveau mot de passe').fill('abd');
    await page.getByRole('button', { name: 'Soumettre' }).click();

    assert.match(await fieldError(page, 'Nouveau mot de passe'), /au moins 12 caractères \(3 saisis\)/);
    assert.equal(await field(page, 'Nouveau mot de passe').inputValue(), 'abc');
    assert.equal(await field(page, 'Confirmation du nouveau mot de passe').inputValue(), 'abd');

    await field(page, 'Nouveau mot de passe').fill('abcdefghijkl');
    assert.equal(await rule('length').getAttribute('data-met'), 'true');
    assert.equal(await rule('classes').getAttribute('data-met'), 'false');
    await field(page, 'Nouveau mot de passe').fill(user.password);
    assert.equal(await rule('classes').getAttribute('data-met'), 'true');

    await setPassword(page, user.password);
    await page.getByText('Votre compte est maintenant activé.').waitFor();
    await page.getByRole('link', { name: 'Se connecter' }).last().waitFor();
  });

  test('sign-in with the mail code; a wrong code says how many attempts are left', async () => {
    const before = await h.lastMailId();
    await submitCredentials(page, user);
    const mail = await h.waitForMail(user.email, (m) => m.id > before && m.subject.includes('code de connexion'));
    const code = codeIn(mail);
    const wrong = code.replace(/\d/g, (d) => String((Number(d) + 1) % 10));

    await field(page, 'Code d’authentification').fill(wrong);
    await page.getByRole('button', { name: 'Valider' }).click();
    assert.match(await fieldError(page, 'Code d’authentification'), /Code incorrect\. Il vous reste 4 tentatives\./);

    await field(page, 'Code d’authentification').fill(code);
    await page.getByRole('button', { name: 'Valider' }).click();
    await closeWelcome(page);
    await page.reload();
    await userMenu(page, user).waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0, 'the welcome dialog shows only once');
  });

  test('an authenticator app added with the revealed key then signs the user in', async () => {
    await openMenuItem(page, user, 'Mes facteurs d’authentification');
    await page.getByRole('heading', { name: 'Mes facteurs d’authentification', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Ajouter une application' }).click();
    await page.getByRole('img', { name: 'QR code à scanner avec votre application d’authentification' }).waitFor();
    await page.getByRole('button', { name: 'Impossible de scanner ?' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

    await field(page, 'Code unique').fill(totp.generate());
    await field(page, 'Nom de l’appareil').fill('Téléphone de test');
    await page.getByRole('button', { name: 'Ajouter l’application' }).click();
    await page.getByText('L’application d’authentification a été ajoutée.').waitFor();
    await page.getByRole('cell', { name: 'Téléphone de test', exact: true }).waitFor();

    await signOut(page, user);
    await submitCredentials(page, user);
    await page.getByText('Il s’agit du code à 6 chiffres affiché dans votre application d’authentification.').waitFor();
    await page.getByRole('button', { name: 'Se connecter d’une autre façon' }).click();
    await page.getByRole('button', { name: /Recevoir un code par courriel/ }).waitFor();
    // The code of the enrolment's time step is spent: use the next one (accepted within one step of drift).
    await field(page, 'Code d’authentification').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Valider' }).click();
    await userMenu(page, user).waitFor();
  });
});
