import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations } from './axe.ts';
import { startHarness, type Harness } from './harness.ts';
import { createAccount, createStructure, field, fieldError, newUser, type TestUser } from './journey-steps.ts';

const SUPPLIER_SIRET = '89934607600024';
const ENTITY_SIRET = '13001727000013';
const SUBCATEGORY = 'M - Question pour le destinataire de ma facture';

/** A JSON call of the API with the browser context's cookies and its CSRF token (set-up only). */
async function callApi<T>(context: BrowserContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const csrf = (await context.cookies()).find((c) => c.name === 'chorale_csrf')?.value ?? '';
  const response = await context.request.fetch(path, {
    method,
    headers: { 'x-csrf-token': csrf, accept: 'application/json' },
    data,
  });
  const body = (await response.json()) as T;
  assert.ok(response.ok(), `${method} ${path} answered ${response.status()}: ${JSON.stringify(body)}`);
  return body;
}

/** Opens « Accueil portail de support » the webinar's way: « Support », then « Nous contacter ». */
async function openPortal(page: Page): Promise<void> {
  await page.goto('/support');
  await page.getByRole('link', { name: 'Accueil portail de support' }).click();
  await page.getByRole('heading', { name: 'Accueil portail de support', level: 1 }).waitFor();
}

async function openFromPortal(page: Page, application: string): Promise<void> {
  await openPortal(page);
  await page.getByRole('link', { name: `Accéder : ${application}` }).click();
  await page.getByRole('heading', { name: application, level: 1 }).waitFor();
}

const statusOf = (page: Page) =>
  page.getByRole('region', { name: 'Informations générales' }).locator('dd[data-label="Statut"]');

async function expectStatus(page: Page, status: string): Promise<void> {
  await statusOf(page).getByText(status, { exact: true }).waitFor();
}

/** The ticket's row in the current list, by its number. */
const ticketRow = (page: Page, number: string) =>
  page.getByRole('table', { name: 'Liste des tickets' }).getByRole('row').filter({ hasText: number });

async function act(page: Page, message: string, button: string, done: string): Promise<void> {
  if (message) await field(page, 'Message').fill(message);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByText(done).waitFor();
}

