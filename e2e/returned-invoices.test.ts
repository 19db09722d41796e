import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './axe.ts';
import { e2eDatabases, launchBrowser, startHarness, type Harness } from './harness.ts';
import {
  createAccount,
  createStructure,
  field,
  newUser,
  portalApi,
  signInWithMailCode,
  signOut,
  typedInvoice,
  type TestUser,
} from './journey-steps.ts';
import type { Browser } from 'playwright-core';

const SUPPLIER_SIRET = '89934607600024';
const CCI = '13001727000013';
const CCI_NAME = 'CCI REGION PARIS ILE FRANCE';

const api = portalApi;

/** A typed invoice to CCI / ACHATS, sent and delivered (the platform routes it in the background). */
const sentInvoice = (page: Page, structureId: number, name: string) =>
  typedInvoice(
    page,
    { supplierStructureId: structureId, recipientIdentifier: CCI, recipientServiceCode: 'ACHATS' },
    { name, quantity: '20', unit: 'pièce', unitPrice: '320,00', vatRate: '10' },
  );

const currentState = (page: Page) => page.getByTestId('current-state');

async function waitForState(page: Page, label: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await currentState(page).waitFor();
    if ((await currentState(page).innerText()).trim().toLowerCase() === label.toLowerCase()) return;
    await page.waitForTimeout(300);
    await page.reload();
  }
  assert.fail(`expected the state « ${label} »`);
}

