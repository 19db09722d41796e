import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { formatParisDateTime } from '@chorale/domain';
import { accessibilityViolations } from './axe.ts';
import { linkIn, startHarness, type Harness } from './harness.ts';
import {
  addBankAccount,
  createAccount,
  createStructure,
  field,
  fieldError,
  newUser,
  type TestUser,
} from './journey-steps.ts';

const SUPPLIER_SIRET = '89934607600024';
const RECIPIENT_SIRET = '13001727000013';
const RECIPIENT = 'CCI REGION PARIS ILE FRANCE';
const REASON = 'Merci de joindre le bon de livraison signé.';

/** French amounts use a narrow no-break space between thousands: compare with any space. */
const amount = (text: string) => new RegExp(`^${text.replace(/ /g, '\\s')}( EUR)?$`);
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** The value cell of a label / value table (« Montants totaux »…). */
const valueOf = (table: Locator, label: string) =>
  table
    .getByRole('row')
    .filter({ has: table.page().getByRole('rowheader', { name: label, exact: true }) })
    .getByRole('cell');

const currentState = (page: Page) => page.getByTestId('current-state');

/** Reloads the invoice page until its « Etat courant » reads `label` (the outbox routes in the background). */
async function waitForState(page: Page, label: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    await currentState(page).waitFor();
    last = (await currentState(page).innerText()).trim();
    if (last.toLowerCase() === label.toLowerCase()) return;
    await page.waitForTimeout(300);
    await page.reload();
  }
  assert.fail(`expected the state « ${label} », still « ${last} »`);
}

const historyRow = (page: Page, state: string) =>
  page.getByRole('table', { name: 'Suivi du traitement de la facture' }).getByRole('row').filter({ hasText: state });

async function changeState(page: Page, status: string, label: string, reason = ''): Promise<void> {
  await field(page, 'Nouvel état').selectOption(status);
  if (reason) await field(page, 'Motif').fill(reason);
  await page.getByRole('button', { name: 'Changer l’état' }).click();
  await page.getByText(`La facture est passée à l’état « ${label} ».`).waitFor();
  assert.equal((await currentState(page).innerText()).toLowerCase(), label.toLowerCase());
}

