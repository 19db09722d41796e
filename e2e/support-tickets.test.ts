import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './axe.ts';
import { startHarness, type Harness } from './harness.ts';
import { createAccount, createStructure, field, fieldError, newUser, type TestUser } from './journey-steps.ts';

const SIRET = '89934607600024';

async function openIssued(page: Page, tab: string): Promise<void> {
  await page.goto('/support/tickets');
  await page.getByRole('heading', { name: 'Tickets émis', level: 1 }).waitFor();
  await page.getByRole('tab', { name: tab }).click();
  await page.getByText(/tickets? affichés?|Aucun ticket à afficher/).waitFor();
}

const table = (page: Page) => page.getByRole('table', { name: 'Liste des tickets' });
/** The « Description brève » of the first row of the list. */
/** Waits until the first row shows `title` (the sorted page arrives after the header's aria-sort changes). */
const firstTitleIs = (page: Page, title: string) =>
  table(page).getByRole('row').nth(1).getByRole('cell').nth(1).filter({ hasText: title }).waitFor();

// Issue « Support »: drafts, server messages next to their field, the lists' search, sorting and export.
describe('support tickets: drafts, server checks, keyword search, sorting, closing', () => {
  let h: Harness;
  let page: Page;
  const a: TestUser = newUser('Alice', 'Lecointre');

  before(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
  });
  after(async () => {
    await h?.close();
  });

  test('« Enregistrer » keeps a draft, found under « Brouillons », then submitted to the platform support', async () => {
    await createAccount(page, h, a);
    await createStructure(page, SIRET, 'Lecointre Paris');
    await page.goto('/support/tickets/nouveau');
    await page.getByRole('heading', { name: 'Créer un ticket', level: 1 }).waitFor();
    await field(page, 'Catégorie').selectOption({ label: 'Organisation' });
    await field(page, 'Sous-catégorie').selectOption({ label: 'Gestion des structures' });
    assert.equal(await page.getByRole('region', { name: 'Organisation destinataire' }).count(), 0, 'not « M - »');
    await field(page, 'Titre / Résumé').fill('Brouillon de test');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: 'Modifier le brouillon de ticket', level: 1 }).waitFor();
    await page.getByText('Le brouillon de ticket est enregistré.', { exact: false }).waitFor();
    assert.equal(await field(page, 'Titre / Résumé').inputValue(), 'Brouillon de test');

    await openIssued(page, 'Brouillons');
    await table(page).getByRole('cell', { name: 'Brouillon', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Modifier le brouillon Brouillon de test' }).click();
    await page.getByRole('heading', { name: 'Modifier le brouillon de ticket', level: 1 }).waitFor();
    assert.equal(await field(page, 'Sous-catégorie').inputValue(), 'Gestion des structures');
    await field(page, 'Description longue').fill('Comment ajouter un service à ma structure ?');
    await page.getByRole('button', { name: 'Soumettre' }).click();
    await page.getByRole('heading', { name: /^Ticket CHORS\d{8}$/, level: 1 }).waitFor();
    await page.getByRole('tabpanel', { name: 'Contenu du ticket' }).getByText('Support de la plateforme').waitFor();
    await page.getByRole('button', { name: 'Fermer le ticket' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Accepter la solution' }).count(), 0, 'nothing to accept yet');
  });

  test('an invoice number the user cannot see is explained next to « N° objet » and everything typed stays', async () => {
    await page.goto('/support/tickets/nouveau?objet=FACTURE&numero=GV10');
    await page.getByRole('heading', { name: 'Créer un ticket', level: 1 }).waitFor();
    assert.equal(await field(page, 'Sous-catégorie').inputValue(), 'M - Question pour le destinataire de ma facture');
    await field(page, 'Titre / Résumé').fill('Question de saisie');
    await field(page, 'Description longue').fill('La facture GV10 est introuvable.');
    await page.getByRole('button', { name: 'Soumettre' }).click();
    assert.match(await fieldError(page, 'N° objet'), /Aucune facture n° GV10/);
    assert.equal(await field(page, 'N° objet').inputValue(), 'GV10');
    assert.equal(await field(page, 'Titre / Résumé').inputValue(), 'Question de saisie');
    assert.equal(await field(page, 'Description longue').inputValue(), 'La facture GV10 est introuvable.');
    assert.deepEqual(await accessibilityViolations(page), []);

    await field(page, 'Sous-catégorie').selectOption({ label: 'Saisie d’une facture' });
    await field(page, 'Type d’objet').selectOption({ label: 'Aucun' });
    await field(page, 'N° objet').fill('');
    await page.getByRole('button', { name: 'Soumettre' }).click();
    await page.getByRole('heading', { name: /^Ticket CHORS\d{8}$/, level: 1 }).waitFor();
  });

  test('« En cours »: sorting by a click on a column, keyword search, « Réinitialiser les filtres », export', async () => {
    await openIssued(page, 'En cours');
    await page.getByText('1 - 2 sur 2 tickets affichés').waitFor();
    await page.getByRole('button', { name: 'Trier par Description brève' }).click();
    await page.locator('th[aria-sort="ascending"]').filter({ hasText: 'Description brève' }).waitFor();
    await firstTitleIs(page, 'Brouillon de test');
    await page.getByRole('button', { name: 'Trier par Description brève' }).click();
    await page.locator('th[aria-sort="descending"]').filter({ hasText: 'Description brève' }).waitFor();
    await firstTitleIs(page, 'Question de saisie');

    await field(page, 'Recherche par mot clé').fill('saisie');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('1 - 1 sur 1 ticket affiché').waitFor();
    const exportLink = page.getByRole('link', { name: 'Exporter le tableau' });
    assert.equal(await exportLink.getAttribute('href'), '/api/tickets/export.csv?tab=open&q=saisie');
    await page.getByRole('button', { name: 'Réinitialiser les filtres' }).click();
    await page.getByText('1 - 2 sur 2 tickets affichés').waitFor();
    assert.equal(await field(page, 'Recherche par mot clé').inputValue(), '');
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  test('« Fermer le ticket » closes an open ticket: it moves to « Clôturés »', async () => {
    await page
      .getByRole('link', { name: /^Consulter le ticket CHORS/ })
      .first()
      .click();
    await page.getByRole('heading', { name: /^Ticket CHORS\d{8}$/, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Fermer le ticket' }).click();
    await page.getByText('Le ticket est fermé.').waitFor();
    await page.getByText('Aucune action n’est attendue de votre part sur ce ticket.').waitFor();
    await openIssued(page, 'Clôturés');
    await page.getByText('1 - 1 sur 1 ticket affiché').waitFor();
    await table(page).getByRole('cell', { name: 'Fermé', exact: true }).waitFor();
  });
});
