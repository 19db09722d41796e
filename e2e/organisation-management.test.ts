import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './axe.ts';
import { startHarness, type Harness } from './harness.ts';
import {
  createAccount,
  field,
  fieldError,
  newUser,
  openActivationLink,
  openMenuPage,
  setPassword,
  signInWithMailCode,
  signUp,
} from './journey-steps.ts';

const SIRET = '41287653400014';
const common = { loading: 'Chargement…' };
const NAME = 'MENUISERIE DURAND ET FILS';

async function openApplication(page: Page, domain: 'Structures' | 'Utilisateurs', application: string) {
  await page.goto(domain === 'Structures' ? '/organisation/structures' : '/organisation/utilisateurs');
  await page.getByRole('link', { name: `Accéder : ${application}` }).click();
  await page.getByRole('heading', { name: application, level: 1 }).waitFor();
}

const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

// Issue « Organisation »: the main manager's applications (services, structure, users, requests).
describe('organisation management: services, structure, members, detach, refusal', () => {
  let h: Harness;
  let pageM: Page;
  let pageU: Page;
  let pageV: Page;
  const m = newUser('Marc', 'Durand');
  const u = newUser('Ursule', 'Petit');
  const v = newUser('Victor', 'Leroy');

  before(async () => {
    h = await startHarness();
    ({ page: pageM } = await h.newPage());
    ({ page: pageU } = await h.newPage());
    ({ page: pageV } = await h.newPage());
  });
  after(async () => {
    await h?.close();
  });

  test('once signed in, the home page offers the Organisation domain; the manager creates his structure', async () => {
    await createAccount(pageM, h, m);
    await pageM.goto('/');
    await pageM.getByRole('link', { name: 'Accéder au domaine : Organisation' }).click();
    await pageM.getByRole('heading', { name: 'Domaines Organisation', level: 1 }).waitFor();
    await openApplication(pageM, 'Structures', 'Créer une structure');
    await field(pageM, 'Identifiant Siret').fill(SIRET);
    await pageM.getByText('Cette structure n’est pas présente dans Chorale.', { exact: false }).waitFor();
    assert.equal(await field(pageM, 'Raison Sociale').inputValue(), NAME);
    await pageM.getByRole('button', { name: 'Soumettre' }).click();
    await pageM.getByText('L’envoi des données pour "Créer une structure" a bien été effectué.').waitFor();
  });

  test('« Gérer un service »: a code with a space is refused, a service is created, renamed, deactivated', async () => {
    await openApplication(pageM, 'Structures', 'Gérer un service');
    await pageM.getByText('Aucun service n’est déclaré pour cette structure.').waitFor();
    await field(pageM, 'Code service').fill('AT ELIER');
    await field(pageM, 'Libellé du service').fill('Atelier de Nantes');
    await pageM.getByRole('button', { name: 'Créer le service' }).click();
    assert.match(await fieldError(pageM, 'Code service'), /sans espace/);
    assert.equal(await field(pageM, 'Libellé du service').inputValue(), 'Atelier de Nantes');
    await field(pageM, 'Code service').fill('ATELIER');
    await pageM.getByRole('checkbox', { name: 'Numéro d’engagement obligatoire' }).check();
    await pageM.getByRole('button', { name: 'Créer le service' }).click();
    await pageM.getByText('Le service ATELIER a été créé.').waitFor();
    await row(pageM, 'ATELIER').getByRole('cell', { name: 'Oui', exact: true }).waitFor();

    await pageM.getByRole('button', { name: 'Modifier le service ATELIER' }).click();
    await field(pageM, 'Libellé du service').fill('Atelier de Saint-Herblain');
    await pageM.getByRole('button', { name: 'Enregistrer' }).click();
    await pageM.getByText('Le service ATELIER a été modifié.').waitFor();
    await pageM.getByRole('cell', { name: 'Atelier de Saint-Herblain' }).waitFor();

    await pageM.getByRole('button', { name: 'Désactiver le service ATELIER' }).click();
    await row(pageM, 'ATELIER').getByRole('cell', { name: 'Désactivé', exact: true }).waitFor();
    await pageM.getByRole('button', { name: 'Activer le service ATELIER' }).click();
    await row(pageM, 'ATELIER').getByRole('cell', { name: 'Actif', exact: true }).waitFor();
    assert.deepEqual(await accessibilityViolations(pageM), []);
  });

  test('« Gérer une structure »: a wrong phone stays with its message; the structure is modified, deactivated, activated', async () => {
    await openApplication(pageM, 'Structures', 'Gérer une structure');
    await pageM.getByRole('cell', { name: NAME, exact: true }).waitFor();
    await pageM.getByRole('button', { name: 'Modifier' }).click();
    await field(pageM, 'Téléphone').fill('abc');
    await pageM.getByRole('button', { name: 'Enregistrer' }).click();
    assert.match(await fieldError(pageM, 'Téléphone'), /ne doit contenir que des chiffres/);
    assert.equal(await field(pageM, 'Téléphone').inputValue(), 'abc');
    await field(pageM, 'Téléphone').fill('02 40 00 00 00');
    await pageM.getByRole('button', { name: 'Enregistrer' }).click();
    await pageM.getByText('Les informations de la structure ont été enregistrées.').waitFor();
    await pageM.getByRole('cell', { name: '02 40 00 00 00' }).waitFor();

    await pageM.getByRole('button', { name: 'Désactiver' }).click();
    await pageM.getByText('État : Désactivée').waitFor();
    await pageM.getByRole('button', { name: 'Activer' }).click();
    await pageM.getByText('État : Active').waitFor();
  });

  test('« Rattacher un utilisateur » invites an existing account, attached once it accepts (issue 15 defect 9)', async () => {
    await createAccount(pageU, h, u);
    await openApplication(pageM, 'Utilisateurs', 'Rattacher un utilisateur');
    await field(pageM, 'Adresse électronique').fill('pas-une-adresse');
    await pageM.getByRole('button', { name: 'Rattacher l’utilisateur' }).click();
    assert.match(await fieldError(pageM, 'Adresse électronique'), /n’est pas une adresse électronique valide/);
    await field(pageM, 'Adresse électronique').fill(u.email);
    await field(pageM, 'Service').selectOption({ label: 'ATELIER – Atelier de Saint-Herblain' });
    await pageM.getByRole('button', { name: 'Rattacher l’utilisateur' }).click();
    await pageM.getByText(`Votre demande a bien été prise en compte pour ${u.email}`, { exact: false }).waitFor();

    await openMenuPage(pageU, u, 'Mes invitations');
    await row(pageU, SIRET).getByRole('button', { name: 'Accepter', exact: false }).click();
    await pageU.getByText('Vous êtes rattaché', { exact: false }).waitFor();
    await openMenuPage(pageU, u, 'Mes rattachements');
    await row(pageU, SIRET).getByRole('cell', { name: 'ATELIER', exact: true }).waitFor();
  });

  test('« Consulter les utilisateurs »: filters, CSV export and « Afficher un utilisateur »', async () => {
    await openApplication(pageM, 'Utilisateurs', 'Consulter les utilisateurs');
    await pageM.getByText('2 utilisateurs trouvés').waitFor();
    await field(pageM, 'Nom, prénom ou adresse électronique').fill(u.lastName);
    await pageM.getByRole('button', { name: 'Rechercher' }).click();
    await pageM.getByText('1 utilisateur trouvé').waitFor();
    const href = await pageM
      .getByRole('link', { name: 'Exporter les utilisateurs (fichier CSV)' })
      .getAttribute('href');
    assert.ok(href, 'the export is a link');
    assert.ok(href.includes('members.csv') && href.includes(`q=${u.lastName}`), href);
    const csv = await pageM.context().request.get(href);
    assert.equal(csv.status(), 200);
    const text = await csv.text();
    assert.ok(text.includes(u.email) && !text.includes(m.email), 'the export follows the filter');
    assert.deepEqual(await accessibilityViolations(pageM), []);

    await pageM.getByRole('link', { name: `Afficher ${u.firstName} ${u.lastName}` }).click();
    await pageM.getByRole('heading', { name: 'Afficher un utilisateur', level: 1 }).waitFor();
    await pageM.getByRole('heading', { name: `${u.firstName} ${u.lastName}`, level: 2 }).waitFor();
    await pageM.getByRole('cell', { name: 'ATELIER – Atelier de Saint-Herblain' }).waitFor();
    await pageM.getByRole('listitem').filter({ hasText: 'Factures émises modification' }).waitFor();
  });

  test('« Détacher un utilisateur »: never the last main manager; a member loses the structure', async () => {
    await openApplication(pageM, 'Utilisateurs', 'Détacher un utilisateur');
    await pageM.getByRole('button', { name: `Détacher ${m.firstName} ${m.lastName}` }).click();
    await pageM.getByRole('button', { name: 'Confirmer le détachement' }).click();
    await pageM
      .getByRole('alert')
      .filter({ hasText: 'Une structure garde toujours un gestionnaire principal' })
      .waitFor();

    await pageM.getByRole('button', { name: `Détacher ${u.firstName} ${u.lastName}` }).click();
    await pageM.getByRole('button', { name: 'Confirmer le détachement' }).click();
    await pageM.getByText(`${u.firstName} ${u.lastName} a été détaché de la structure.`).waitFor();

    await pageU.reload();
    await pageU.getByText('Votre compte n’est rattaché à aucune structure pour le moment.').waitFor();
  });

  test('from the welcome dialog, a request; its refusal needs a comment, which the requester reads in « Historique de mes demandes »', async () => {
    // The welcome dialog of the first sign-in leads straight to the request.
    await signUp(pageV, v);
    await openActivationLink(pageV, h, v);
    await setPassword(pageV, v.password);
    await pageV.getByText('Votre compte est maintenant activé.').waitFor();
    await signInWithMailCode(pageV, h, v);
    const welcome = pageV.getByRole('dialog', { name: 'Félicitations ! Votre compte utilisateur est créé.' });
    // The webinar's two boxes and their blue links.
    await welcome.getByRole('heading', { name: 'Créer une nouvelle structure', exact: true }).waitFor();
    await welcome.getByRole('link', { name: 'Créer une nouvelle structure', exact: true }).waitFor();
    await welcome.getByRole('heading', { name: 'Rattacher mon compte à une structure', exact: true }).waitFor();
    await welcome.getByRole('link', { name: 'Demander un rattachement à une structure', exact: true }).click();
    await pageV.getByRole('heading', { name: 'Demander un rattachement à une structure', level: 1 }).waitFor();
    await welcome.waitFor({ state: 'detached' });
    await pageV.getByRole('radio', { name: 'Je souhaite faire un rattachement à la maille service' }).check();
    const search = field(pageV, 'Libellé de la structure');
    // The webinar's hint, read with the field (aria-describedby).
    assert.equal(
      await search.evaluate((input) =>
        (input.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      ),
      'Vous pouvez rechercher par "Identifiant", "Raison sociale" ou "Libellé de la structure"',
    );
    await search.fill('menuiserie');
    await pageV.getByRole('button', { name: 'Rechercher', exact: true }).click();
    // The webinar's filters: « SIRET », « Privée », and a town that hides the result until cleared.
    await field(pageV, 'Type d’identifiant').selectOption('SIRET');
    await field(pageV, 'Type de structure').selectOption('PRIVEE');
    await field(pageV, 'Ville').fill('Quimper');
    await pageV.getByText('Aucune structure active ne correspond à votre recherche.').waitFor();
    await field(pageV, 'Ville').fill('');
    await pageV.getByRole('radio', { name: new RegExp(`^${SIRET} – ${NAME}`) }).check();
    await field(pageV, 'Service').selectOption({ label: 'ATELIER – Atelier de Saint-Herblain' });
    await field(pageV, 'Commentaire pour expliquer votre demande').fill('Je travaille à l’atelier.');
    await pageV.getByRole('button', { name: 'Soumettre' }).click();
    await pageV.getByText('Votre demande de rattachement a été envoyée.', { exact: false }).waitFor();

    await pageM.goto('/organisation/utilisateurs/demandes');
    await pageM.getByText('Je travaille à l’atelier.').waitFor();
    await pageM.getByRole('button', { name: `Refuser la demande de ${v.firstName} ${v.lastName}` }).click();
    assert.match(await fieldError(pageM, 'Commentaire'), /Le champ « Commentaire » est obligatoire\./);
    await field(pageM, 'Commentaire').fill('Merci de passer par votre chef d’atelier.');
    await pageM.getByRole('button', { name: `Refuser la demande de ${v.firstName} ${v.lastName}` }).click();
    await pageM.getByText(`La demande de ${v.firstName} ${v.lastName} est refusée.`).waitFor();

    await openMenuPage(pageV, v, 'Historique de mes demandes');
    const request = row(pageV, SIRET);
    await request.getByText('Refusée').waitFor();
    await request.getByRole('cell', { name: 'Merci de passer par votre chef d’atelier.' }).waitFor();
    assert.deepEqual(await accessibilityViolations(pageV), []);
  });

  test('every Organisation page and the confirmation dialog pass the WCAG AA checks', async () => {
    for (const path of [
      '/organisation',
      '/organisation/structures',
      '/organisation/structures/gerer',
      '/organisation/utilisateurs',
      '/organisation/utilisateurs/demander-un-rattachement?q=menuiserie',
      '/organisation/utilisateurs/rattacher',
      '/organisation/utilisateurs/afficher',
      '/organisation/utilisateurs/habilitations',
      '/organisation/utilisateurs/demandes',
      '/mon-compte/rattachements',
      '/mon-compte/demandes',
    ]) {
      await pageM.goto(path);
      await pageM.locator('main h1').waitFor();
      await pageM.getByLabel(common.loading).first().waitFor({ state: 'detached' });
      assert.deepEqual(await accessibilityViolations(pageM), [], `${path}: WCAG AA`);
    }
    await pageM.goto('/organisation/utilisateurs/detacher');
    await pageM.getByRole('button', { name: `Détacher ${m.firstName} ${m.lastName}` }).click();
    await pageM.getByRole('dialog', { name: 'Détacher un utilisateur' }).waitFor();
    await pageM.waitForTimeout(400); // the opening transition
    assert.deepEqual(await accessibilityViolations(pageM), [], 'confirmation dialog: WCAG AA');
  });
});