// Issue « Support »: a supplier's question to the recipient of its invoice, answered through tickets.
describe('support journey: ticket to the recipient of an invoice, information asked, answered, resolved, accepted', () => {
  let h: Harness;
  let supplier: { context: BrowserContext; page: Page };
  let entity: { context: BrowserContext; page: Page };
  const a: TestUser = newUser('Alice', 'Lecointre');
  const b: TestUser = newUser('Claire', 'Achats');
  let invoiceNumber = '';
  let ticketNumber = '';

  before(async () => {
    h = await startHarness();
    supplier = await h.newPage();
    entity = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  test('set-up: the supplier LECOINTRE PARIS sends an invoice to the CCI, whose manager has an account', async () => {
    await createAccount(supplier.page, h, a);
    await createStructure(supplier.page, SUPPLIER_SIRET, 'Lecointre Paris');
    const mine = await callApi<{ items: { structure: { id: number; identifier: string } }[] }>(
      supplier.context,
      'GET',
      '/api/memberships/mine',
    );
    const structureId = mine.items.find((m) => m.structure.identifier === SUPPLIER_SIRET)!.structure.id;
    const draft = await callApi<{ id: number }>(supplier.context, 'POST', '/api/invoices', {
      supplierStructureId: structureId,
      recipientIdentifier: ENTITY_SIRET,
      invoiceDate: new Date().toISOString().slice(0, 10),
      paymentMode: 'CHEQUE',
    });
    await callApi(supplier.context, 'POST', `/api/invoices/${draft.id}/lines`, {
      name: 'Chaises A Tolux',
      quantity: '20',
      unitPrice: '320',
      vatRate: '10',
    });
    ({ number: invoiceNumber } = await callApi<{ number: string }>(
      supplier.context,
      'POST',
      `/api/invoices/${draft.id}/submit`,
      {},
    ));
    assert.ok(invoiceNumber);

    await createAccount(entity.page, h, b);
    await h.runCommand('assign-manager.ts', [ENTITY_SIRET, b.email]);
  });

  test('the supplier creates an « M - » ticket about its invoice with an attachment', async () => {
    const { page } = supplier;
    await openFromPortal(page, 'Créer un ticket');
    await field(page, 'Catégorie').selectOption({ label: 'Factures émises' });
    await field(page, 'Sous-catégorie').selectOption({ label: SUBCATEGORY });
    assert.equal(await field(page, 'Type d’objet').inputValue(), 'FACTURE', 'the subcategory is about an invoice');
    await page
      .getByRole('region', { name: 'Organisation destinataire' })
      .getByText('destinataire de la facture')
      .waitFor();
    await field(page, 'N° objet').fill(invoiceNumber);
    assert.equal(await field(page, 'Désignation').inputValue(), 'LECOINTRE PARIS', 'filled from the organisation');
    assert.equal(await field(page, 'E-mail du contact').inputValue(), a.email);
    await field(page, 'Téléphone du contact').fill('01 23 45 67 89');
    await field(page, 'Description longue').fill('Bonjour, je n’ai toujours pas été payé pour cette facture.');
    await field(page, 'Pièces jointes').setInputFiles({
      name: 'facture.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await page.getByText('facture.pdf (15 o)').waitFor();

    // Nothing typed is lost when a required field is missing.
    await page.getByRole('button', { name: 'Soumettre' }).click();
    assert.match(await fieldError(page, 'Titre / Résumé'), /Le champ « Titre \/ Résumé » est obligatoire\./);
    assert.equal(await field(page, 'N° objet').inputValue(), invoiceNumber);
    assert.equal(await field(page, 'Sous-catégorie').inputValue(), SUBCATEGORY);
    assert.deepEqual(await accessibilityViolations(page), []);

    await field(page, 'Titre / Résumé').fill('Paiement');
    await page.getByRole('button', { name: 'Soumettre' }).click();
    const heading = page.getByRole('heading', { name: /^Ticket CHORS\d{8}$/, level: 1 });
    await heading.waitFor();
    ticketNumber = (await heading.innerText()).replace('Ticket ', '');
    await page.getByText(`Votre ticket ${ticketNumber} a été soumis au support.`).waitFor();
    await expectStatus(page, 'Ouvert');
    const content = page.getByRole('tabpanel', { name: 'Contenu du ticket' });
    await content.getByText(ENTITY_SIRET).waitFor();
    await content.getByText('CCI REGION PARIS ILE FRANCE', { exact: false }).waitFor();
    await page.getByRole('tab', { name: 'Pièces jointes' }).click();
    await page.getByRole('link', { name: 'Télécharger facture.pdf' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  test('the public entity finds it in « Tickets reçus » and asks for information', async () => {
    const { page } = entity;
    await openFromPortal(page, 'Tickets reçus');
    await ticketRow(page, ticketNumber).getByRole('cell', { name: 'Ouvert', exact: true }).waitFor();
    await page.getByRole('link', { name: `Consulter le ticket ${ticketNumber}` }).click();
    await page.getByRole('heading', { name: `Ticket ${ticketNumber}`, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Pièces jointes' }).click();
    await page.getByRole('link', { name: 'Télécharger facture.pdf' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Accepter la solution' }).count(), 0, 'not the receiver’s');

    await page.getByRole('button', { name: 'Demander des informations' }).click();
    assert.match(await fieldError(page, 'Message'), /Le message est obligatoire pour cette action\./);
    await act(
      page,
      'Pouvez-vous nous envoyer votre RIB ?',
      'Demander des informations',
      'La demande d’informations a été envoyée à l’émetteur.',
    );
    await expectStatus(page, 'En attente d’informations');
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  test('the supplier finds it under « Actions requises » and sends the information', async () => {
    const { page } = supplier;
    await openFromPortal(page, 'Tickets émis');
    assert.equal(await page.getByRole('tab', { name: 'Actions requises' }).getAttribute('aria-selected'), 'true');
    await ticketRow(page, ticketNumber).getByRole('cell', { name: 'En attente d’informations' }).waitFor();
    await page.getByRole('link', { name: `Consulter le ticket ${ticketNumber}` }).click();
    await page.getByRole('heading', { name: `Ticket ${ticketNumber}`, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Activités' }).click();
    await page.getByRole('tabpanel', { name: 'Activités' }).getByText('Pouvez-vous nous envoyer votre RIB ?').waitFor();
    // Issue 14: the creation entry says what happened, not only a status.
    await page
      .getByRole('tabpanel', { name: 'Activités' })
      .getByText('Ticket créé et soumis au support • Statut : Ouvert')
      .waitFor();
    await act(
      page,
      'RIB joint : FR76 3000 6000 0112 3456 7890 189.',
      'Transmettre les informations demandées',
      'Les informations ont été transmises',
    );
    await expectStatus(page, 'Ouvert');
  });

  test('the public entity resolves the ticket', async () => {
    const { page } = entity;
    await page.reload();
    await page.getByRole('heading', { name: `Ticket ${ticketNumber}`, level: 1 }).waitFor();
    await expectStatus(page, 'Ouvert');
    await act(page, 'Paiement effectué le 2 décembre.', 'Résoudre', 'Le ticket est résolu');
    await expectStatus(page, 'Résolu');
  });

  test('the supplier accepts the solution and finds the ticket under « Clôturés »', async () => {
    const { page } = supplier;
    await openFromPortal(page, 'Tickets émis');
    await ticketRow(page, ticketNumber).getByRole('cell', { name: 'Résolu', exact: true }).waitFor();
    await page.getByRole('link', { name: `Consulter le ticket ${ticketNumber}` }).click();
    await page.getByRole('heading', { name: `Ticket ${ticketNumber}`, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Renvoyer le ticket' }).waitFor();
    await act(page, '', 'Accepter la solution', 'Vous avez accepté la solution');
    await expectStatus(page, 'Fermé');
    assert.equal(await page.getByRole('button', { name: 'Fermer le ticket' }).count(), 0, 'no action once closed');
    const activities = page.getByRole('list', { name: 'Activités du ticket, les plus récentes en premier' });
    await page.getByRole('tab', { name: 'Activités' }).click();
    const first = activities.getByRole('listitem').first();
    await first.getByText('Statut : Fermé').waitFor();

    await openFromPortal(page, 'Tickets émis');
    await page.getByRole('tab', { name: 'Clôturés' }).click();
    await ticketRow(page, ticketNumber).getByRole('cell', { name: 'Fermé', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Actions requises' }).click();
    await page.getByText('Aucun ticket à afficher').waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);
  });
});