// Issue « Facturation »: the webinar's « Saisir une facture » and « Suivre le traitement de ses factures ».
describe('invoicing journey: typed invoice, sending, suspension, completion, payment', () => {
  let h: Harness;
  let supplierPage: Page;
  let entityPage: Page;
  const supplier: TestUser = newUser('Alice', 'Lecointre');
  const entity: TestUser = newUser('Claire', 'Cci');
  let number = '';
  let invoicePath = '';

  before(async () => {
    h = await startHarness();
    ({ page: supplierPage } = await h.newPage());
    ({ page: entityPage } = await h.newPage());
  });
  after(async () => {
    await h?.close();
  });

  test('the prerequisites are listed until the supplier has a structure', async () => {
    await supplierPage.goto('/facturation/factures-emises');
    await supplierPage.getByRole('heading', { name: 'Prérequis pour saisir une facture' }).waitFor();
    await supplierPage.getByRole('link', { name: 'Se connecter' }).last().waitFor();
    await createAccount(supplierPage, h, supplier);
    await supplierPage.goto('/facturation/factures-emises');
    await supplierPage.getByText('Demandez ce profil au gestionnaire principal de votre structure.').waitFor();
    await createStructure(supplierPage, SUPPLIER_SIRET, 'Lecointre Paris');
    await addBankAccount(supplierPage, 'LECOINTRE PARIS');
  });

  test('« Saisir facture »: recipient from the directory, header saved as a draft', async () => {
    await supplierPage.goto('/');
    await supplierPage.getByRole('link', { name: 'Accéder au domaine : Facturation' }).click();
    await supplierPage.getByRole('heading', { name: 'Les applications du domaine Facturation', level: 1 }).waitFor();
    await supplierPage.getByRole('link', { name: 'Accéder : Factures émises' }).click();
    await supplierPage.getByRole('tab', { name: 'Synthèse' }).waitFor();
    await supplierPage.getByRole('tab', { name: 'Saisir facture' }).click();
    await supplierPage.getByRole('heading', { name: 'Saisir facture', level: 1 }).waitFor();

    const recipient = region(supplierPage, 'Destinataire de la facture');
    await field(supplierPage, 'Identifiant (SIRET)').fill(RECIPIENT_SIRET);
    await recipient.getByText(`${RECIPIENT_SIRET} – ${RECIPIENT}`).waitFor();
    await recipient.getByLabel('Service', { exact: true }).selectOption('ACHATS');
    const designation = region(supplierPage, 'Fournisseur de la facture').getByLabel(/^Désignation/);
    assert.match(await designation.locator('option:checked').innerText(), /89934607600024 - LECOINTRE PARIS/);
    assert.deepEqual(await accessibilityViolations(supplierPage), []);

    await supplierPage.getByRole('button', { name: 'Enregistrer' }).click();
    await supplierPage.getByText('La facture a été enregistrée en brouillon.', { exact: false }).waitFor();
    await supplierPage.waitForURL(/\/facturation\/factures-emises\/\d+\/modifier$/);
    assert.equal(
      await field(supplierPage, 'Identifiant (SIRET)').inputValue(),
      RECIPIENT_SIRET,
      'the typed SIRET stays',
    );
    await supplierPage.getByText(/^Saisie facture n° TMP\d+$/).waitFor();
  });

  test('« Ligne de facture »: a wrong quantity is explained, then 20 × 320,00 at 10 % shows 6 400,00 / 640,00 / 7 040,00', async () => {
    await supplierPage.getByRole('button', { name: /Ajouter ligne de facture/ }).click();
    const dialog = supplierPage.getByRole('dialog', { name: 'Saisie d’une ligne de facture' });
    await field(supplierPage, 'Référence').fill('Tolux101');
    await field(supplierPage, 'Dénomination').fill('Chaises A Tolux');
    await field(supplierPage, 'Quantité').fill('vingt');
    await field(supplierPage, 'Unité').fill('Pièce');
    await field(supplierPage, 'Montant unitaire HT').fill('320,00');
    await field(supplierPage, 'Taux TVA').selectOption('10');
    await dialog.getByRole('button', { name: 'Valider et fermer' }).click();
    assert.match(await fieldError(supplierPage, 'Quantité'), /« Quantité » doit être un nombre/);
    assert.equal(await field(supplierPage, 'Dénomination').inputValue(), 'Chaises A Tolux', 'what was typed stays');

    await field(supplierPage, 'Quantité').fill('20');
    const live = dialog.getByRole('table', { name: 'Saisie d’une ligne de facture' });
    await valueOf(live, 'Montant HT après remise HT')
      .filter({ hasText: amount('6 400,00') })
      .waitFor();
    assert.match(await valueOf(live, 'Montant TTC après remise HT').innerText(), amount('7 040,00'));
    await dialog.getByRole('button', { name: 'Valider et fermer' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await supplierPage.getByText('La ligne 1 a été ajoutée.').waitFor();

    const row = supplierPage.getByRole('table', { name: 'Lignes de la facture' }).getByRole('row').nth(1);
    assert.match(
      await row.innerText(),
      /Tolux101\s+Chaises A Tolux\s+20\s+Pièce\s+320,00\s+0,00\s+10,00 %\s+6\s400,00/,
    );
    const vat = supplierPage.getByRole('table', { name: 'Récapitulatif TVA par taux' }).getByRole('row').nth(1);
    assert.match(await vat.innerText(), /10,00 %\s+6\s400,00\s+640,00/);
    const totals = supplierPage.getByRole('table', { name: 'Montants totaux', exact: true });
    assert.match(await valueOf(totals, 'Montant HT').innerText(), amount('6 400,00'));
    assert.match(await valueOf(totals, 'Montant TVA').innerText(), amount('640,00'));
    assert.match(await valueOf(totals, 'Montant TTC avant remise').innerText(), amount('7 040,00'));
    const payable = supplierPage.getByRole('table', { name: 'Montants totaux (Montant TTC après remise)' });
    assert.match(await valueOf(payable, 'Net à payer').innerText(), amount('7 040,00'));
    assert.deepEqual(await accessibilityViolations(supplierPage), []);
  });

  test('« Valider et envoyer »: confirmation with the amounts, then the récapitulatif and its certificate', async () => {
    await supplierPage.getByRole('button', { name: 'Valider et envoyer' }).click();
    const dialog = supplierPage.getByRole('dialog', { name: 'Confirmation d’envoi' });
    await dialog
      .getByText(`à destination de ${RECIPIENT_SIRET} ${RECIPIENT} avec les montants suivants`, { exact: false })
      .waitFor();
    const text = await dialog.innerText();
    assert.match(text, /Montant HT : 6\s400,00/);
    assert.match(text, /Montant TVA : 640,00/);
    assert.match(text, /Montant TTC après remise : 7\s040,00/);
    assert.match(text, /Net à payer : 7\s040,00/);
    await dialog.getByRole('button', { name: 'Confirmer et envoyer' }).click();

    const validated = supplierPage.getByText(
      /^La facture n°\S+ est validée, elle est en cours de transmission au service concerné\.$/,
    );
    await validated.waitFor();
    number = /n°(\S+) est validée/.exec(await validated.innerText())?.[1] ?? '';
    assert.ok(number && !number.startsWith('TMP'), `a final number (${number})`);
    await supplierPage.getByText('Certificat de dépôt n° :').waitFor();
    const id = /\/(\d+)\/modifier$/.exec(supplierPage.url())?.[1];
    assert.equal(
      await supplierPage.getByRole('link', { name: 'Exporter le certificat de dépôt' }).getAttribute('href'),
      `/api/invoices/${id}/certificate.pdf`,
    );
    assert.equal(
      await supplierPage.getByRole('link', { name: 'Visualiser la facture' }).getAttribute('href'),
      `/api/invoices/${id}/invoice.pdf`,
    );
    await supplierPage.getByRole('link', { name: 'Saisir une nouvelle facture' }).waitFor();
    await supplierPage.getByRole('link', { name: 'Suivre la facture' }).click();
    await supplierPage.getByRole('heading', { name: `Facture n° ${number}`, level: 1 }).waitFor();
    invoicePath = new URL(supplierPage.url()).pathname;
  });

  test('the supplier sees DEPOSEE, then MISE_A_DISPOSITION once the platform has routed it', async () => {
    await historyRow(supplierPage, 'Déposée').waitFor();
    // issue 14 « Business dates in Europe/Paris »: the browser runs in Nouméa (harness), the portal shows Paris time.
    const stored = await supplierPage.request.get(`/api/invoices/${/(\d+)$/.exec(invoicePath)?.[1]}`);
    const history = ((await stored.json()) as { history: { at: string; status: string }[] }).history;
    const deposited = history.find((h) => h.status === 'DEPOSEE');
    assert.ok(deposited, JSON.stringify(history));
    assert.equal(
      await historyRow(supplierPage, 'Déposée').getByRole('cell').first().innerText(),
      formatParisDateTime(deposited.at),
    );
    await waitForState(supplierPage, 'Mise à disposition du destinataire');
    await historyRow(supplierPage, 'En cours d’acheminement').waitFor();
    await supplierPage.goto('/facturation/factures-emises?onglet=rechercher');
    const row = supplierPage
      .getByRole('table', { name: 'Factures émises' })
      .getByRole('row')
      .filter({ hasText: number });
    await row.getByRole('cell', { name: `${RECIPIENT_SIRET} – ${RECIPIENT}` }).waitFor();
    await row.getByRole('cell', { name: 'Mise à disposition du destinataire' }).waitFor();
    assert.match(await row.innerText(), /7\s040,00 EUR/);
    assert.deepEqual(await accessibilityViolations(supplierPage), [], 'Rechercher');
  });

  test('a manager of the public entity suspends it, the reason being required; a rejection is confirmed first', async () => {
    await createAccount(entityPage, h, entity);
    await h.runCommand('assign-manager.ts', [RECIPIENT_SIRET, entity.email]);
    await entityPage.goto('/facturation/factures-recues');
    await entityPage.getByRole('heading', { name: 'Factures reçues', level: 1 }).waitFor();
    await entityPage.getByRole('link', { name: `Consulter la facture ${number}` }).waitFor();
    assert.deepEqual(await accessibilityViolations(entityPage), [], 'Factures reçues');
    await entityPage.getByRole('link', { name: `Consulter la facture ${number}` }).click();
    await entityPage.getByRole('heading', { name: `Facture n° ${number}`, level: 1 }).waitFor();
    assert.equal(await entityPage.getByRole('link', { name: 'Visualiser la facture' }).count(), 1);

    // Issue 14: « Rejetée » cannot be undone, so a dialog repeating the reason asks first.
    await field(entityPage, 'Nouvel état').selectOption('REJETEE');
    await field(entityPage, 'Motif').fill('Prix non conforme au devis');
    await entityPage.getByRole('button', { name: 'Changer l’état' }).click();
    const dialog = entityPage.getByRole('dialog', { name: 'Rejeter la facture' });
    await dialog.getByText('Le rejet est définitif', { exact: false }).waitFor();
    assert.match(await dialog.innerText(), /Motif communiqué au fournisseur : « Prix non conforme au devis »/);
    assert.match(await dialog.innerText(), new RegExp(`facture n° ${number}`));
    assert.deepEqual(await accessibilityViolations(entityPage), [], 'the rejection dialog');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(
      (await currentState(entityPage).innerText()).toLowerCase(),
      'mise à disposition du destinataire',
      'nothing was rejected',
    );
    await field(entityPage, 'Motif').fill('');
    await field(entityPage, 'Nouvel état').selectOption('SUSPENDUE');
    await entityPage.getByRole('button', { name: 'Changer l’état' }).click();
    assert.match(await fieldError(entityPage, 'Motif'), /Le motif est obligatoire pour cet état\./);
    await changeState(entityPage, 'SUSPENDUE', 'Suspendue', REASON);
    assert.deepEqual(await accessibilityViolations(entityPage), []);
  });

  test('the supplier gets the mail, sees SUSPENDUE and the reason, adds the file and completes the invoice', async () => {
    const mail = await h.waitForMail(supplier.email, (m) => m.subject.includes('Suspendue'));
    assert.match(mail.text, new RegExp(REASON.replace('.', '\\.')));
    await supplierPage.goto(linkIn(mail, `${h.baseUrl}/facturation/factures-emises/`));
    assert.equal(new URL(supplierPage.url()).pathname, invoicePath);
    await waitForState(supplierPage, 'Suspendue');
    await historyRow(supplierPage, 'Suspendue').getByRole('cell', { name: REASON }).waitFor();

    const panel = region(supplierPage, 'Compléter la facture');
    await panel.getByText(`Motif indiqué par votre client : ${REASON}`).waitFor();
    await panel.getByRole('button', { name: 'Compléter et renvoyer' }).click();
    assert.match(await fieldError(supplierPage, 'Commentaire'), /« Commentaire » est obligatoire/);

    await field(supplierPage, 'Sélection de la pièce jointe').setInputFiles({
      name: 'bon-de-livraison.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await field(supplierPage, 'Désignation').fill('Bon de livraison signé');
    await field(supplierPage, 'Type de pièce jointe').selectOption('COMPLEMENTAIRE');
    await panel.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await supplierPage.getByText('La pièce jointe bon-de-livraison.pdf a été ajoutée.').waitFor();
    await panel.getByRole('cell', { name: 'bon-de-livraison.pdf', exact: true }).waitFor();

    await field(supplierPage, 'Commentaire').fill('Bon de livraison signé ajouté.');
    await panel.getByRole('button', { name: 'Compléter et renvoyer' }).click();
    await supplierPage.getByText('La facture a été complétée et renvoyée à votre client.').waitFor();
    assert.equal((await currentState(supplierPage).innerText()).toLowerCase(), 'complétée');
    await historyRow(supplierPage, 'Complétée').getByRole('cell', { name: 'Bon de livraison signé ajouté.' }).waitFor();
  });

  test('the entity sets SERVICE_FAIT then MISE_EN_PAIEMENT, and the supplier sees both', async () => {
    await entityPage.reload();
    await waitForState(entityPage, 'Complétée');
    await region(entityPage, 'Pièces jointes')
      .getByRole('cell', { name: 'bon-de-livraison.pdf', exact: true })
      .waitFor();
    await changeState(entityPage, 'SERVICE_FAIT', 'Service fait');
    await changeState(entityPage, 'MISE_EN_PAIEMENT', 'Mise en paiement');

    await supplierPage.reload();
    await waitForState(supplierPage, 'Mise en paiement');
    await historyRow(supplierPage, 'Service fait').waitFor();
    await historyRow(supplierPage, 'Mise en paiement').waitFor();
    await h.waitForMail(supplier.email, (m) => m.subject.includes('Mise en paiement'));
  });
});
