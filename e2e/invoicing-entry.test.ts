import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { accessibilityViolations } from './axe.ts';
import { startHarness, type Harness } from './harness.ts';
import {
  addBankAccount,
  createAccount,
  createStructure,
  field,
  fieldError,
  newUser,
  type TestUser,
} from './journey-steps.ts';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const valueOf = (table: Locator, label: string) =>
  table
    .getByRole('row')
    .filter({ has: table.page().getByRole('rowheader', { name: label, exact: true }) })
    .getByRole('cell');
/** The message bound (aria-describedby) to an input once it is marked invalid. */
async function errorOf(input: Locator): Promise<string> {
  await input.and(input.page().locator('[aria-invalid="true"]')).waitFor({ timeout: 5_000 });
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(
    ids.map((id) =>
      input
        .page()
        .locator(`[id="${id}"]`)
        .innerText()
        .catch(() => ''),
    ),
  );
  return texts.join(' ');
}
/** axe on the open dialog only (the page behind its overlay is checked on its own). */
async function dialogViolations(page: Page): Promise<string[]> {
  await accessibilityViolations(page); // loads axe-core into the page
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (c: Element, o: object) => Promise<{ violations: { id: string; help: string }[] }> };
      }
    ).axe;
    const dialog = document.querySelector('[role="dialog"]');
    if (!dialog) return ['no dialog'];
    const result = await axe.run(dialog, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] });
    return result.violations.map((v) => `${v.id}: ${v.help}`);
  });
}
const amount = (text: string) => new RegExp(`^${text.replace(/ /g, '\\s')} EUR$`);

async function fillLine(page: Page, name: string, quantity: string, price: string, rate: string): Promise<void> {
  await field(page, 'Dénomination').fill(name);
  await field(page, 'Quantité').fill(quantity);
  await field(page, 'Montant unitaire HT').fill(price);
  await field(page, 'Taux TVA').selectOption(rate);
}

