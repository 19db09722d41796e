import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { codeIn, linkIn, startHarness, type Harness } from './harness.ts';
import { createAccount, createStructure, field, newUser, signOut, userMenu } from './journey-steps.ts';

const SIRET = '41287653400014';
const NAME = 'MENUISERIE DURAND ET FILS';

// Issue 15 defect 9: an invitation waits for its invitee, who answers it on « Mes invitations ».
describe('invitations: the mail link leads to « Mes invitations », where the invitee accepts', () => {
  let h: Harness;
  let pageM: Page;
  let pageU: Page;
  const m = newUser('Marc', 'Durand');
  const u = newUser('Ursule', 'Petit');

  before(async () => {
    h = await startHarness();
    ({ page: pageM } = await h.newPage());
    ({ page: pageU } = await h.newPage());
  });
  after(async () => {
    await h?.close();
  });

  test('a manager invites an existing account; once accepted, it is in the members list', async () => {
    await createAccount(pageU, h, u);
    await signOut(pageU, u);
    await createAccount(pageM, h, m);
    await createStructure(pageM, SIRET, 'Siège');

    await pageM.goto('/organisation/utilisateurs/rattacher');
    await field(pageM, 'Adresse électronique').fill(u.email);
    await pageM.getByRole('button', { name: 'Rattacher l’utilisateur' }).click();
    await pageM.getByText(`Votre demande a bien été prise en compte pour ${u.email}`, { exact: false }).waitFor();

    // Anonymous, the invitee follows the mail link: sign-in first, then back to the invitations.
    const mail = await h.waitForMail(u.email, (x) => x.subject.includes('Invitation à rejoindre'));
    const before = await h.lastMailId();
    await pageU.goto(linkIn(mail, `${h.baseUrl}/mes-invitations`));
    await field(pageU, 'Adresse de connexion').fill(u.email);
    await field(pageU, 'Mot de passe').fill(u.password);
    await pageU.getByRole('button', { name: 'Se connecter', exact: true }).click();
    const code = await h.waitForMail(u.email, (x) => x.id > before && x.subject.includes('code de connexion'));
    await field(pageU, 'Code d’authentification').fill(codeIn(code));
    await pageU.getByRole('button', { name: 'Valider' }).click();
    await userMenu(pageU, u).waitFor();
    await pageU.getByRole('heading', { name: 'Mes invitations', level: 1 }).waitFor();

    const row = pageU.getByRole('row').filter({ hasText: SIRET });
    await row.getByRole('cell', { name: NAME, exact: true }).waitFor();
    await row.getByRole('cell', { name: `${m.firstName} ${m.lastName}`, exact: true }).waitFor();
    await row.getByRole('button', { name: 'Accepter', exact: false }).click();
    await pageU.getByText(`Vous êtes rattaché à la structure ${NAME}.`).waitFor();
    await pageU.getByText('Aucune invitation en attente.').waitFor();

    await pageM.goto('/organisation/utilisateurs/consulter');
    await pageM.getByRole('heading', { name: 'Consulter les utilisateurs', level: 1 }).waitFor();
    await pageM.getByRole('link', { name: `Afficher ${u.firstName} ${u.lastName}` }).waitFor();
  });
});
