import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './axe.ts';
import { startHarness, type Harness } from './harness.ts';
import { createAccount, field, fieldError, newUser, openMenuPage } from './journey-steps.ts';

describe('« Jetons d’API » in « Mon compte »', () => {
  let h: Harness;
  let page: Page;
  const user = newUser('Paul', 'Girard');

  before(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
  });
  after(async () => {
    await h?.close();
  });

  const callMe = (secret: string) =>
    fetch(`${h.baseUrl}/api/me`, { headers: { authorization: `Bearer ${secret}`, accept: 'application/json' } });

  test('create a token, shown once, use it as the user, revoke it: refused from then on', async () => {
    await createAccount(page, h, user);
    await openMenuPage(page, user, 'Mon compte');
    await page.getByRole('heading', { name: 'Jetons d’API', level: 2 }).waitFor();
    await page.getByText('Vous n’avez aucun jeton d’API actif.').waitFor();

    // A refused form keeps what was typed, the API's French message next to its field.
    await field(page, 'Nom du jeton').fill('Logiciel de facturation');
    await field(page, 'Date d’expiration').fill('2020-01-01');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    assert.match(await fieldError(page, 'Date d’expiration'), /La date d’expiration est passée/);
    assert.equal(await field(page, 'Nom du jeton').inputValue(), 'Logiciel de facturation');

    await field(page, 'Date d’expiration').fill('');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    const secretField = field(page, 'Secret du jeton « Logiciel de facturation »');
    await secretField.waitFor();
    await page.getByText('il ne sera plus jamais affiché', { exact: false }).waitFor();
    const secret = await secretField.inputValue();
    assert.match(secret, /^chorale_.{20,}$/);
    const table = page.getByRole('table', { name: 'Vos jetons d’API actifs, du plus récent au plus ancien' });
    const row = table.getByRole('row', { name: /Logiciel de facturation/ });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`${secret.slice(0, 12)}…`));
    assert.match(await row.innerText(), /Aucune \(jusqu’à révocation\)/);
    assert.deepEqual(await accessibilityViolations(page), [], '« Mon compte » with a new token: WCAG AA');

    const asUser = await callMe(secret);
    assert.equal(asUser.status, 200);
    assert.equal(((await asUser.json()) as { loginEmail: string }).loginEmail, user.email);

    // Once the page is reloaded the secret is gone for good; only its first characters remain.
    await page.reload();
    await row.waitFor();
    assert.equal(await page.getByText(secret).count(), 0);
    assert.equal(await page.locator(`input[value="${secret}"]`).count(), 0);

    await row.getByRole('button', { name: 'Révoquer le jeton « Logiciel de facturation »' }).click();
    const dialog = page.getByRole('dialog', { name: 'Révoquer le jeton ?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Révoquer le jeton' }).click();
    await page.getByText('Le jeton a été révoqué.').waitFor();
    await page.getByText('Vous n’avez aucun jeton d’API actif.').waitFor();

    assert.equal((await callMe(secret)).status, 401);
  });
});
