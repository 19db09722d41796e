import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations } from './axe.ts';
import { CCI, ciiInvoice, facturxInvoice, plainPdf, tarGz, ublInvoice, type DepositFile } from './deposit-files.ts';
import { e2eDatabases, launchBrowser, startHarness, type Harness } from './harness.ts';
import { createAccount, createStructure, field, fieldError, newUser } from './journey-steps.ts';

// Issue « Déposer facture »: the webinar's deposit of a plain PDF, of Factur-X / UBL / CII files
// and of a batch, on SQLite and (with TEST_DATABASE_URL) on PostgreSQL, in one browser.
const SUPPLIER = '75219884600020';

/** The text bound to an input by aria-describedby (description, error). */
async function describedBy(page: Page, label: string): Promise<string> {
  const ids = ((await field(page, label).getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}
const rowValue = (page: Page, table: string, label: string) =>
  page
    .getByRole('table', { name: table, exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
    .getByRole('cell');

async function deposit(page: Page, file: DepositFile): Promise<void> {
  await page.goto('/facturation/factures-emises/deposer');
  await field(page, 'Choix du fichier à importer').setInputFiles(file);
  await page.getByRole('button', { name: 'Déposer', exact: true }).click();
}

async function openDraft(page: Page, file: DepositFile): Promise<void> {
  await deposit(page, file);
  await page.waitForURL(/\/factures-emises\/\d+\/depot$/, { timeout: 60_000 });
  await page.getByRole('heading', { name: 'Format de dépôt' }).waitFor();
}

async function sendAndCheckSummary(page: Page, number: string): Promise<void> {
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirmation d’envoi' });
  await dialog.getByText(`à destination de ${CCI}`, { exact: false }).waitFor();
  await dialog.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await page.getByText(`La facture n°${number} est validée`, { exact: false }).waitFor();
  await page.getByText('Certificat de dépôt n° :').waitFor();
}

/** The deposited file, downloaded from the draft's link, is the file sent, byte for byte. */
async function assertOriginalDownloads(page: Page, file: DepositFile): Promise<void> {
  const link = page.getByRole('link', { name: /^Télécharger le fichier déposé/ });
  const response = await page.request.get((await link.getAttribute('href')) ?? '');
  assert.equal(response.status(), 200);
  assert.ok(Buffer.from(await response.body()).equals(file.buffer), `${file.name} downloads byte-identical`);
}

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const database of e2eDatabases()) {
  describe(`« Déposer facture » on ${database}: plain PDF read with progress, structured files, batch, report`, () => {
    let h: Harness;
    let page: Page;
    const user = newUser('Agnès', 'Déposante');

    before(async () => {
      h = await startHarness({ database, browser });
      ({ page } = await h.newPage());
      await createAccount(page, h, user);
      await createStructure(page, SUPPLIER, 'Bureau Plus');
    });
    after(async () => {
      await h?.close();
    });

    test('the tab « Déposer facture » of « Factures émises » opens the deposit, with no accessibility violation', async () => {
      await page.goto('/facturation/factures-emises');
      await page.getByRole('tab', { name: 'Déposer facture' }).click();
      await page.getByRole('heading', { name: 'Dépôt d’une nouvelle facture' }).waitFor();
      assert.match(
        await describedBy(page, 'Choix du fichier à importer'),
        /format de dépôt est automatiquement détecté/,
      );
      assert.deepEqual(await accessibilityViolations(page), [], 'the deposit page');
      await field(page, 'Choix du fichier à importer').setInputFiles({
        name: 'facture.docx',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from('PK'),
      });
      await page.getByRole('button', { name: 'Déposer', exact: true }).click();
      assert.match(await describedBy(page, 'Choix du fichier à importer'), /L’extension « \.docx » n’est pas acceptée/);
    });

    test('a plain PDF: read with a visible progress, values « à vérifier », corrected, completed and sent', async () => {
      const file = plainPdf();
      await page.goto('/facturation/factures-emises/deposer');
      // Every state the progress bar shows while the server reads the file.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { progressSeen: string[] }).progressSeen = seen;
        new MutationObserver(() => {
          const bar = document.querySelector('[role="progressbar"]');
          const text = bar?.getAttribute('aria-valuetext');
          if (bar && text && (bar as HTMLElement).offsetWidth > 0 && seen.at(-1) !== text) seen.push(text);
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      });
      await field(page, 'Choix du fichier à importer').setInputFiles(file);
      await page.getByRole('button', { name: 'Déposer', exact: true }).click();
      await page.waitForURL(/\/factures-emises\/\d+\/depot$/, { timeout: 90_000 });
      const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
      assert.ok(seen.length > 0, 'the progress bar was shown while the file was read');

      await page.getByRole('heading', { name: 'Format de dépôt' }).waitFor();
      assert.equal(await rowValue(page, 'Format de dépôt', 'Format de dépôt').innerText(), 'PDF non signé');
      await page.getByText('Les champs bleutés ont été remplis automatiquement', { exact: false }).waitFor();
      assert.equal(await field(page, 'Numéro de facture').inputValue(), 'RE-20201121/508');
      assert.match(await describedBy(page, 'Numéro de facture'), /à vérifier/, 'the mark is text tied to the field');
      assert.deepEqual(await accessibilityViolations(page), [], 'the plain-PDF draft');
      await assertOriginalDownloads(page, file);

      // Checked and corrected: the mark goes once the value is the user's.
      await field(page, 'Numéro de facture').fill('RE-2020-508');
      assert.doesNotMatch(await describedBy(page, 'Numéro de facture'), /à vérifier/);
      // Sent without its recipient: the send rules answer before any confirmation (issue 14), the
      // reason is on the field, and what was typed stays.
      await page.getByRole('button', { name: 'Valider et envoyer' }).click();
      assert.match(await fieldError(page, 'Identifiant (SIRET)'), /destinataire/);
      assert.equal(await field(page, 'Numéro de facture').inputValue(), 'RE-2020-508');
      await field(page, 'Identifiant (SIRET)').fill(CCI);

      // « Montants totaux » (webinar 4/6): read in the PDF, tinted « à vérifier », the TTC computed.
      assert.equal(await field(page, 'Montant HT').inputValue(), '496,00');
      assert.match(await describedBy(page, 'Montant HT'), /à vérifier/);
      assert.equal(await field(page, 'Montant TVA').inputValue(), '75,04');
      assert.equal(await field(page, 'Montant TTC').inputValue(), '571,04');
      assert.equal(await field(page, 'Net à payer').inputValue(), '571,04');
      // « Saisir le détail de la TVA » (facultatif): two rates; a wrong VAT amount is explained.
      const detail = page.getByRole('button', { name: 'Saisir le détail de la TVA' });
      await detail.click();
      assert.equal(await detail.getAttribute('aria-expanded'), 'true');
      await field(page, 'Taux de TVA (%), taux 1').fill('19');
      await field(page, 'Montant HT (base), taux 1').fill('336,00');
      await field(page, 'Montant TVA, taux 1').fill('63,84');
      await page.getByRole('button', { name: 'Ajouter un taux' }).click();
      await field(page, 'Taux de TVA (%), taux 2').fill('7');
      await field(page, 'Montant HT (base), taux 2').fill('160,00');
      await field(page, 'Montant TVA, taux 2').fill('11,30');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: /Ligne 2 du détail de la TVA/ })
        .waitFor();
      assert.equal(await field(page, 'Montant TVA, taux 2').inputValue(), '11,30', 'what was typed stays');
      await field(page, 'Montant TVA, taux 2').fill('11,20');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Les modifications de la facture ont été enregistrées.').waitFor();
      await sendAndCheckSummary(page, 'RE-2020-508');
    });

    for (const [format, label, make] of [
      ['UBL', 'XML UBL', async () => ublInvoice(SUPPLIER, 'F124212')],
      ['CII', 'XML CII', async () => ciiInvoice(SUPPLIER, 'F20260023')],
      ['Factur-X', 'Factur-X (PDF avec données structurées)', () => facturxInvoice(SUPPLIER, 'F20260023-FX')],
    ] as const) {
      test(`a ${format} file: its data read-only, its report, then the same confirmation and récapitulatif`, async () => {
        const file = await make();
        const number = file.name.replace(/\.(xml|pdf)$/, '');
        await openDraft(page, file);
        assert.equal(await rowValue(page, 'Format de dépôt', 'Format de dépôt').innerText(), label);
        await page
          .getByRole('table', { name: 'Règles non respectées par le fichier déposé' })
          .or(page.getByText('Le fichier respecte toutes les règles', { exact: false }))
          .first()
          .waitFor();
        assert.equal(await rowValue(page, 'Données lues dans le fichier', 'Numéro de facture').innerText(), number);
        assert.equal(await field(page, 'Numéro de facture').count(), 0, 'the number is the file’s, not an input');
        assert.ok(await field(page, 'Cadre de facturation').isEditable(), 'the cadre is the depositor’s');
        // « Unité »: the file's Rec 20 code with its French name, not the bare « C62 ».
        await page
          .getByRole('table', { name: 'Lignes de la facture' })
          .getByRole('cell', { name: 'C62 - Unité', exact: true })
          .first()
          .waitFor();
        if (format === 'Factur-X') {
          assert.deepEqual(await accessibilityViolations(page), [], 'a structured draft');
          await assertOriginalDownloads(page, file);
        }
        await sendAndCheckSummary(page, number);
        if (format === 'Factur-X') {
          // Once sent, « Suivre la facture » still offers the original as deposited.
          await page.getByRole('link', { name: 'Suivre la facture' }).click();
          await page.getByRole('heading', { name: `Facture n° ${number}`, level: 1 }).waitFor();
          await assertOriginalDownloads(page, file);
        }
      });
    }

    test('a file whose recipient is unknown to the directory: the message on the field, completed, sent', async () => {
      // The sample's own buyer SIRET, which no public entity of the directory has.
      await openDraft(page, ublInvoice(SUPPLIER, 'F124212-DEST', '78787878400018'));
      assert.match(
        await fieldError(page, 'Identifiant (SIRET)'),
        /SIRET 78787878400018\) n’est pas une entité publique de l’annuaire/,
      );
      await field(page, 'Identifiant (SIRET)').fill(CCI);
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Les modifications de la facture ont été enregistrées.').waitFor();
      await sendAndCheckSummary(page, 'F124212-DEST');
    });

    test('an invalid file shows its French report and cannot be sent', async () => {
      await openDraft(page, ciiInvoice(SUPPLIER, 'F20260023-KO', true));
      const report = page.getByRole('table', { name: 'Règles non respectées par le fichier déposé' });
      const row = report.getByRole('row').filter({ hasText: 'BR-CO-16' });
      assert.match(await row.innerText(), /Bloquante[\s\S]*BT-115/i);
      const send = page.getByRole('button', { name: 'Valider et envoyer' });
      assert.equal(await send.getAttribute('aria-disabled'), 'true');
      await page
        .getByText('La facture ne peut pas être envoyée : le rapport de validation signale', { exact: false })
        .first()
        .waitFor();
      // Still reachable by keyboard, it leads to the reason instead of the confirmation.
      await send.focus();
      await page.keyboard.press('Enter');
      await page.locator('[role="alert"]:focus').filter({ hasText: 'ne peut pas être envoyée' }).waitFor();
      assert.equal(await page.getByRole('dialog', { name: 'Confirmation d’envoi' }).count(), 0, 'no confirmation');
      assert.deepEqual(await accessibilityViolations(page), [], 'the report');
    });

    test('a batch of 20 invoices is deposited at once, each with its result, and the batch report', async () => {
      const files = Array.from({ length: 20 }, (_, i) =>
        ublInvoice(SUPPLIER, `LOT-2026-${String(i + 1).padStart(2, '0')}`),
      );
      await deposit(page, tarGz('lot-novembre.tar.gz', files));
      const report = page.getByRole('region', { name: 'Rapport de dépôt du lot' });
      await report.waitFor({ timeout: 120_000 });
      await report
        .getByText('20 fichier(s) : 20 brouillon(s) créé(s), 0 facture(s) envoyée(s), 0 refusé(s).')
        .waitFor();
      const rows = report.getByRole('table', { name: 'Résultat de chaque facture du lot' }).getByRole('row');
      assert.equal(await rows.count(), 21);
      assert.deepEqual(await accessibilityViolations(page), [], 'the batch report');
      // The batch's report (created, refused with reasons) downloads as a PDF.
      const pdf = await page.request.get(
        (await report.getByRole('link', { name: 'Télécharger le rapport du lot (PDF)' }).getAttribute('href'))!,
      );
      assert.equal(pdf.status(), 200);
      assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
      await report.getByRole('link', { name: 'Ouvrir la facture LOT-2026-07' }).click();
      await page.getByText('Saisie facture n° LOT-2026-07').waitFor();
      assert.equal(await rowValue(page, 'Format de dépôt', 'Format de dépôt').innerText(), 'XML UBL');
      // From « Synthèse », a deposited draft opens on its deposit page too.
      await page.goto('/facturation/factures-emises');
      // (every draft of this user came from a file)
      await page.getByRole('table', { name: 'Factures à traiter' }).getByRole('link').first().click();
      await page.waitForURL(/\/factures-emises\/\d+\/depot$/);
    });
  });
}