async function changeState(page: Page, status: string, label: string, reason: string): Promise<void> {
  await field(page, 'Nouvel état').selectOption(status);
  await field(page, 'Motif').fill(reason);
  await page.getByRole('button', { name: 'Changer l’état' }).click();
  if (status === 'REJETEE')
    await page
      .getByRole('dialog', { name: 'Rejeter la facture' })
      .getByRole('button', { name: 'Confirmer le rejet' })
      .click();
  await page.getByText(`La facture est passée à l’état « ${label} ».`).waitFor();
}

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// Issue 12: « Comment traiter une facture qui m'a été retournée par mon client public ? »
for (const database of e2eDatabases()) {
  describe(`returned invoices on ${database}: rejected (dialog at sign-in, Traiter le rejet, Dupliquer) and à recycler`, () => {
    let h: Harness;
    let supplierPage: Page;
    let entityPage: Page;
    const supplier: TestUser = newUser('Daniel', 'Retours');
    const entity: TestUser = newUser('Claire', 'Acheteuse');
    let rejected = { id: 0, number: '' };
    let recycled = { id: 0, number: '' };

    before(async () => {
      h = await startHarness({ database, browser });
      ({ page: supplierPage } = await h.newPage());
      ({ page: entityPage } = await h.newPage());
      await createAccount(supplierPage, h, supplier);
      await createStructure(supplierPage, SUPPLIER_SIRET, 'Lecointre Paris');
      const structureId = (await api(supplierPage, 'GET', '/api/me/permissions')).items[0].structureId as number;
      rejected = await sentInvoice(supplierPage, structureId, 'Chaises A Tolux');
      recycled = await sentInvoice(supplierPage, structureId, 'Tables B Tolux');
      await createAccount(entityPage, h, entity);
      await h.runCommand('assign-manager.ts', [CCI, entity.email]);
    });
    after(async () => {
      await h?.close();
    });

    test('the public entity rejects one invoice and returns the other « à recycler »', async () => {
      await entityPage.goto(`/facturation/factures-recues/${rejected.id}`);
      await changeState(entityPage, 'REJETEE', 'Rejetée', 'Prix non conforme au devis');
      await entityPage.goto(`/facturation/factures-recues/${recycled.id}`);
      await changeState(entityPage, 'A_RECYCLER', 'À recycler', 'Envoyez-la au service formation.');
    });

    test('at sign-in the supplier sees the rejected invoice in a dialog, with a link to it', async () => {
      await signOut(supplierPage, supplier);
      await signInWithMailCode(supplierPage, h, supplier);
      const dialog = supplierPage.getByRole('dialog', { name: 'Factures retournées par vos clients' });
      await dialog.getByText('Motif : Prix non conforme au devis').waitFor();
      assert.deepEqual(await accessibilityViolations(supplierPage), [], 'the dialog at sign-in');
      await dialog.getByRole('link', { name: `Facture ${rejected.number} – Rejetée – ${CCI_NAME}` }).click();
      await supplierPage.getByRole('heading', { name: `Facture n° ${rejected.number}`, level: 1 }).waitFor();
      await dialog.waitFor({ state: 'hidden' });
    });

    test('« Traiter le rejet », then « Dupliquer »: the new draft is corrected and sent under a new number', async () => {
      await supplierPage.getByText('Motif indiqué par votre client : Prix non conforme au devis').waitFor();
      assert.deepEqual(await accessibilityViolations(supplierPage), [], 'the rejected invoice');
      await supplierPage.getByRole('button', { name: 'Traiter le rejet' }).click();
      await supplierPage.getByText('Le rejet a été traité : la facture ne figure plus dans la Synthèse.').waitFor();
      await supplierPage
        .getByRole('table', { name: 'Suivi du traitement de la facture' })
        .getByRole('cell', { name: 'Rejet traité par le fournisseur.' })
        .waitFor();

      await supplierPage.getByRole('button', { name: 'Dupliquer' }).click();
      await supplierPage.waitForURL(/\/facturation\/factures-emises\/\d+\/modifier$/);
      const notice = supplierPage.getByText(/^Le brouillon TMP\d+ a été créé à partir de la facture/);
      await notice.waitFor();
      await supplierPage.getByRole('button', { name: 'Modifier la ligne 1' }).click();
      const line = supplierPage.getByRole('dialog', { name: 'Modification de la ligne 1' });
      assert.equal(await field(supplierPage, 'Dénomination').inputValue(), 'Chaises A Tolux', 'the line is copied');
      await field(supplierPage, 'Montant unitaire HT').fill('300,00');
      await line.getByRole('button', { name: 'Valider et fermer' }).click();
      await line.waitFor({ state: 'hidden' });
      await supplierPage.getByRole('button', { name: 'Valider et envoyer' }).click();
      const confirm = supplierPage.getByRole('dialog', { name: 'Confirmation d’envoi' });
      assert.match(await confirm.innerText(), /Net à payer : 6\s600,00/);
      await confirm.getByRole('button', { name: 'Confirmer et envoyer' }).click();
      const validated = supplierPage.getByText(/^La facture n°\S+ est validée/);
      await validated.waitFor();
      const number = /n°(\S+) est validée/.exec(await validated.innerText())?.[1];
      assert.ok(number && number !== rejected.number, `a new number (${number})`);
    });

    test('Synthèse: the handled rejection has left, the invoice to recycle is there', async () => {
      await supplierPage.goto('/facturation/factures-emises');
      const worklist = supplierPage.getByRole('table', { name: 'Factures à traiter' });
      await worklist
        .getByRole('row')
        .filter({ hasText: recycled.number })
        .getByRole('cell', { name: 'À recycler' })
        .waitFor();
      assert.equal(await worklist.getByRole('row').filter({ hasText: rejected.number }).count(), 0);
      assert.deepEqual(await accessibilityViolations(supplierPage), [], 'Synthèse');
    });

    test('« A recycler »: the supplier changes the service code; same number, delivered to the right service', async () => {
      await supplierPage.getByRole('link', { name: `Consulter la facture ${recycled.number}` }).click();
      const panel = supplierPage.getByRole('region', { name: 'Recycler la facture' });
      await panel.getByText('Motif indiqué par votre client : Envoyez-la au service formation.').waitFor();
      assert.equal(await field(supplierPage, 'Identifiant (SIRET)').inputValue(), CCI);
      await panel.getByLabel('Service', { exact: true }).selectOption('FORMATION');
      assert.deepEqual(await accessibilityViolations(supplierPage), [], 'the recycle panel');
      await panel.getByRole('button', { name: 'Renvoyer la facture' }).click();
      await supplierPage.getByText('La facture a été renvoyée', { exact: false }).waitFor();
      await waitForState(supplierPage, 'Mise à disposition du destinataire');
      await supplierPage.getByRole('heading', { name: `Facture n° ${recycled.number}`, level: 1 }).waitFor();

      await entityPage.goto('/facturation/factures-recues?onglet=rechercher');
      const service = field(entityPage, 'Service');
      const formation = await service.locator('option', { hasText: 'FORMATION' }).getAttribute('value');
      await service.selectOption(formation ?? '');
      await entityPage.getByRole('button', { name: 'Rechercher' }).click();
      const row = entityPage
        .getByRole('table', { name: 'Factures reçues' })
        .getByRole('row')
        .filter({ hasText: recycled.number });
      await row.getByRole('cell', { name: 'FORMATION' }).waitFor();
      await row.getByRole('cell', { name: 'Mise à disposition du destinataire' }).waitFor();
    });
  });
}
