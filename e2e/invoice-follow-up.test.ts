// Issue 12: following invoices in the portal — the « Tableau de bord » of both sides, whose
// figures equal a count made in SQL and whose bars open « Rechercher »; the recipient's « Factures
// à traiter » and its action on ticked invoices; « Rechercher » on three criteria, its exports
// opened and checked, ticked rows downloaded as a zip and drafts deleted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { invoiceStatusLabels, type InvoiceStatus } from '@chorale/domain';
import { accessibilityViolationsAtWidths } from './axe.ts';
import { e2eDatabases, launchBrowser, startHarness, type Harness } from './harness.ts';
import {
  createAccount,
  createStructure,
  field,
  newUser,
  portalApi,
  typedInvoice,
  type TestUser,
} from './journey-steps.ts';

const SUPPLIER_SIRET = '89934607600024';
const CCI = '13001727000013';

const api = portalApi;

/** A typed invoice to the CCI, sent (or left a draft), then delivered by the platform. */
const invoice = (
  page: Page,
  structureId: number,
  o: { service: string; price: string; commitment?: string; send?: boolean },
) =>
  typedInvoice(
    page,
    {
      supplierStructureId: structureId,
      recipientIdentifier: CCI,
      recipientServiceCode: o.service,
      commitmentNumber: o.commitment ?? '',
    },
    { name: 'Chaises A Tolux', quantity: '1', unitPrice: o.price, vatRate: '20' },
    o.send !== false,
  );

const frenchToIso = (d: string) => d.split('/').reverse().join('-');