// Issue « Facturation »: what « Saisir facture » says when something is missing, and that nothing typed is lost.
describe('invoice entry: State recipient, send rules on their fields, lines, global discount, files, drafts', () => {
  let h: Harness;
  let page: Page;
  const user: TestUser = newUser('Bruno', 'Lecointre');

  before(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await createAccount(page, h, user);
    await createStructure(page, '89934607600024', 'Lecointre Paris');
  });
  after(async () => {
    await h?.close();
  });

  test('issue 14: « Enregistrer » on an empty form says what is missing; no draft is created', async () => {
    await page.goto('/facturation/factures-emises/saisir');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Certains champs sont à corriger : voyez le message à côté de chacun.').waitFor();
    assert.match(await fieldError(page, 'Identifiant (SIRET)'), /Renseignez le destinataire/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('id')),
      await field(page, 'Identifiant (SIRET)').getAttribute('id'),
    );
    assert.match(page.url(), /\/saisir$/, 'still on the empty form');
  });

  test('the webinar’s words: currency « EUR - Euro européen », a mistyped SIRET explained once', async () => {
    await page.goto('/facturation/factures-emises/saisir');
    const currency = field(page, 'Devise de la facture');
    assert.equal(await currency.inputValue(), 'EUR', 'the stored value stays the ISO code');
    assert.equal((await currency.locator('option:checked').innerText()).trim(), 'EUR - Euro européen');
    await currency.locator('option', { hasText: 'USD - Dollar américain' }).waitFor({ state: 'attached' });

    // The SIRET of « Créer une structure » with its last digit wrong: the check-digit message only.
    await field(page, 'Identifiant (SIRET)').fill('89934607600025');
    assert.match(
      await fieldError(page, 'Identifiant (SIRET)'),
      /Ce numéro SIRET n’est pas valide \(clé de contrôle incorrecte\)/,
    );
    await page.getByRole('button', { name: 'Rechercher une structure' }).click();
    assert.equal(await page.getByText('Aucune entité publique', { exact: false }).count(), 0, 'no second message');
  });

  test('« Références bancaires »: a transfer without an account links to « Créer une coordonnée bancaire »', async () => {
    await page.goto('/facturation/factures-emises/saisir');
    await region(page, 'Destinataire de la facture').getByRole('radio', { name: 'Oui' }).check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('La facture a été enregistrée en brouillon.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Valider et envoyer' }).click();
    await page.getByText('La facture ne peut pas être envoyée : corrigez les points signalés.').waitFor();
    const bank = field(page, 'Références bancaires');
    assert.match(await errorOf(bank), /Un virement exige des références bancaires[\s\S]*Créer une coordonnée bancaire/);
    const link = page.getByRole('link', { name: 'Créer une coordonnée bancaire (nouvel onglet)' });
    const describedBy = (await bank.getAttribute('aria-describedby')) ?? '';
    assert.ok(
      await page
        .locator(
          describedBy
            .split(/\s+/)
            .map((id) => `[id="${id}"] a`)
            .join(', '),
        )
        .count(),
      'the link is in the message tied to the field',
    );
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match((await link.getAttribute('rel')) ?? '', /noopener/);
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, /^\/organisation\/structures\/coordonnees-bancaires\?structure=\d+$/);
    // This draft is not the file’s invoice: it goes, so that « Synthèse » ends empty.
    await page.getByRole('button', { name: 'Supprimer le brouillon' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer le brouillon' });
    await dialog.getByRole('button', { name: 'Supprimer le brouillon' }).click();
    await page.getByRole('tab', { name: 'Synthèse' }).waitFor();
    await page.goto(href);
    await page.getByRole('heading', { name: 'Créer une coordonnée bancaire', level: 1 }).waitFor();
  });

  test('issue 14: « Références bancaires » defaults to the structure’s only account', async () => {
    await addBankAccount(page, 'LECOINTRE PARIS');
    await page.goto('/facturation/factures-emises/saisir');
    const bank = field(page, 'Références bancaires');
    await bank
      .locator('option:checked', { hasText: 'FR76 3000 6000 0112 3456 7890 189' })
      .waitFor({ state: 'attached' });
  });

  test('the State: its single SIRET is set, the directory says service code and commitment are required', async () => {
    await page.goto('/facturation/factures-emises/saisir');
    const recipient = region(page, 'Destinataire de la facture');
    await recipient.getByRole('radio', { name: 'Oui' }).check();
    assert.equal(await field(page, 'Identifiant (SIRET)').inputValue(), '11000201100044');
    await recipient.getByText('Code service obligatoire pour ce destinataire.').waitFor();
    await recipient.getByText('Numéro d’engagement obligatoire pour ce destinataire.').waitFor();
    await field(page, 'Numéro de facture').fill('F-2026-001');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('La facture a été enregistrée en brouillon.', { exact: false }).waitFor();
    assert.equal(await field(page, 'Numéro de facture').inputValue(), 'F-2026-001');
    assert.ok(await recipient.getByRole('radio', { name: 'Oui' }).isChecked());
  });

  test('lines: « Valider et ajouter » keeps the dialog open, a line is modified and deleted, VAT per rate', async () => {
    assert.deepEqual(await accessibilityViolations(page), [], 'the draft');
    await page.getByRole('button', { name: /Ajouter ligne de facture/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Saisie d’une ligne de facture' });
    await fillLine(page, 'Chaises A Tolux', '20', '320', '10');
    assert.deepEqual(await dialogViolations(page), [], 'the line dialog');
    await dialog.getByRole('button', { name: 'Valider et ajouter' }).click();
    await page.getByText('La ligne 1 a été ajoutée.').waitFor();
    assert.equal(await field(page, 'Dénomination').inputValue(), '', 'the dialog is ready for the next line');
    await fillLine(page, 'Livraison', '1', '50,00', '20');
    await dialog.getByRole('button', { name: 'Valider et fermer' }).click();
    await page.getByText('La ligne 2 a été ajoutée.').waitFor();

    const vat = page.getByRole('table', { name: 'Récapitulatif TVA par taux' });
    assert.match(await vat.innerText(), /20,00 %\s+50,00\s+10,00[\s\S]*10,00 %\s+6\s400,00\s+640,00/);

    await page.getByRole('button', { name: 'Modifier la ligne 2' }).click();
    const edit = page.getByRole('dialog', { name: 'Modification de la ligne 2' });
    assert.equal(await field(page, 'Dénomination').inputValue(), 'Livraison');
    await field(page, 'Quantité').fill('2');
    await edit.getByRole('button', { name: 'Valider et fermer' }).click();
    await page.getByText('La ligne 2 a été modifiée.').waitFor();
    const totals = page.getByRole('table', { name: 'Montants totaux', exact: true });
    assert.match(await valueOf(totals, 'Montant HT').innerText(), amount('6 500,00'));

    await page.getByRole('button', { name: 'Supprimer la ligne 2' }).click();
    await page.getByText('La ligne a été supprimée.').waitFor();
    assert.match(await valueOf(totals, 'Montant HT').innerText(), amount('6 400,00'));
  });

  test('a global discount lowers « Net à payer » at once; issue 14: the send rules answer before any confirmation', async () => {
    await field(page, 'Montant remise globale TTC').fill('40,00');
    const payable = page.getByRole('table', { name: 'Montants totaux (Montant TTC après remise)' });
    await valueOf(payable, 'Net à payer')
      .filter({ hasText: amount('7 000,00') })
      .waitFor();
    await page.getByRole('button', { name: 'Valider et envoyer' }).click();
    await page.getByText('La facture ne peut pas être envoyée : corrigez les points signalés.').waitFor();
    assert.equal(
      await page.getByRole('dialog').count(),
      0,
      'no « Confirmer et envoyer » for an invoice that cannot go',
    );

    const recipient = region(page, 'Destinataire de la facture');
    assert.match(
      await errorOf(recipient.getByLabel('Service', { exact: true })),
      /Ce destinataire exige un code service/,
    );
    assert.match(await fieldError(page, 'Numéro d’engagement'), /exige un numéro d’engagement/);
    assert.match(await fieldError(page, 'Motif'), /Indiquez le motif de la remise globale/);
    assert.equal(await field(page, 'Montant remise globale TTC').inputValue(), '40,00', 'what was typed stays');
    assert.deepEqual(await accessibilityViolations(page), [], 'the fields in error');
  });

  test('files: a refused extension and a content that does not match are explained next to the field', async () => {
    const attachments = region(page, 'Pièces jointes');
    const file = field(page, 'Sélection de la pièce jointe');
    await file.setInputFiles({
      name: 'programme.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ'),
    });
    const designation = attachments.getByRole('textbox', { name: 'Désignation' });
    await designation.fill('Bon de commande');
    await attachments.getByRole('button', { name: 'Ajouter', exact: true }).click();
    assert.match(await fieldError(page, 'Sélection de la pièce jointe'), /L’extension « \.exe » n’est pas acceptée/);

    await file.setInputFiles({ name: 'commande.pdf', mimeType: 'application/pdf', buffer: Buffer.from('pas un PDF') });
    await attachments.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await attachments.getByRole('alert').first().waitFor();
    assert.equal(await designation.inputValue(), 'Bon de commande');

    await file.setInputFiles({
      name: 'commande.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await attachments.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByText('La pièce jointe commande.pdf a été ajoutée.').waitFor();
    await attachments.getByRole('cell', { name: 'commande.pdf', exact: true }).waitFor();
  });

  test('once corrected the invoice goes with its own number, and both PDFs open', async () => {
    await region(page, 'Destinataire de la facture')
      .getByLabel('Service', { exact: true })
      .selectOption('FACTURES_PUBLIQUES');
    await field(page, 'Numéro d’engagement').fill('EJ-442136');
    await field(page, 'Motif').fill('Remise fidélité');
    await page.getByRole('button', { name: 'Valider et envoyer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirmation d’envoi' });
    assert.match(await dialog.innerText(), /Net à payer : 7\s000,00/);
    await dialog.getByText('à destination de 11000201100044', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Confirmer et envoyer' }).click();
    await page.getByText('La facture n°F-2026-001 est validée', { exact: false }).waitFor();
    for (const name of ['Exporter le certificat de dépôt', 'Visualiser la facture']) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const response = await page.request.get(href ?? '');
      assert.equal(response.status(), 200, `${name}: ${href}`);
      assert.match(response.headers()['content-type'] ?? '', /application\/pdf/);
    }
  });

  test('a draft appears in « Synthèse » and can be deleted', async () => {
    await page.getByRole('link', { name: 'Saisir une nouvelle facture' }).click();
    await field(page, 'Identifiant (SIRET)').fill('13001727000013');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('La facture a été enregistrée en brouillon.', { exact: false }).waitFor();
    const draft = (await page.getByText(/^Saisie facture n° TMP\d+$/).innerText()).replace('Saisie facture n° ', '');

    await page.goto('/facturation/factures-emises');
    const worklist = page.getByRole('table', { name: 'Factures à traiter' });
    await worklist.getByRole('row').filter({ hasText: draft }).getByRole('cell', { name: 'Brouillon' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'Synthèse');
    await page.getByRole('link', { name: `Consulter la facture ${draft}` }).click();
    await page.getByRole('button', { name: 'Supprimer le brouillon' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer le brouillon' });
    await dialog.getByText('Supprimer définitivement ce brouillon ?').waitFor();
    await dialog.getByRole('button', { name: 'Supprimer le brouillon' }).click();
    await page.getByRole('tab', { name: 'Synthèse' }).waitFor();
    await page.getByText('Aucune facture n’attend d’action de votre part.').waitFor();
  });
});
