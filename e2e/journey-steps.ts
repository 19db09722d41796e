import type { Page } from 'playwright-core';
import { codeIn, linkIn, type Harness } from './harness.ts';

export interface TestUser {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

let counter = 0;
export function newUser(firstName: string, lastName: string): TestUser {
  counter += 1;
  const unique = `${Date.now().toString(36)}${counter}`;
  return {
    email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}.${unique}@exemple.fr`,
    firstName,
    lastName,
    password: 'Chorale-Test-2026!',
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The input labelled exactly `label` (Mantine appends « * » to the label of required fields). */
export const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${escapeRegExp(label)}( \\*)?$`));

/** The error message Mantine shows under a field (bound to it by aria-describedby). */
export async function fieldError(page: Page, label: string): Promise<string> {
  const input = field(page, label);
  await input.and(page.locator('[aria-invalid="true"]')).waitFor({ timeout: 5_000 });
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(
    ids.map((id) =>
      page
        .locator(`[id="${id}"]`)
        .innerText()
        .catch(() => ''),
    ),
  );
  return texts.join(' ').trim();
}

export async function fillSignUpForm(page: Page, user: TestUser, confirmation = user.email): Promise<void> {
  await field(page, 'Adresse électronique de connexion').fill(user.email);
  await field(page, 'Ressaisissez votre adresse électronique de connexion').fill(confirmation);
  await field(page, 'Prénom').fill(user.firstName);
  await field(page, 'Nom').fill(user.lastName);
}

export async function solveCaptcha(page: Page): Promise<void> {
  await page.getByRole('checkbox', { name: 'Je ne suis pas un robot' }).click();
  // The widget solves the proof of work in the browser, then says so.
  await page.locator('altcha-widget').getByText('Vérifié', { exact: true }).waitFor({ timeout: 30_000 });
}

/** « Créer un compte » up to « Dernière étape », with the captcha solved by the widget. */
export async function signUp(page: Page, user: TestUser): Promise<void> {
  await page.goto('/creer-un-compte');
  await fillSignUpForm(page, user);
  await page.getByRole('checkbox', { name: 'J’accepte les conditions' }).check();
  await solveCaptcha(page);
  await page.getByRole('button', { name: 'Soumettre' }).click();
  await page.getByRole('heading', { name: 'Dernière étape avant la validation de votre compte' }).waitFor();
}

export async function setPassword(page: Page, password: string): Promise<void> {
  await field(page, 'Nouveau mot de passe').fill(password);
  await field(page, 'Confirmation du nouveau mot de passe').fill(password);
  await page.getByRole('button', { name: 'Soumettre' }).click();
}

export async function openActivationLink(page: Page, h: Harness, user: TestUser): Promise<void> {
  const mail = await h.waitForMail(user.email, (m) => m.subject.includes('Activez votre compte'));
  await page.goto(linkIn(mail, `${h.baseUrl}/activer-mon-compte`));
  await page.getByRole('heading', { name: 'Mise à jour du mot de passe' }).waitFor();
}

export async function submitCredentials(page: Page, user: TestUser): Promise<void> {
  await page.goto('/connexion');
  await field(page, 'Adresse de connexion').fill(user.email);
  await field(page, 'Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.getByRole('heading', { name: 'Saisissez votre code' }).waitFor();
}

/** Signs in with the mail code; returns once the portal shows the user's menu. */
export async function signInWithMailCode(page: Page, h: Harness, user: TestUser): Promise<void> {
  const before = await h.lastMailId();
  await submitCredentials(page, user);
  const mail = await h.waitForMail(user.email, (m) => m.id > before && m.subject.includes('code de connexion'));
  await field(page, 'Code d’authentification').fill(codeIn(mail));
  await page.getByRole('button', { name: 'Valider' }).click();
  await userMenu(page, user).waitFor();
}

export const userMenu = (page: Page, user: TestUser) =>
  page.getByRole('button', { name: `${user.firstName} ${user.lastName}`, exact: true });

export async function closeWelcome(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Félicitations ! Votre compte utilisateur est créé.' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Fermer' }).last().click();
  await dialog.waitFor({ state: 'hidden' });
}

