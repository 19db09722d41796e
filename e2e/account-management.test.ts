import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './axe.ts';
import { codeIn, linkIn, startHarness, type Harness } from './harness.ts';
import {
  createAccount,
  field,
  fieldError,
  newUser,
  openMenuItem,
  setPassword,
  signOut,
  userMenu,
} from './journey-steps.ts';

describe('portal pages and account management', () => {
  let h: Harness;
  let page: Page;
  const user = newUser('Lucie', 'Bernard');

  before(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
  });
  after(async () => {
    await h?.close();
  });

  test('home: the audience tabs switch the welcome text; every portal link leads to a real, accessible page', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Bienvenue sur Chorale' }).waitFor();
    await page.getByRole('button', { name: 'Entité publique' }).click();
    await page.getByText(/Chorale permet aux entités publiques/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Entité publique' }).getAttribute('aria-pressed'), 'true');

    const seen = new Set<string>();
    for (const start of [
      '/',
      '/domaines',
      '/support',
      '/documentation',
      '/annuaire',
      '/creer-un-compte',
      '/connexion',
    ]) {
      await page.goto(start);
      await page.locator('main h1, main h2').first().waitFor();
      for (const href of await page
        .locator('a[href^="/"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '')))
        seen.add(href);
    }
    for (const href of seen) {
      if (href.startsWith('/api/') || href === '/outbox') {
        const response = await fetch(`${h.baseUrl}${href}`);
        assert.equal(response.status, 200, `${href} answers`);
        continue;
      }
      await page.goto(href);
      await page.locator('main h1').first().waitFor();
      assert.notEqual(await page.locator('main h1').first().innerText(), 'Page introuvable', `${href} is a real page`);
      assert.deepEqual(await accessibilityViolations(page), [], `${href}: WCAG AA`);
    }
  });

  test('directory: a search lists entities with their services and requirements', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: /Accéder au domaine/ }).click();
    await page.getByRole('heading', { name: 'Annuaire facturation', level: 1 }).waitFor();
    await field(page, 'SIRET, nom, ville ou code postal').fill('paris');
    await page.getByRole('radio', { name: 'Non' }).check();
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText(/\d+ entités? publiques? trouvées?/).waitFor();
    assert.ok((await page.getByRole('article').count()) > 0, 'at least one entity');
    await page.getByRole('columnheader', { name: 'Code service' }).first().waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  test('protected pages send to « Connexion » and come back after sign-in', async () => {
    await createAccount(page, h, user);
    await signOut(page, user);
    await page.goto('/mon-compte');
    await page.getByRole('heading', { name: 'Connexion', level: 1 }).waitFor();
    const before = await h.lastMailId();
    await field(page, 'Adresse de connexion').fill(user.email);
    await field(page, 'Mot de passe').fill(user.password);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    const mail = await h.waitForMail(user.email, (m) => m.id > before && m.subject.includes('code de connexion'));
    await field(page, 'Code d’authentification').fill(codeIn(mail));
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByRole('heading', { name: 'Mon compte', level: 1 }).waitFor();
  });

  test('« Mon compte »: a wrong phone is refused next to the field, a right one is saved; the history lists sign-ins', async () => {
    await field(page, 'Téléphone').fill('abc');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    assert.match(await fieldError(page, 'Téléphone'), /ne doit contenir que des chiffres/);
    await field(page, 'Téléphone').fill('01 23 45 67 89');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Vos informations ont été enregistrées.').waitFor();
    await page.reload();
    await page.getByRole('cell', { name: 'Connexion réussie' }).first().waitFor();
    assert.equal(await field(page, 'Téléphone').inputValue(), '01 23 45 67 89');
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  test('keyboard: the skip link comes first; the user menu opens and navigates without a mouse', async () => {
    await page.goto('/');
    // The portal is drawn after the page's load event, and redrawn when its page and data arrive:
    // a Tab before then focused an element about to be replaced (focus back on the body).
    await userMenu(page, user).waitFor();
    await page.waitForLoadState('networkidle');
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    assert.equal(await focused(), 'Aller au contenu');

    await userMenu(page, user).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    for (let i = 0; i < 10 && (await focused()) !== 'Mes facteurs d’authentification'; i += 1)
      await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'Mes facteurs d’authentification');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mes facteurs d’authentification', level: 1 }).waitFor();
  });

  test('the last factor cannot be removed; the password change checks the current one', async () => {
    await openMenuItem(page, user, 'Mes facteurs d’authentification');
    await page.getByRole('button', { name: /Supprimer le facteur/ }).click();
    await page.getByText(/Vous ne pouvez pas supprimer votre dernier facteur/).waitFor();

    await page.getByRole('button', { name: 'Modifier mon mot de passe' }).click();
    await page.getByRole('menu').waitFor({ state: 'detached' });
    assert.deepEqual(await accessibilityViolations(page), []);
    const newPassword = 'Nouveau-Mot2Passe!';
    await field(page, 'Mot de passe actuel').fill('Pas-le-bon-1234');
    await field(page, 'Nouveau mot de passe').fill(newPassword);
    await field(page, 'Confirmation du nouveau mot de passe').fill(newPassword);
    await page.getByRole('button', { name: 'Soumettre' }).click();
    assert.match(await fieldError(page, 'Mot de passe actuel'), /Le mot de passe actuel est incorrect\./);
    assert.equal(await field(page, 'Nouveau mot de passe').inputValue(), newPassword, 'typed values are kept');

    await field(page, 'Mot de passe actuel').fill(user.password);
    await page.getByRole('button', { name: 'Soumettre' }).click();
    await page.getByText('Votre mot de passe a été modifié.').waitFor();
    user.password = newPassword;
  });

  test('the login address changes once the link sent to the new address is opened', async () => {
    await openMenuItem(page, user, 'Changer mon adresse de connexion');
    const newEmail = `nouvelle.${user.email}`;
    await field(page, 'Nouvelle adresse de connexion').fill(newEmail);
    await field(page, 'Ressaisissez la nouvelle adresse de connexion').fill(newEmail);
    await field(page, 'Mot de passe').fill(user.password);
    await page.getByRole('button', { name: 'Envoyer le lien de confirmation' }).click();
    await page.getByText(/Un lien de confirmation a été envoyé à l’adresse/).waitFor();

    const mail = await h.waitForMail(newEmail, (m) => m.subject.includes('nouvelle adresse'));
    await page.goto(linkIn(mail, `${h.baseUrl}/confirmer-adresse`));
    await page.getByText(`Votre adresse de connexion est désormais ${newEmail}.`).waitFor();
    user.email = newEmail;
  });

  test('forgotten password: neutral answer, reset link works once', async () => {
    await signOut(page, user);
    await page.goto('/connexion');
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    // The sign-in page has a field of the same label: fill it only once the new page is shown.
    await page.getByRole('heading', { name: 'Mot de passe oublié', exact: true }).waitFor();
    await field(page, 'Adresse de connexion').fill(user.email);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByText(/Si cette adresse correspond à un compte Chorale/).waitFor();

    const mail = await h.waitForMail(user.email, (m) => m.subject.includes('Réinitialisation'));
    const link = linkIn(mail, `${h.baseUrl}/reinitialiser-mot-de-passe`);
    await page.goto(link);
    user.password = 'Encore-Un-Autre-3!';
    await setPassword(page, user.password);
    await page.getByText('Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter.').waitFor();

    await page.goto(link);
    await page.getByRole('alert').filter({ hasText: /déjà/ }).waitFor();
    assert.equal(await field(page, 'Nouveau mot de passe').count(), 0, 'no form behind a spent link');
    await page.goto('/');
    assert.equal(await userMenu(page, user).count(), 0);
  });

  test('sign-in: a wrong password is refused; five wrong codes interrupt the sign-in', async () => {
    await page.goto('/connexion');
    await field(page, 'Adresse de connexion').fill(user.email);
    await field(page, 'Mot de passe').fill('Pas-le-bon-mot-2!');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByRole('alert').first().waitFor();
    assert.equal(await field(page, 'Adresse de connexion').inputValue(), user.email);

    await field(page, 'Mot de passe').fill(user.password);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByRole('heading', { name: 'Saisissez votre code' }).waitFor();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await field(page, 'Code d’authentification').fill(attempt % 2 ? '000000' : '999999');
      await page.getByRole('button', { name: 'Valider' }).click();
      if (attempt < 5) await page.getByText(`Il vous reste ${5 - attempt} tentative`).waitFor();
    }
    await page.getByText(/Trop de codes erronés/).waitFor();
    await page.getByRole('heading', { name: 'Connexion', level: 1 }).waitFor();
    assert.equal(
      await field(page, 'Adresse de connexion').inputValue(),
      user.email,
      'back to the first step, address kept',
    );
  });
});