/** The rows of a dashboard table (found by its caption) as « first cell → second cell ». */
async function tableCounts(page: Page, caption: string): Promise<Record<string, number>> {
  const table = page.getByRole('table', { name: caption });
  await table.waitFor();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.innerText.trim())));
  return Object.fromEntries(rows.map((cells) => [cells[0]!, Number(cells[1]!.replace(/\s/g, ''))]));
}

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const database of e2eDatabases()) {
  describe(`following invoices on ${database}: Tableau de bord, Rechercher, Factures à traiter`, () => {
    let h: Harness;
    let supplierPage: Page;
    let entityPage: Page;
    const supplier: TestUser = newUser('Daniel', 'Suivi');
    const entity: TestUser = newUser('Claire', 'Comptable');
    let structureId = 0;
    let achats = { id: 0, number: '' };
    let formation = { id: 0, number: '' };
    let draft = { id: 0, number: '' };

    before(async () => {
      h = await startHarness({ database, browser });
      ({ page: supplierPage } = await h.newPage());
      ({ page: entityPage } = await h.newPage());
      await createAccount(supplierPage, h, supplier);
      await createStructure(supplierPage, SUPPLIER_SIRET, 'Lecointre Paris');
      structureId = (await api(supplierPage, 'GET', '/api/me/permissions')).items[0].structureId as number;
      await createAccount(entityPage, h, entity);
      await h.runCommand('assign-manager.ts', [CCI, entity.email]);
      const paid = await invoice(supplierPage, structureId, { service: 'ACHATS', price: '1000' });
      achats = await invoice(supplierPage, structureId, { service: 'ACHATS', price: '250' });
      formation = await invoice(supplierPage, structureId, { service: 'FORMATION', price: '80' });
      draft = await invoice(supplierPage, structureId, { service: 'ACHATS', price: '40', send: false });
      await api(entityPage, 'POST', `/api/invoices/${paid.id}/status`, { status: 'MISE_EN_PAIEMENT', reason: '' });
    });
    after(async () => {
      await h?.close();
    });

    test('Factures émises › Tableau de bord: the figures of each state are those counted in SQL', async () => {
      await supplierPage.goto('/facturation/factures-emises?onglet=tableau-de-bord');
      const caption = 'Nombre et montant TTC des factures de la période, par état courant';
      const shown = await tableCounts(supplierPage, caption);
      const period = await supplierPage.getByText(/^Période du \d\d\/\d\d\/\d{4} au \d\d\/\d\d\/\d{4}$/).innerText();
      const [from, to] = [...period.matchAll(/\d\d\/\d\d\/\d{4}/g)].map((m) => frenchToIso(m[0]));
      const counted = await h.withDatabase((db) =>
        db
          .selectFrom('invoices')
          .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
          .where('supplier_structure_id', '=', structureId)
          .where('invoice_date', '>=', from!)
          .where('invoice_date', '<=', to!)
          .groupBy('status')
          .execute(),
      );
      const expected: Record<string, number> = Object.fromEntries(
        counted.map((r) => [invoiceStatusLabels[r.status as InvoiceStatus], Number(r.n)]),
      );
      expected.Total = counted.reduce((n, r) => n + Number(r.n), 0);
      assert.deepEqual(shown, expected);
      assert.deepEqual(
        [shown['Brouillon'], shown['Mise à disposition du destinataire'], shown['Mise en paiement'], shown.Total],
        [1, 2, 1, 4],
      );
      assert.deepEqual(await accessibilityViolationsAtWidths(supplierPage), [], 'the dashboard');
    });

    test('a bar of the chart opens « Rechercher » with the invoices it counts', async () => {
      // The bars of « Factures par état » follow the lifecycle: the first is « Brouillon ».
      const chart = supplierPage.getByRole('region', { name: 'Factures par état' });
      await chart.locator('.recharts-bar-rectangle').first().click();
      await supplierPage.waitForURL(/onglet=rechercher/);
      assert.match(supplierPage.url(), /status=BROUILLON/);
      await supplierPage.getByRole('tab', { name: 'Rechercher', selected: true }).waitFor();
      await supplierPage.getByText('1 facture · 50 lignes par page').waitFor();
      await supplierPage.goBack();
      // The table's counts are links to the same searches (the keyboard's way to the bars).
      await supplierPage
        .getByRole('link', { name: 'Rechercher 2 factures : Mise à disposition du destinataire' })
        .click();
      await supplierPage.getByText('2 factures · 50 lignes par page').waitFor();
    });

    test('Factures reçues › Tableau de bord: the due dates first, then the states without drafts', async () => {
      await entityPage.goto('/facturation/factures-recues?onglet=tableau-de-bord');
      const delay = await tableCounts(
        entityPage,
        'Factures dont le délai de paiement court, par échéance (toutes périodes)',
      );
      const running = await h.withDatabase((db) =>
        db
          .selectFrom('invoices as i')
          .innerJoin('structures as s', 's.id', 'i.recipient_structure_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('s.identifier', '=', CCI)
          .where('i.status', '=', 'MISE_A_DISPOSITION')
          .executeTakeFirstOrThrow(),
      );
      assert.deepEqual(delay, {
        'En retard': 0,
        'Échéance dans 5 jours au plus': 0,
        'Dans les délais': Number(running.n),
      });
      const states = await tableCounts(
        entityPage,
        'Nombre et montant TTC des factures de la période, par état courant',
      );
      assert.equal(states['Brouillon'], undefined, 'the recipient never sees a draft');
      assert.equal(states.Total, 3);
      // The payment period comes before the states on the recipient's side.
      const headings = await entityPage.getByRole('heading', { level: 3 }).allInnerTexts();
      assert.ok(headings.indexOf('Délai de paiement') < headings.indexOf('Factures par état'), headings.join(', '));
      assert.deepEqual(await accessibilityViolationsAtWidths(entityPage), [], 'the recipient’s dashboard');
    });

    test('Rechercher: three criteria, the CSV and Excel exports checked, ticked rows zipped, drafts deleted', async () => {
      const page = supplierPage;
      await page.goto('/facturation/factures-emises?onglet=rechercher');
      await field(page, 'Structure destinataire').fill(CCI);
      await field(page, 'Service').fill('ACHATS');
      await field(page, 'État courant').selectOption('MISE_A_DISPOSITION');
      await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
      await page.getByText('1 facture · 50 lignes par page').waitFor();
      const results = page.getByRole('table', { name: 'Factures émises' });
      await results.getByRole('link', { name: `Consulter la facture ${achats.number}` }).waitFor();

      const saved = async (button: string) => {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: button }).click(),
        ]);
        // Read through the browser's connection: the run's shared Chromium keeps the file on its side.
        const chunks: Buffer[] = [];
        for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
        return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
      };
      const csv = await saved('Exporter les résultats (CSV)');
      assert.equal(csv.name, 'factures-emises.csv');
      const text = csv.bytes.toString('utf8');
      assert.ok(text.startsWith('\uFEFF'), 'a BOM for French spreadsheets');
      const lines = text.slice(1).trimEnd().split('\r\n');
      assert.equal(lines.length, 2, 'the header and the one invoice found');
      assert.match(lines[0]!, /^Type facture;Fournisseur \(identifiant\);/);
      const cells = lines[1]!.split(';');
      assert.deepEqual(
        [cells[5], cells[6], cells[10], cells[12]],
        ['ACHATS', achats.number, '300,00', 'Mise à disposition du destinataire'],
      );
      const xlsx = await saved('Exporter les résultats (Excel)');
      assert.equal(xlsx.name, 'factures-emises.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      assert.equal(sheet.actualRowCount, 2);
      assert.deepEqual(
        [sheet.getRow(2).getCell(7).value, sheet.getRow(2).getCell(11).value, sheet.getRow(2).getCell(13).value],
        [achats.number, 300, 'Mise à disposition du destinataire'],
      );

      // Every invoice: the draft and a sent one ticked; only drafts may be deleted.
      await page.getByRole('button', { name: 'Réinitialiser' }).click();
      await page.getByText('4 factures · 50 lignes par page').waitFor();
      await page.getByRole('checkbox', { name: `Sélectionner la facture ${draft.number}` }).check();
      await page.getByRole('checkbox', { name: `Sélectionner la facture ${formation.number}` }).check();
      const zip = await saved('Télécharger');
      assert.equal(zip.name, 'factures.zip');
      assert.equal(zip.bytes.subarray(0, 2).toString(), 'PK');
      for (const n of [draft.number, formation.number])
        assert.ok(zip.bytes.includes(`facture-${n}/`), `${n} in the zip`);
      await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
      await page.getByText('Seule la suppression des brouillons est autorisée.', { exact: false }).waitFor();
      await page.getByRole('checkbox', { name: `Sélectionner la facture ${formation.number}` }).uncheck();
      assert.deepEqual(await accessibilityViolationsAtWidths(page), [], 'Rechercher with ticked rows');
      await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Supprimer les brouillons' });
      await dialog.getByRole('button', { name: 'Supprimer' }).click();
      await page.getByText('1 brouillon a été supprimé.').waitFor();
      await page.getByText('3 factures · 50 lignes par page').waitFor();
      const left = await h.withDatabase((db) =>
        db.selectFrom('invoices').select('id').where('id', '=', draft.id).executeTakeFirst(),
      );
      assert.equal(left, undefined, 'the draft is gone');

      // « Dupliquer » in a row: a new draft from that invoice, opened for correction.
      await results
        .getByRole('button', { name: `Dupliquer la facture ${formation.number} en un nouveau brouillon` })
        .click();
      await page.waitForURL(/\/facturation\/factures-emises\/\d+\/modifier$/);
      const copyId = Number(/(\d+)\/modifier$/.exec(page.url())![1]);
      const copy = await h.withDatabase((db) =>
        db
          .selectFrom('invoices')
          .select(['status', 'recipient_service_id', 'supplier_structure_id'])
          .where('id', '=', copyId)
          .executeTakeFirst(),
      );
      const original = await h.withDatabase((db) =>
        db
          .selectFrom('invoices')
          .select(['recipient_service_id', 'supplier_structure_id'])
          .where('id', '=', formation.id)
          .executeTakeFirstOrThrow(),
      );
      assert.deepEqual(copy, { status: 'BROUILLON', ...original }, 'a draft for the same structure and service');
    });

    test('Factures reçues › Factures à traiter: by service, then the ticked invoices « Mise en paiement » together', async () => {
      await entityPage.goto('/facturation/factures-recues');
      await entityPage.getByRole('tab', { name: 'Factures à traiter', selected: true }).waitFor();
      const table = entityPage.getByRole('table', { name: 'Factures reçues à traiter' });
      const rows = table.locator('tbody tr');
      await table.getByRole('link', { name: `Consulter la facture ${formation.number}` }).waitFor();
      assert.equal(await rows.count(), 2);
      const service = field(entityPage, 'Service');
      const purchasing = await service.locator('option', { hasText: 'ACHATS' }).getAttribute('value');
      await service.selectOption(purchasing ?? '');
      await entityPage.getByRole('button', { name: 'Appliquer', exact: true }).click();
      await entityPage.getByText('1 facture', { exact: true }).waitFor();
      assert.equal(await table.getByRole('link', { name: `Consulter la facture ${achats.number}` }).count(), 1);
      await service.selectOption('');
      await entityPage.getByRole('button', { name: 'Appliquer', exact: true }).click();
      await entityPage.getByText('2 factures', { exact: true }).waitFor();

      await entityPage.getByRole('checkbox', { name: 'Sélectionner toutes les factures de la page' }).check();
      await entityPage.getByText('2 factures cochées.').waitFor();
      await field(entityPage, 'Nouvel état').selectOption({ label: 'Mise en paiement' });
      assert.deepEqual(await accessibilityViolationsAtWidths(entityPage), [], 'Factures à traiter');
      await entityPage.getByRole('button', { name: 'Appliquer aux factures cochées' }).click();
      await entityPage.getByText('2 factures sont passées à l’état « Mise en paiement ».').waitFor();
      await entityPage.getByText('Aucune facture n’attend de traitement.').waitFor();
      const stored = await h.withDatabase((db) =>
        db
          .selectFrom('invoices as i')
          .select(['i.id', 'i.status'])
          .select((eb) =>
            eb
              .selectFrom('invoice_history as h')
              .select((e) => e.fn.countAll<number>().as('n'))
              .whereRef('h.invoice_id', '=', 'i.id')
              .where('h.status', '=', 'MISE_EN_PAIEMENT')
              .as('paid_rows'),
          )
          .where('i.id', 'in', [achats.id, formation.id])
          .orderBy('i.id')
          .execute(),
      );
      assert.deepEqual(
        stored.map((r) => [r.id, r.status, Number(r.paid_rows)]),
        [
          [achats.id, 'MISE_EN_PAIEMENT', 1],
          [formation.id, 'MISE_EN_PAIEMENT', 1],
        ],
      );
    });
  });
}
