import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STRONG_PASSWORD,
  createActiveAccount,
  databaseKinds,
  linkToken,
  solveCaptcha,
  startTestApp,
  type TestApp,
} from '../../testing/test-app.ts';

for (const kind of databaseKinds) {
  describe(`[${kind.name}] Créer un compte`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    const form = (overrides: Record<string, unknown> = {}) => ({
      loginEmail: 'daniel.potier@example.fr',
      loginEmailConfirmation: 'daniel.potier@example.fr',
      firstName: 'Daniel',
      lastName: 'Potier',
      phone: '01 23 45 67 89',
      surveyConsent: true,
      acceptTerms: true,
      ...overrides,
    });

    test('sign-up, activation mail, password rules, single-use link', async () => {
      const c = t.client();
      const res = await c.post('/api/accounts', { ...form(), captcha: await solveCaptcha(c) });
      assert.equal(res.status, 201);
      assert.equal(res.body.firstName, 'Daniel');
      assert.match(res.body.maskedEmail, /^da■■■■r@ex■■■■e\.fr$/);

      const mails = await t.deliverMails();
      assert.equal(mails.length, 1);
      assert.equal(mails[0]?.to, 'daniel.potier@example.fr');
      assert.match(mails[0]?.subject ?? '', /Activez votre compte/);
      const token = linkToken(mails[0]?.text ?? '');
      assert.match(mails[0]?.text ?? '', /http:\/\/localhost:3999\/activer-mon-compte\?jeton=/);

      assert.equal((await c.post('/api/accounts/token-status', { token, purpose: 'activation' })).status, 200);

      const weak = await c.post('/api/accounts/activate', { token, password: 'court', passwordConfirmation: 'court' });
      assert.equal(weak.status, 400);
      assert.match(weak.body.error.fields.password, /au moins 12 caractères/);
      const noClasses = await c.post('/api/accounts/activate', {
        token,
        password: 'toutenminuscules',
        passwordConfirmation: 'toutenminuscules',
      });
      assert.match(noClasses.body.error.fields.password, /au moins 3 types/);
      const mismatch = await c.post('/api/accounts/activate', {
        token,
        password: STRONG_PASSWORD,
        passwordConfirmation: 'autre-Chose-123',
      });
      assert.match(mismatch.body.error.fields.passwordConfirmation, /ne correspond pas/);

      assert.equal(
        (
          await c.post('/api/accounts/activate', {
            token,
            password: STRONG_PASSWORD,
            passwordConfirmation: STRONG_PASSWORD,
          })
        ).status,
        200,
      );
      const reused = await c.post('/api/accounts/activate', {
        token,
        password: STRONG_PASSWORD,
        passwordConfirmation: STRONG_PASSWORD,
      });
      assert.equal(reused.status, 410);
      assert.equal(reused.body.error.code, 'TOKEN_USED');
      const user = await t.database.db
        .selectFrom('users')
        .selectAll()
        .where('login_email', '=', 'daniel.potier@example.fr')
        .executeTakeFirstOrThrow();
      assert.equal(user.status, 'active');
      assert.match(user.password_hash ?? '', /^\$argon2id\$/);
      assert.equal(user.contact_email, 'daniel.potier@example.fr', 'the contact address defaults to the login address');
    });

    test('each wrong field gets its French message and nothing is created', async () => {
      const c = t.client();
      const res = await c.post('/api/accounts', {
        ...form({
          loginEmail: 'a@exemple.fr',
          loginEmailConfirmation: 'b@exemple.fr',
          firstName: '',
          acceptTerms: false,
        }),
        captcha: 'x',
      });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.error.fields.loginEmailConfirmation,
        'Les deux adresses électroniques de connexion ne sont pas identiques.',
      );
      assert.equal(res.body.error.fields.firstName, 'Le champ « Prénom » est obligatoire.');
      assert.match(res.body.error.fields.acceptTerms, /accepter les conditions/);
      const bad = await c.post('/api/accounts', {
        ...form({ loginEmail: 'pas-une-adresse', loginEmailConfirmation: 'pas-une-adresse' }),
        captcha: 'x',
      });
      assert.match(bad.body.error.fields.loginEmail, /n’est pas une adresse électronique valide/);
      assert.equal((await t.deliverMails()).length, 0);
    });

    test('the captcha is checked on the server and serves once', async () => {
      const c = t.client();
      const forged = await c.post('/api/accounts', {
        ...form({ loginEmail: 'x@exemple.fr', loginEmailConfirmation: 'x@exemple.fr' }),
        captcha: Buffer.from('{"challenge":{},"solution":{}}').toString('base64'),
      });
      assert.equal(forged.status, 400);
      assert.equal(forged.body.error.code, 'CAPTCHA_INVALID');
      const captcha = await solveCaptcha(c);
      assert.equal(
        (
          await c.post('/api/accounts', {
            ...form({ loginEmail: 'y@exemple.fr', loginEmailConfirmation: 'y@exemple.fr' }),
            captcha,
          })
        ).status,
        201,
      );
      const replay = await c.post('/api/accounts', {
        ...form({ loginEmail: 'z@exemple.fr', loginEmailConfirmation: 'z@exemple.fr' }),
        captcha,
      });
      assert.equal(replay.body.error.code, 'CAPTCHA_INVALID');
      await t.deliverMails();
    });

    test('an address already in use gets the same answer; its owner is told by mail', async () => {
      await createActiveAccount(t, 'deja@exemple.fr');
      const c = t.client('203.0.113.9');
      const res = await c.post('/api/accounts', {
        ...form({ loginEmail: 'Deja@Exemple.fr ', loginEmailConfirmation: 'deja@exemple.fr', firstName: 'Intrus' }),
        captcha: await solveCaptcha(c),
      });
      assert.equal(res.status, 201, 'no account enumeration at sign-up');
      assert.equal(res.body.firstName, 'Intrus');
      const mails = await t.deliverMails();
      assert.equal(mails.length, 1);
      assert.match(mails[0]?.subject ?? '', /Tentative de création de compte/);
      const count = await t.database.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('login_email', '=', 'deja@exemple.fr')
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
    });

    test('an activation link expires after 24 hours', async () => {
      const c = t.client();
      await c.post('/api/accounts', {
        ...form({ loginEmail: 'lent@exemple.fr', loginEmailConfirmation: 'lent@exemple.fr' }),
        captcha: await solveCaptcha(c),
      });
      const token = linkToken((await t.deliverMails())[0]?.text ?? '');
      t.advance(25 * 3_600_000);
      const res = await c.post('/api/accounts/activate', {
        token,
        password: STRONG_PASSWORD,
        passwordConfirmation: STRONG_PASSWORD,
      });
      assert.equal(res.status, 410);
      assert.equal(res.body.error.code, 'TOKEN_EXPIRED');
      assert.match(res.body.error.message, /Recommencez la création de votre compte/);
      const invalid = await c.post('/api/accounts/token-status', {
        token: 'n-importe-quoi-du-tout',
        purpose: 'activation',
      });
      assert.equal(invalid.body.error.code, 'TOKEN_INVALID');
    });

    test('sign-ups are rate limited per address of origin', async () => {
      const c = t.client('192.0.2.77');
      let last = 0;
      for (let i = 0; i < 11; i++) {
        const res = await c.post('/api/accounts', {
          ...form({ loginEmail: `flot${i}@exemple.fr`, loginEmailConfirmation: `flot${i}@exemple.fr` }),
          captcha: 'x',
        });
        last = res.status;
      }
      assert.equal(last, 429);
    });
  });
}
