import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './axe.ts';
import { linkIn, startHarness, type Harness } from './harness.ts';
import { createAccount, field, newUser, openMenuPage, type TestUser } from './journey-steps.ts';

const SIRET = '89934607600024';

/** Waits until the message under the field (bound by aria-describedby) matches. */
async function expectFieldError(page: Page, label: string, expected: RegExp): Promise<void> {
  const input = field(page, label);
  let last = '';
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if ((await input.getAttribute('aria-invalid')) === 'true') {
      const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
      const texts = await Promise.all(
        ids.map((id) =>
          page
            .locator(`[id="${id}"]`)
            .innerText()
            .catch(() => ''),
        ),
      );
      last = texts.join(' ');
      if (expected.test(last)) return;
    }
    await page.waitForTimeout(100);
  }
  assert.fail(`« ${label} »: expected a message matching ${expected}, got « ${last} »`);
}

async function openApplication(page: Page, domain: 'Structures' | 'Utilisateurs', application: string) {
  await page.goto('/organisation');
  await page.getByRole('heading', { name: 'Domaines Organisation', level: 1 }).waitFor();
  await page.getByRole('link', { name: `Accéder à l’application : ${domain}` }).click();
  await page.getByRole('heading', { name: `Les applications du domaine ${domain}`, level: 1 }).waitFor();
  await page.getByRole('link', { name: `Accéder : ${application}` }).click();
  await page.getByRole('heading', { name: application, level: 1 }).waitFor();
}

/** The banner of a submit with fields to correct. */
const fieldsToCorrect = (page: Page) =>
  page.getByRole('alert').filter({ hasText: 'Certains champs sont à corriger : voyez le message à côté de chacun.' });

const profileRow = (page: Page, profile: string) =>
  page.getByRole('table', { name: 'Vos habilitations par structure' }).getByRole('row').filter({ hasText: profile });

