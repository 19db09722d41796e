import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolationsAtWidths } from './axe.ts';
import { startHarness, type Harness } from './harness.ts';
import { createAccount, createStructure, field, newUser } from './journey-steps.ts';

const SIRET = '89934607600024';
const ATTACHMENTS = 'utilisateurs/v1/monCompte/recuperer/rattachements';

// Issue 10: « Raccordements », the way an accounting software gets into Chorale's Chorus Pro API.
describe('« Raccordements »: a manager declares a connection and a technical account, the software uses them', () => {
  let h: Harness;
  let page: Page;
  const manager = newUser('Claire', 'Lecointre');

  before(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
  });
  after(async () => {
    await h?.close();
  });

  /** The secret dialog: its identifier and secret, read once, then closed. */
  async function readSecret(title: string, identifierLabel: string, secretLabel: string) {
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.waitFor();
    await dialog.getByText('il ne sera plus jamais affiché', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: `Copier : ${secretLabel}` }).waitFor();
    const identifier = await field(page, identifierLabel).inputValue();
    const secret = await field(page, secretLabel).inputValue();
    await dialog.getByRole('button', { name: 'J’ai copié, fermer' }).click();
    await dialog.waitFor({ state: 'hidden' });
    return { identifier, secret };
  }

  const token = (clientId: string, clientSecret: string) =>
    fetch(`${h.baseUrl}/api/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'openid',
      }),
    });
  const call = (path: string, accessToken: string, login: string, password: string, body?: unknown) =>
    fetch(`${h.baseUrl}/cpro/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'cpro-account': Buffer.from(`${login}:${password}`).toString('base64'),
        'content-type': 'application/json;charset=utf-8',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  test('connection and technical account shown once, used over HTTP, the call in « Derniers appels »', async () => {
    await createAccount(page, h, manager);
    await createStructure(page, SIRET, 'Lecointre Paris');

    // From the structure's management: « Structures » → « Raccordements EDI et API ».
    await page.goto('/organisation/structures');
    await page.getByRole('link', { name: 'Accéder : Raccordements EDI et API' }).click();
    await page.getByRole('heading', { name: 'Raccordements EDI et API', level: 1 }).waitFor();
    await page.getByText('Aucune connexion API n’est déclarée pour cette structure.').waitFor();

    // « Connexions API »: the name is required, the message next to it.
    await page.getByRole('button', { name: 'Déclarer la connexion' }).click();
    await page.getByText('Le champ « Nom du raccordement » est obligatoire.').waitFor();
    await field(page, 'Nom du raccordement').fill('Logiciel comptable');
    await page.getByRole('button', { name: 'Déclarer la connexion' }).click();
    const connection = await readSecret(
      'Secret de la connexion API',
      'Identifiant client (client_id)',
      'Secret client (client_secret) de « Logiciel comptable »',
    );
    assert.match(connection.identifier, /^chorale-[0-9a-f]{24}$/);
    assert.match(connection.secret, /^cpro_\S{40,}$/);
    const connections = page.getByRole('table', { name: 'Connexions API de la structure' });
    await connections.getByRole('cell', { name: connection.identifier }).waitFor();

    // « Comptes techniques »: a date beyond 730 days is refused next to its field.
    const far = new Date(Date.now() + 800 * 86_400_000).toISOString().slice(0, 10);
    await field(page, 'Date d’expiration du mot de passe').fill(far);
    await page.getByRole('button', { name: 'Créer le compte technique' }).click();
    await page.getByText('vaut au plus 730 jours', { exact: false }).first().waitFor();
    await field(page, 'Date d’expiration du mot de passe').fill('');
    await page.getByRole('button', { name: 'Créer le compte technique' }).click();
    const account = await readSecret(
      'Mot de passe du compte technique',
      'Identifiant (login)',
      await page
        .getByRole('dialog', { name: 'Mot de passe du compte technique' })
        .getByText(/^Mot de passe de TECH_/)
        .innerText(),
    );
    assert.match(account.identifier, new RegExp(`^TECH_${SIRET}_[0-9A-F]{8}@cpro\\.chorale$`));

    // Attached to the whole structure with « Factures émises » and « Organisation ».
    await page.getByRole('button', { name: `Rattacher ${account.identifier} à la structure ou à un service` }).click();
    const attach = page.getByRole('dialog', { name: 'Rattacher le compte technique' });
    await attach.getByLabel('Factures émises – Modification').check();
    await attach.getByLabel('Organisation – Consultation').check();
    await attach.getByRole('button', { name: 'Rattacher' }).click();
    await page.getByText('Le compte technique a été rattaché.').waitFor();
    const accounts = page.getByRole('table', { name: 'Comptes techniques de la structure' });
    await accounts.getByText('Factures émises modification', { exact: false }).waitFor();

    // The accounting software: token, then the Chorus Pro-compatible API with the technical account.
    const granted = await token(connection.identifier, connection.secret);
    assert.equal(granted.status, 200);
    const accessToken = ((await granted.json()) as { access_token: string }).access_token;
    const health = await call('transverses/v1/health-check', accessToken, account.identifier, account.secret);
    assert.equal(health.status, 200);
    const mine = await call(ATTACHMENTS, accessToken, account.identifier, account.secret, {});
    assert.equal(mine.status, 200);
    const body = (await mine.json()) as { listeRattachements: { identifiantStructure: string }[] };
    assert.deepEqual(
      body.listeRattachements.map((r) => r.identifiantStructure),
      [SIRET],
    );
    const refused = await call('transverses/v1/health-check', accessToken, account.identifier, 'faux');
    assert.equal(refused.status, 401);

    // « Derniers appels »: the calls, newest first; filtered by operation, then by result.
    await page.reload();
    const calls = page.getByRole('table', { name: 'Derniers appels de « Logiciel comptable »' });
    await calls.waitFor();
    await page.getByText('3 appels').waitFor();
    const rows = calls.locator('tbody tr');
    assert.match(await rows.nth(0).innerText(), /health-check[\s\S]*401[\s\S]*20010[\s\S]*Erreur/i);
    assert.match(await rows.nth(1).innerText(), new RegExp(`${ATTACHMENTS}[\\s\\S]*200[\\s\\S]*0[\\s\\S]*Succès`, 'i'));
    await field(page, 'Opération').selectOption(ATTACHMENTS);
    await page.getByRole('button', { name: 'Filtrer', exact: true }).click();
    await page.getByText('1 appel', { exact: true }).waitFor();
    await field(page, 'Opération').selectOption('');
    await field(page, 'Résultat').selectOption('error');
    await page.getByRole('button', { name: 'Filtrer', exact: true }).click();
    // « 1 appel » is already on the page from the previous filter: wait for the refused call's row.
    await rows.filter({ hasText: 'health-check' }).waitFor();
    await page.getByText('1 appel', { exact: true }).waitFor();
    assert.equal(await rows.count(), 1);
    assert.match(await rows.nth(0).innerText(), /401/);

    // The secret and the password are nowhere on the page any more.
    assert.equal(await page.getByText(connection.secret).count(), 0);
    assert.equal(await page.locator(`input[value="${account.secret}"]`).count(), 0);
    assert.deepEqual(await accessibilityViolationsAtWidths(page), [], '« Raccordements »: WCAG AA, 1280 and 390 px');

    // « Nouveau mot de passe »: shown once; the old one is refused at once.
    await accounts.getByRole('button', { name: `Nouveau mot de passe pour ${account.identifier}` }).click();
    const renew = page.getByRole('dialog', { name: 'Générer un nouveau mot de passe' });
    await renew.getByRole('button', { name: 'Générer le mot de passe' }).click();
    await renew.waitFor({ state: 'hidden' });
    const renewed = await readSecret(
      'Mot de passe du compte technique',
      'Identifiant (login)',
      `Mot de passe de ${account.identifier}`,
    );
    assert.equal(renewed.identifier, account.identifier);
    assert.notEqual(renewed.secret, account.secret);
    const healthStatus = (password: string) =>
      call('transverses/v1/health-check', accessToken, account.identifier, password).then((r) => r.status);
    assert.equal(await healthStatus(account.secret), 401);
    assert.equal(await healthStatus(renewed.secret), 200);

    // « Détacher », after a confirmation: the account no longer sees the structure.
    await accounts
      .getByRole('button', { name: /^Détacher : .* – toute la structure : Factures émises modification/ })
      .click();
    await page
      .getByRole('dialog', { name: 'Détacher le compte technique ?' })
      .getByRole('button', { name: 'Détacher' })
      .click();
    await page.getByText('Le rattachement a été supprimé.').waitFor();
    await accounts.getByText('Aucun rattachement : le compte ne peut encore rien faire.').waitFor();
    const detached = await call(ATTACHMENTS, accessToken, account.identifier, renewed.secret, {});
    assert.deepEqual(((await detached.json()) as { listeRattachements: unknown[] }).listeRattachements, []);
    account.secret = renewed.secret;

    // « Révoquer », after a confirmation: the software is refused from then on.
    await connections.getByRole('button', { name: 'Révoquer la connexion « Logiciel comptable »' }).click();
    const confirm = page.getByRole('dialog', { name: 'Révoquer la connexion API ?' });
    await confirm.getByRole('button', { name: 'Révoquer' }).click();
    await page.getByText('La connexion API a été révoquée.').waitFor();
    assert.equal(
      (await call('transverses/v1/health-check', accessToken, account.identifier, account.secret)).status,
      401,
    );
    assert.equal((await token(connection.identifier, connection.secret)).status, 401);

    // The flows of SFTP, the API and the portal are followed from here too.
    await page.getByRole('link', { name: 'Suivi des flux' }).click();
    await page.getByRole('tab', { name: 'Suivi des flux', selected: true }).waitFor();
  });
});
