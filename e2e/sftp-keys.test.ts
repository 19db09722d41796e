import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { accessibilityViolationsAtWidths } from './axe.ts';
import { startHarness, type Harness } from './harness.ts';
import { createAccount, createStructure, field, newUser } from './journey-steps.ts';

/** A new Ed25519 key pair made by OpenSSH's `ssh-keygen`; returns the line of its .pub file. */
async function sshKeygen(comment: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chorale-e2e-key-'));
  try {
    const key = join(dir, 'id_ed25519');
    await promisify(execFile)('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', key]);
    return (await readFile(`${key}.pub`, 'utf8')).trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Issue 11 (mode EDI): a manager registers the SSH public key a technical account signs in to SFTP with.
describe('« Clés SSH » of a technical account in « Raccordements »', () => {
  let h: Harness;
  let page: Page;
  const manager = newUser('Paul', 'Lecointre');

  before(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
  });
  after(async () => {
    await h?.close();
  });

  test('a wrong key is refused next to its field; a public key is listed with its fingerprint, then removed', async () => {
    await createAccount(page, h, manager);
    await createStructure(page, '89934607600024', 'Lecointre Paris');
    await page.goto('/organisation/structures');
    await page.getByRole('link', { name: 'Accéder : Raccordements EDI et API' }).click();
    await page.getByRole('button', { name: 'Créer le compte technique' }).click();
    const secret = page.getByRole('dialog', { name: 'Mot de passe du compte technique' });
    await secret.waitFor();
    const login = await field(page, 'Identifiant (login)').inputValue();
    await secret.getByRole('button', { name: 'J’ai copié, fermer' }).click();
    await secret.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: `Clés SSH du compte technique ${login}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Clés publiques SSH (SFTP)' });
    await dialog.getByText('Aucune clé publique : le compte se connecte par mot de passe.').waitFor();

    await field(page, 'Clé publique SSH').fill('ssh-ed25519 pas-une-cle');
    await dialog.getByRole('button', { name: 'Ajouter la clé' }).click();
    await dialog.getByText('Clé publique illisible', { exact: false }).first().waitFor();
    const error = await field(page, 'Clé publique SSH').getAttribute('aria-invalid');
    assert.equal(error, 'true', 'the error is tied to the field');

    // The key as its user makes it: `ssh-keygen`, the line of its .pub file pasted.
    const publicKey = await sshKeygen('edi@logiciel');
    await field(page, 'Clé publique SSH').fill(publicKey);
    // The form has taken the new key once the field's error is gone (its layout settled): only then
    // is « Ajouter la clé » clicked, and the server's answer is checked before the message.
    await field(page, 'Clé publique SSH').and(page.locator('[aria-invalid="true"]')).waitFor({ state: 'detached' });
    const [added] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/ssh-keys')),
      dialog.getByRole('button', { name: 'Ajouter la clé' }).click(),
    ]);
    assert.equal(added.status(), 201, await added.text());
    await dialog.getByText('La clé publique est enregistrée.').waitFor();
    const table = dialog.getByRole('table', { name: 'Clés publiques SSH enregistrées' });
    await table.getByText('edi@logiciel').waitFor();
    await table.getByText(/ssh-ed25519 SHA256:/).waitFor();
    assert.deepEqual(await accessibilityViolationsAtWidths(page), [], '« Clés SSH »: WCAG AA, 1280 and 390 px');

    await dialog.getByRole('button', { name: 'Supprimer la clé edi@logiciel' }).click();
    await dialog.getByText('La clé publique est supprimée : elle n’ouvre plus le compte.').waitFor();
    await dialog.getByText('Aucune clé publique : le compte se connecte par mot de passe.').waitFor();
  });
});