export async function openMenuItem(page: Page, user: TestUser, item: string): Promise<void> {
  await userMenu(page, user).click();
  await page.getByRole('menuitem', { name: item }).click();
  // The menu closes with an animation: wait until it is gone, so that what follows (an
  // accessibility check, say) sees the page and not a half-closed dropdown.
  await page.getByRole('menu').waitFor({ state: 'detached' });
}

/** A page of the user menu, once its title is shown. */
export async function openMenuPage(page: Page, user: TestUser, item: string): Promise<void> {
  await openMenuItem(page, user, item);
  await page.getByRole('heading', { name: item, level: 1 }).waitFor();
}

export async function signOut(page: Page, user: TestUser): Promise<void> {
  await openMenuItem(page, user, 'Se déconnecter');
  await page.getByRole('link', { name: 'Se connecter' }).first().waitFor();
}

/** Sign-up, activation mail, password, first sign-in with the mail code, welcome dialog closed. */
export async function createAccount(page: Page, h: Harness, user: TestUser): Promise<void> {
  await signUp(page, user);
  await openActivationLink(page, h, user);
  await setPassword(page, user.password);
  await page.getByText('Votre compte est maintenant activé.').waitFor();
  await signInWithMailCode(page, h, user);
  await closeWelcome(page);
}

/** « Créer une structure » from the registry's data (the creator becomes its main manager). */
export async function createStructure(page: Page, siret: string, label: string): Promise<void> {
  await page.goto('/organisation/structures/creer');
  await page.getByRole('heading', { name: 'Créer une structure', level: 1 }).waitFor();
  await field(page, 'Identifiant Siret').fill(siret);
  await page.getByText('Cette structure n’est pas présente dans Chorale.', { exact: false }).waitFor();
  await field(page, 'Libellé de la structure').fill(label);
  await page.getByRole('button', { name: 'Soumettre' }).click();
  await page.getByText('L’envoi des données pour "Créer une structure" a bien été effectué.').waitFor();
}

/** « Coordonnées bancaires »: the structure's (only) account, so that a transfer can be sent. */
export async function addBankAccount(page: Page, holder: string): Promise<void> {
  await page.goto('/organisation/structures/coordonnees-bancaires');
  await field(page, 'Titulaire du compte').fill(holder);
  await field(page, 'IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
  await field(page, 'BIC').fill('BNPAFRPP');
  await page.getByRole('button', { name: 'Créer la coordonnée bancaire' }).click();
  await page.getByText('La coordonnée bancaire a été créée.').waitFor();
}

/** The API as the portal calls it (session cookie and CSRF header), to prepare what is not the journey. */
export async function portalApi(page: Page, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'chorale_csrf')?.value ?? '';
  const response = await page.request.fetch(url, {
    method,
    headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { data: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok()) throw new Error(`${method} ${url} → ${response.status()} ${text}`);
  return json;
}

/**
 * A typed invoice through the portal's API: the draft, one line, then (unless `send` is false)
 * sent and delivered (the platform routes it in the background). Returns its id and number.
 */
export async function typedInvoice(
  page: Page,
  header: Record<string, unknown>,
  line: Record<string, unknown>,
  send = true,
): Promise<{ id: number; number: string }> {
  const draft = await portalApi(page, 'POST', '/api/invoices', {
    invoiceDate: new Date().toISOString().slice(0, 10),
    paymentMode: 'CHEQUE',
    ...header,
  });
  await portalApi(page, 'POST', `/api/invoices/${draft.id}/lines`, line);
  if (!send) return { id: draft.id, number: draft.draftNumber };
  const sent = await portalApi(page, 'POST', `/api/invoices/${draft.id}/submit`, {});
  for (let i = 0; i < 100; i++) {
    if ((await portalApi(page, 'GET', `/api/invoices/${draft.id}`)).status === 'MISE_A_DISPOSITION') break;
    await page.waitForTimeout(150);
  }
  return { id: draft.id, number: sent.number };
}
