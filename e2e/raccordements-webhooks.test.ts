import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolationsAtWidths } from './axe.ts';
import { startHarness, type Harness } from './harness.ts';
import { createAccount, createStructure, field, newUser, portalApi, typedInvoice } from './journey-steps.ts';

// Issue 10, « What Chorus Pro lacks »: the « Webhooks » section of « Raccordements ». A manager adds
// the address of his software (the secret shown once), an invoice of the structure changes state,
// the software receives it signed, and the delivery log shows each attempt.
describe('« Raccordements » › « Webhooks »: an address added, the invoice’s changes pushed and logged', () => {
  let h: Harness;
  let page: Page;
  let receiver: Server;
  const received: { signature: string; timestamp: string; body: string }[] = [];
  const manager = newUser('Paul', 'Lecointre');

  before(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({
          signature: String(req.headers['chorale-webhook-signature']),
          timestamp: String(req.headers['chorale-webhook-timestamp']),
          body,
        });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    h = await startHarness({ env: { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' } });
    ({ page } = await h.newPage());
  });
  after(async () => {
    await h?.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  test('add a webhook (https refused otherwise, secret once), receive the signed changes, read the log, remove it', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/chorale`;
    await createAccount(page, h, manager);
    await createStructure(page, '89934607600024', 'Lecointre Paris');
    await page.goto('/raccordements');
    const section = page.getByRole('region', { name: 'Webhooks' });
    await section.getByText('Déclarez d’abord une connexion API', { exact: false }).waitFor();
    await field(page, 'Nom du raccordement').fill('Logiciel comptable');
    await page.getByRole('button', { name: 'Déclarer la connexion' }).click();
    const connectionSecret = page.getByRole('dialog', { name: 'Secret de la connexion API' });
    await connectionSecret.getByRole('button', { name: 'J’ai copié, fermer' }).click();

    // A plain http address of the Internet is refused next to the field.
    await field(page, 'Adresse de notification').fill('http://logiciel.exemple.fr/chorale');
    await page.getByRole('button', { name: 'Ajouter le webhook' }).click();
    await section.getByText('L’adresse doit commencer par https://', { exact: false }).first().waitFor();
    await field(page, 'Adresse de notification').fill(url);
    await page.getByRole('button', { name: 'Ajouter le webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'Webhook ajouté' });
    await dialog.waitFor();
    const secret = await field(page, 'Secret de signature').inputValue();
    assert.match(secret, /^whsec_/);
    await dialog.getByRole('button', { name: 'J’ai copié, fermer' }).click();
    const table = page.getByRole('table', { name: 'Webhooks de « Logiciel comptable »' });
    await table.getByRole('cell', { name: url, exact: true }).waitFor();

    // An invoice of the structure is sent and delivered: each change reaches the software, signed.
    const structureId = (await portalApi(page, 'GET', '/api/me/permissions')).items[0].structureId as number;
    const invoice = await typedInvoice(
      page,
      { supplierStructureId: structureId, recipientIdentifier: '13001727000013' },
      { name: 'Chaises A Tolux', quantity: '20', unit: 'pièce', unitPrice: '320,00', vatRate: '10' },
    );
    const deadline = Date.now() + 20_000;
    while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const statuses = received.map((r) => JSON.parse(r.body).data.statut);
    assert.deepEqual(statuses.sort(), ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'].sort());
    for (const r of received) {
      const expected = `v1=${createHmac('sha256', secret).update(`${r.timestamp}.${r.body}`).digest('hex')}`;
      assert.equal(r.signature, expected);
    }

    // « Journal des envois »: each attempt, its HTTP status and the delivery's state.
    await page.reload();
    const log = page.getByRole('table', { name: 'Journal des envois des webhooks de « Logiciel comptable »' });
    await log
      .getByText(`Facture ${invoice.number} : Mise à disposition du destinataire (MISE_A_DISPOSITION)`)
      .waitFor();
    await page.getByText('3 tentatives').waitFor();
    assert.match(await log.locator('tbody tr').first().innerText(), /200[\s\S]*Remis/i);
    await field(page, 'État de l’envoi').selectOption('failed');
    await page.getByText('0 tentatives').waitFor();
    await field(page, 'État de l’envoi').selectOption('');
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is nowhere on the page');
    assert.deepEqual(await accessibilityViolationsAtWidths(page), [], '« Webhooks »: WCAG AA, 1280 and 390 px');

    // « Supprimer », after a confirmation.
    await table.getByRole('button', { name: `Supprimer le webhook ${url}` }).click();
    await page
      .getByRole('dialog', { name: 'Supprimer le webhook ?' })
      .getByRole('button', { name: 'Supprimer' })
      .click();
    await page.getByText('Le webhook a été supprimé.').waitFor();
    await section.getByText('Aucun webhook pour cette connexion.').waitFor();
  });
});