// Issue « Organisation »: the webinar's structure creation, membership request and habilitations.
describe('organisation journey: structure, membership request, approval, habilitations', () => {
  let h: Harness;
  let pageA: Page;
  let pageB: Page;
  const a: TestUser = newUser('Alice', 'Lecointre');
  const b: TestUser = newUser('Bruno', 'Martin');

  before(async () => {
    h = await startHarness();
    ({ page: pageA } = await h.newPage());
    ({ page: pageB } = await h.newPage());
  });
  after(async () => {
    await h?.close();
  });

  test('« Créer une structure »: bad SIRETs are explained next to the field and the typed number stays', async () => {
    await createAccount(pageA, h, a);
    await openApplication(pageA, 'Structures', 'Créer une structure');
    await pageA.getByText('Le numéro de SIRET est composé de 14 chiffres.', { exact: false }).waitFor();
    const siret = field(pageA, 'Identifiant Siret');

    await siret.fill('8993460760002');
    await siret.press('Tab');
    await expectFieldError(pageA, 'Identifiant Siret', /Le numéro SIRET comporte 14 chiffres \(13 saisis\)\./);
    assert.equal(await siret.inputValue(), '8993460760002');

    await siret.fill('89934607600025');
    await expectFieldError(pageA, 'Identifiant Siret', /clé de contrôle incorrecte/);
    assert.equal(await siret.inputValue(), '89934607600025');

    await siret.fill('8993460760002A');
    await expectFieldError(pageA, 'Identifiant Siret', /ne contient que des chiffres/);
    assert.equal(await siret.inputValue(), '8993460760002A');
    assert.equal(
      await pageA.getByText('Cette structure n’est pas présente dans Chorale.', { exact: false }).count(),
      0,
    );
    await pageA.getByRole('button', { name: 'Soumettre' }).click();
    await fieldsToCorrect(pageA).waitFor();
  });

  test('A creates LECOINTRE PARIS from the registry data and becomes its main manager', async () => {
    await field(pageA, 'Identifiant Siret').fill(SIRET);
    await pageA.getByText('Cette structure n’est pas présente dans Chorale.', { exact: false }).waitFor();
    assert.equal(await field(pageA, 'Identifiant Siret').getAttribute('aria-invalid'), null);
    // The SIRET corrected, no field is left to correct: the banner of the last submit is gone.
    await fieldsToCorrect(pageA).waitFor({ state: 'detached' });
    assert.equal(await field(pageA, 'Raison Sociale').inputValue(), 'LECOINTRE PARIS');
    assert.equal(await field(pageA, 'Adresse').inputValue(), '64 RUE MEDERIC');
    assert.equal(await field(pageA, 'Ville').inputValue(), 'LA GARENNE-COLOMBES');
    assert.equal(await field(pageA, 'Code postal').inputValue(), '92250');
    assert.equal(await field(pageA, 'Pays').inputValue(), 'FR');
    assert.equal(await field(pageA, 'Type de structure').inputValue(), 'PRIVEE');
    assert.deepEqual(await accessibilityViolations(pageA), []);

    await field(pageA, 'Libellé de la structure').fill('Lecointre Paris');
    await pageA.getByRole('button', { name: 'Soumettre' }).click();
    await pageA.getByRole('heading', { name: 'Les applications du domaine Structures', level: 1 }).waitFor();
    await pageA.getByText('L’envoi des données pour "Créer une structure" a bien été effectué.').waitFor();

    await openMenuPage(pageA, a, 'Mes habilitations');
    await profileRow(pageA, 'Organisation modification').first().waitFor();
    await openMenuPage(pageA, a, 'Mes rattachements');
    const row = pageA.getByRole('row').filter({ hasText: SIRET });
    await row.getByRole('cell', { name: 'Gestionnaire principal' }).waitFor();
  });

  test('B finds the structure already known and asks to join it with a comment', async () => {
    await createAccount(pageB, h, b);
    await openApplication(pageB, 'Structures', 'Créer une structure');
    await field(pageB, 'Identifiant Siret').fill(SIRET);
    await pageB.getByText('Cette structure est déjà présente dans Chorale.').waitFor();
    await pageB.getByRole('link', { name: 'Demander un rattachement à cette structure' }).click();

    await pageB.getByRole('heading', { name: 'Demander un rattachement à une structure', level: 1 }).waitFor();
    await pageB
      .getByText('Il est strictement inutile de demander à vous rattacher au SIRET des destinataires', { exact: false })
      .waitFor();
    const option = pageB.getByRole('radio', { name: new RegExp(`^${SIRET} – LECOINTRE PARIS`) });
    await option.waitFor();
    assert.ok(await option.isChecked(), 'the structure found at creation is chosen');
    assert.ok(
      await pageB.getByRole('radio', { name: 'Je souhaite faire un rattachement à la maille structure' }).isChecked(),
    );

    await pageB.getByRole('button', { name: 'Soumettre' }).click();
    await expectFieldError(
      pageB,
      'Commentaire pour expliquer votre demande',
      /Le champ « Commentaire pour expliquer votre demande » est obligatoire\./,
    );
    assert.ok(await option.isChecked(), 'the choice is kept');
    await field(pageB, 'Commentaire pour expliquer votre demande').fill(
      'Comptable chez Lecointre Paris, je dépose les factures.',
    );
    await pageB.getByRole('button', { name: 'Soumettre' }).click();
    await pageB.getByText('Votre demande de rattachement a été envoyée.', { exact: false }).waitFor();

    await openMenuPage(pageB, b, 'Historique de mes demandes');
    const request = pageB.getByRole('row').filter({ hasText: SIRET });
    await request.getByText('En cours de validation').waitFor();
    await request.getByRole('cell', { name: 'Comptable chez Lecointre Paris, je dépose les factures.' }).waitFor();
  });

  test('A accepts the request from the link of the mail', async () => {
    const mail = await h.waitForMail(a.email, (m) => m.subject.includes('Demande de rattachement'));
    await pageA.goto(linkIn(mail, `${h.baseUrl}/organisation/utilisateurs/demandes`));
    await pageA.getByRole('heading', { name: 'Demandes de rattachement à traiter', level: 1 }).waitFor();
    await pageA.getByText('Comptable chez Lecointre Paris, je dépose les factures.').waitFor();
    await field(pageA, 'Commentaire').fill('Bienvenue Bruno.');
    await pageA.getByRole('button', { name: `Accepter la demande de ${b.firstName} ${b.lastName}` }).click();
    // Issue 14: gender-neutral (was « il reçoit les profils… »).
    await pageA
      .getByText(
        `La demande de ${b.firstName} ${b.lastName} est acceptée : les profils d’un utilisateur simple lui sont attribués.`,
      )
      .waitFor();
    await pageA.getByText('Aucune demande de rattachement n’attend votre décision.').waitFor();
  });

  test('B sees the structure in « Mes rattachements » and, from the acceptance mail’s link, his profiles in « Mes habilitations »', async () => {
    await openMenuPage(pageB, b, 'Mes rattachements');
    const row = pageB.getByRole('row').filter({ hasText: SIRET });
    await row.getByRole('cell', { name: 'LECOINTRE PARIS', exact: true }).waitFor();
    await row.getByRole('cell', { name: 'Utilisateur simple' }).waitFor();

    // The acceptance mail's « Mes habilitations » leads to that page.
    const mail = await h.waitForMail(b.email, (m) => m.subject.includes('est acceptée'));
    const link = /Voir mes habilitations : (\S+)/.exec(mail.text)?.[1];
    assert.ok(link, `a link to « Mes habilitations » in « ${mail.subject} »`);
    assert.equal(new URL(link).origin, h.baseUrl);
    await pageB.goto(link);
    await pageB.getByRole('heading', { name: 'Mes habilitations', level: 1 }).waitFor();
    await profileRow(pageB, 'Organisation consultation').waitFor();
    await profileRow(pageB, 'Factures émises modification').waitFor();
    assert.equal(await profileRow(pageB, 'Organisation modification').count(), 0, 'a simple user cannot modify');
    assert.deepEqual(await accessibilityViolations(pageB), []);

    await openApplication(pageB, 'Structures', 'Gérer une structure');
    await pageB.getByRole('cell', { name: '64 RUE MEDERIC' }).waitFor();
    assert.equal(await pageB.getByRole('button', { name: 'Modifier' }).count(), 0, 'no modification for B');
  });

  test('A removes « Organisation consultation » from B: B loses that access at once', async () => {
    await openApplication(pageA, 'Utilisateurs', 'Gérer les habilitations des utilisateurs');
    await field(pageA, 'Utilisateur').selectOption({ label: `${b.firstName} ${b.lastName} (${b.email})` });
    const box = pageA.getByRole('checkbox', { name: 'Organisation consultation', exact: true });
    assert.ok(await box.isChecked());
    await box.uncheck();
    await pageA.getByRole('button', { name: 'Enregistrer' }).click();
    await pageA.getByText(`Les habilitations de ${b.firstName} ${b.lastName} ont été enregistrées.`).waitFor();

    await openApplication(pageB, 'Structures', 'Gérer une structure');
    await pageB
      .getByRole('alert')
      .filter({
        hasText: 'Votre profil ne permet pas cette action : il faut l’habilitation « Organisation consultation »',
      })
      .waitFor();
    assert.equal(await pageB.getByRole('cell', { name: '64 RUE MEDERIC' }).count(), 0);
    await openMenuPage(pageB, b, 'Mes habilitations');
    await profileRow(pageB, 'Factures émises modification').waitFor();
    assert.equal(await profileRow(pageB, 'Organisation consultation').count(), 0);
  });

  test('« Créer une coordonnée bancaire »: a wrong IBAN is explained next to the field, everything typed stays, the banner goes once it is corrected', async () => {
    await openApplication(pageA, 'Structures', 'Créer une coordonnée bancaire');
    await field(pageA, 'Titulaire du compte').fill('LECOINTRE PARIS');
    await field(pageA, 'IBAN').fill('FR76 3000 6000 0112 3456 7890 188');
    await field(pageA, 'BIC').fill('BNPAFRPPXXX');
    await pageA.getByRole('button', { name: 'Créer la coordonnée bancaire' }).click();
    await expectFieldError(pageA, 'IBAN', /Cet IBAN n’est pas valide \(clé de contrôle incorrecte\)/);
    assert.equal(await field(pageA, 'IBAN').inputValue(), 'FR76 3000 6000 0112 3456 7890 188');
    assert.equal(await field(pageA, 'Titulaire du compte').inputValue(), 'LECOINTRE PARIS');
    assert.equal(await field(pageA, 'BIC').inputValue(), 'BNPAFRPPXXX');
    await fieldsToCorrect(pageA).waitFor();

    // The IBAN corrected, no field is left to correct: the banner of the last submit is gone.
    await field(pageA, 'IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
    await field(pageA, 'IBAN').press('Tab');
    await fieldsToCorrect(pageA).waitFor({ state: 'detached' });
    assert.equal(await field(pageA, 'IBAN').getAttribute('aria-invalid'), null);
    assert.equal(await field(pageA, 'IBAN').inputValue(), 'FR76 3000 6000 0112 3456 7890 189');
    assert.equal(await field(pageA, 'Titulaire du compte').inputValue(), 'LECOINTRE PARIS');
    assert.equal(await field(pageA, 'BIC').inputValue(), 'BNPAFRPPXXX');

    await field(pageA, 'IBAN').fill('FR76 3000 6000 0112');
    await field(pageA, 'IBAN').press('Tab');
    await expectFieldError(pageA, 'IBAN', /Un IBAN FR comporte 27 caractères \(16 saisis\)\./);

    await field(pageA, 'IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
    await pageA
      .locator('input[type="file"]')
      .setInputFiles({ name: 'rib.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await pageA.getByRole('button', { name: 'Créer la coordonnée bancaire' }).click();
    await pageA.getByText('La coordonnée bancaire a été créée.').waitFor();
    await pageA.getByRole('cell', { name: 'FR76 3000 6000 0112 3456 7890 189' }).waitFor();
    await pageA.getByRole('link', { name: 'rib.pdf' }).waitFor();
    assert.deepEqual(await accessibilityViolations(pageA), []);
  });
});
