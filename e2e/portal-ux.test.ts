import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityViolationsAtWidths } from './axe.ts';
import { startHarness, type Harness } from './harness.ts';
import {
  addBankAccount,
  createAccount,
  createStructure,
  field,
  newUser,
  openMenuPage,
  type TestUser,
} from './journey-steps.ts';

const SUPPLIER_SIRET = '89934607600024';
const ENTITY_SIRET = '13001727000013';

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

// Issue 14, « The portal, as a user meets it »: contrast, phone width, focus, wording.
describe('issue 14: the portal as a user meets it (contrast, 390 px, focus, habilitations, sign-in block)', () => {
  let h: Harness;
  let supplier: { context: BrowserContext; page: Page };
  let entity: { context: BrowserContext; page: Page };
  const user: TestUser = newUser('Camille', 'Lecointre');
  const clerk: TestUser = newUser('Dominique', 'Acheteur');
  let invoiceId = 0;
  let invoiceNumber = '';

  before(async () => {
    h = await startHarness();
    supplier = await h.newPage();
    entity = await h.newPage();
    await createAccount(supplier.page, h, user);
    await createStructure(supplier.page, SUPPLIER_SIRET, 'Lecointre Paris');
    await addBankAccount(supplier.page, 'LECOINTRE PARIS');
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
    invoiceId = draft.id;
    ({ number: invoiceNumber } = await callApi<{ number: string }>(
      supplier.context,
      'POST',
      `/api/invoices/${draft.id}/submit`,
      {},
    ));
    await createAccount(entity.page, h, clerk);
    await h.runCommand('assign-manager.ts', [ENTITY_SIRET, clerk.email]);
  });
  after(async () => {
    await h?.close();
  });

  test('« Demander un rattachement »: the orange warning’s title is readable, at 1280 and 390 px', async () => {
    const { page } = supplier;
    await page.goto('/organisation/utilisateurs/demander-un-rattachement');
    await page.getByRole('heading', { name: 'Demander un rattachement', level: 1 }).waitFor();
    await page.getByRole('alert').first().waitFor();
    assert.deepEqual(await accessibilityViolationsAtWidths(page), []);
  });

  test('« Mes habilitations » lists only the applications Chorale has', async () => {
    const { page } = supplier;
    await openMenuPage(page, user, 'Mes habilitations');
    const table = page.getByRole('table', { name: 'Vos habilitations par structure' });
    await table.getByRole('row').filter({ hasText: 'Organisation modification' }).first().waitFor();
    const text = await table.innerText();
    for (const absent of ['Frais de justice', 'Engagements', 'Raccordements', 'Suivi des flux', 'Mes messages'])
      assert.ok(!text.includes(absent), `« ${absent} » is not an application of Chorale`);
    assert.ok(text.includes('Factures émises'));
    assert.deepEqual(await accessibilityViolationsAtWidths(page), []);
  });

  test('the lists and the invoice page stay readable at 390 px: no status column off screen, no cut SIRET', async () => {
    const { page } = supplier;
    await page.goto('/facturation/factures-emises?onglet=rechercher');
    const list = page.getByRole('table', { name: 'Factures émises' });
    await list.getByRole('row').filter({ hasText: invoiceNumber }).waitFor();
    assert.deepEqual(await accessibilityViolationsAtWidths(page), [], 'Factures émises');
    await page.setViewportSize({ width: 390, height: 800 });
    const status = list.getByRole('row').filter({ hasText: invoiceNumber }).locator('td').nth(3);
    const box = await status.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the status is on screen (${JSON.stringify(box)})`);
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.goto(`/facturation/factures-emises/${invoiceId}`);
    await page.getByRole('heading', { name: `Facture n° ${invoiceNumber}`, level: 1 }).waitFor();
    assert.deepEqual(await accessibilityViolationsAtWidths(page), [], 'the invoice page');

    await entity.page.goto('/facturation/factures-recues');
    await entity.page.getByRole('link', { name: `Consulter la facture ${invoiceNumber}` }).waitFor();
    assert.deepEqual(await accessibilityViolationsAtWidths(entity.page), [], 'Factures reçues');
    await entity.page.getByRole('link', { name: `Consulter la facture ${invoiceNumber}` }).click();
    await entity.page.getByRole('heading', { name: `Facture n° ${invoiceNumber}`, level: 1 }).waitFor();
    assert.deepEqual(await accessibilityViolationsAtWidths(entity.page), [], 'the received invoice');
  });

  test('the focus returns to « Ajouter ligne » when the line dialog closes', async () => {
    const { page } = supplier;
    await page.goto('/facturation/factures-emises/saisir');
    await field(page, 'Identifiant (SIRET)').fill(ENTITY_SIRET);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('La facture a été enregistrée en brouillon.', { exact: false }).waitFor();
    const add = page.getByRole('button', { name: /Ajouter ligne de facture/ });
    await add.click();
    const dialog = page.getByRole('dialog', { name: 'Saisie d’une ligne de facture' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent?.includes('Ajouter ligne de facture'));
    assert.deepEqual(await accessibilityViolationsAtWidths(page), [], 'the draft');
  });

  test('a user who fails his password several times is told that sign-in is temporarily blocked', async () => {
    const { page } = await h.newPage();
    await page.goto('/connexion');
    await field(page, 'Adresse de connexion').fill(user.email);
    let blocked = false;
    for (let attempt = 0; attempt < 40 && !blocked; attempt++) {
      await field(page, 'Mot de passe').fill(`mauvais-${attempt}`);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      const alert = page.getByRole('alert').first();
      await alert.waitFor();
      await page.waitForFunction(() => !document.querySelector('button[data-loading]'));
      blocked = (await alert.innerText()).includes('Connexion temporairement bloquée');
    }
    assert.ok(blocked, 'the block is announced');
    const text = await page.getByRole('alert').first().innerText();
    assert.match(text, /réessayez|jusqu’à \d{2} h \d{2}/i, 'and when to try again');
    assert.match(text, /Mot de passe oublié/);
    assert.deepEqual(await accessibilityViolationsAtWidths(page), []);
  });
});
