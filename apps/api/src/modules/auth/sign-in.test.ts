import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TOTP, Secret } from 'otpauth';
import {
  STRONG_PASSWORD,
  createActiveAccount,
  databaseKinds,
  linkToken,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';

function totpCode(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at.getTime(),
  });
}

async function mailCode(t: TestApp, to: string): Promise<string> {
  const mail = (await t.deliverMails()).filter((m) => m.to === to).at(-1);
  const code = /code d’authentification est : (\d{6})/.exec(mail?.text ?? '')?.[1];
  assert.ok(code, 'a code was mailed');
  return code;
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] Connexion et facteurs d’authentification`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
      await createActiveAccount(t, 'marie@exemple.fr');
    });
    after(() => t.close());

    test('a wrong password and an unknown address get the same answer', async () => {
      const c = t.client('192.0.2.10');
      const wrong = await c.post('/api/auth/sign-in', { loginEmail: 'marie@exemple.fr', password: 'pas-le-bon-123' });
      const unknown = await c.post('/api/auth/sign-in', {
        loginEmail: 'personne@exemple.fr',
        password: 'pas-le-bon-123',
      });
      assert.equal(wrong.status, 401);
      assert.deepEqual(wrong.body, unknown.body);
      assert.equal(wrong.body.error.fields.password, 'Adresse de connexion ou mot de passe incorrect.');
    });

    test('password then mail code; a new session id at sign-in; no access before the code', async () => {
      const c = t.client();
      const first = await c.post('/api/auth/sign-in', { loginEmail: 'MARIE@exemple.fr', password: STRONG_PASSWORD });
      assert.equal(first.status, 200);
      assert.equal(first.body.factor.kind, 'email');
      const mfaCookie = c.cookies.get('chorale_session');
      assert.equal((await c.get('/api/me')).status, 401, 'the password alone opens nothing');
      const sel = await c.post('/api/auth/mfa/select', { factorId: first.body.factor.id });
      assert.match(sel.body.maskedEmail, /■/);
      const code = await mailCode(t, 'marie@exemple.fr');
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      const bad = await c.post('/api/auth/mfa/verify', { factorId: first.body.factor.id, code: wrong });
      assert.equal(bad.body.error.code, 'CODE_INVALID');
      assert.equal(bad.body.error.fields.code, 'Code incorrect. Il vous reste 4 tentatives.');
      const ok = await c.post('/api/auth/mfa/verify', { factorId: first.body.factor.id, code });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.stage, 'signed-in');
      assert.equal(ok.body.user.firstSignIn, true);
      assert.notEqual(c.cookies.get('chorale_session'), mfaCookie, 'session id renewed');
      assert.equal((await c.get('/api/me')).body.loginEmail, 'marie@exemple.fr');
      await c.post('/api/me/first-sign-in-seen');
      assert.equal((await c.get('/api/session')).body.user.firstSignIn, false);
      const reuse = await t.client().post('/api/auth/mfa/verify', { factorId: first.body.factor.id, code });
      assert.equal(reuse.status, 401, 'a code is bound to its session');
    });

    test('five wrong codes lock the sign-in out', async () => {
      const c = t.client();
      const first = await c.post('/api/auth/sign-in', { loginEmail: 'marie@exemple.fr', password: STRONG_PASSWORD });
      await c.post('/api/auth/mfa/select', { factorId: first.body.factor.id });
      await t.deliverMails();
      let res;
      for (let i = 0; i < 5; i++)
        res = await c.post('/api/auth/mfa/verify', { factorId: first.body.factor.id, code: '000000' });
      assert.equal(res?.status, 423);
      assert.equal(res?.body.error.code, 'CODE_LOCKED');
      assert.match(res?.body.error.message, /Trop de codes erronés/);
      const after = await c.post('/api/auth/mfa/verify', { factorId: first.body.factor.id, code: '000000' });
      assert.equal(after.status, 401, 'the half-open session is gone');
    });

    test('a mail code expires', async () => {
      const c = t.client();
      const first = await c.post('/api/auth/sign-in', { loginEmail: 'marie@exemple.fr', password: STRONG_PASSWORD });
      await c.post('/api/auth/mfa/select', { factorId: first.body.factor.id });
      const code = await mailCode(t, 'marie@exemple.fr');
      t.advance(11 * 60_000);
      const res = await c.post('/api/auth/mfa/verify', { factorId: first.body.factor.id, code });
      assert.equal(res.status, 401, 'the sign-in step itself lasted too long');
    });

    test('authenticator app: enrol, then it is asked first; a code cannot be replayed', async () => {
      const c: TestClient = await signInWithMailCode(t, 'marie@exemple.fr');
      const start = await c.post('/api/me/factors/totp/start');
      assert.match(start.body.otpauthUrl, /^otpauth:\/\/totp\/Chorale:marie%40exemple\.fr\?/);
      assert.match(start.body.qrCodeDataUrl, /^data:image\/png;base64,/);
      const badCode = await c.post('/api/me/factors/totp', { code: '12345', deviceName: 'Mon téléphone' });
      assert.equal(badCode.body.error.fields.code, 'Le code unique comporte 6 chiffres.');
      const added = await c.post('/api/me/factors/totp', {
        code: totpCode(start.body.secret, t.app.ctx.now()),
        deviceName: 'Mon téléphone',
      });
      assert.equal(added.status, 201);
      assert.equal(added.body.label, 'Mon téléphone');
      await c.post('/api/auth/sign-out');
      assert.equal((await c.get('/api/me')).status, 401);

      t.advance(60_000);
      const again = await c.post('/api/auth/sign-in', { loginEmail: 'marie@exemple.fr', password: STRONG_PASSWORD });
      assert.equal(again.body.factor.kind, 'totp');
      assert.deepEqual(
        again.body.factors.map((f: { kind: string }) => f.kind),
        ['totp', 'email'],
      );
      const code = totpCode(start.body.secret, t.app.ctx.now());
      assert.equal((await c.post('/api/auth/mfa/verify', { factorId: again.body.factor.id, code })).status, 200);
      await c.post('/api/auth/sign-out');
      const replay = await c.post('/api/auth/sign-in', { loginEmail: 'marie@exemple.fr', password: STRONG_PASSWORD });
      const refused = await c.post('/api/auth/mfa/verify', { factorId: replay.body.factor.id, code });
      assert.equal(refused.body.error.code, 'CODE_INVALID');
      assert.equal(refused.body.error.message, 'Ce code a déjà servi : attendez le code suivant de votre application.');

      const events = await t.database.db.selectFrom('security_events').select('kind').orderBy('id').execute();
      const kinds = events.map((e) => e.kind);
      for (const k of [
        'password_set',
        'sign_in_failed',
        'mfa_failed',
        'mfa_locked',
        'sign_in',
        'factor_added',
        'sign_out',
      ])
        assert.ok(kinds.includes(k), `security log has ${k}`);
    });

    test('a factor can be removed but never the last one', async () => {
      await createActiveAccount(t, 'solo@exemple.fr');
      const c = await signInWithMailCode(t, 'solo@exemple.fr');
      const { factors } = (await c.get('/api/me/factors')).body;
      assert.equal(factors.length, 1);
      const res = await c.delete(`/api/me/factors/${factors[0].id}`);
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'LAST_FACTOR');
      const other = await t.client().delete(`/api/me/factors/${factors[0].id}`);
      assert.equal(other.status, 401);
    });

    test('state-changing calls without the CSRF header are refused', async () => {
      const c = await signInWithMailCode(t, 'solo@exemple.fr');
      const res = await c.request(
        'PUT',
        '/api/me',
        { firstName: 'X', lastName: 'Y', phone: '', contactEmail: 'x@exemple.fr', surveyConsent: false },
        { csrf: false },
      );
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'CSRF_REJECTED');
      const ok = await c.put('/api/me', {
        firstName: 'Sol',
        lastName: 'Eil',
        phone: '06 00 00 00 00',
        contactEmail: 'contact@exemple.fr',
        surveyConsent: false,
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.contactEmail, 'contact@exemple.fr');
    });

    test('password reset by mail link closes open sessions; unknown addresses get the same answer', async () => {
      const signedIn = await signInWithMailCode(t, 'solo@exemple.fr');
      const c = t.client('192.0.2.50');
      const unknown = await c.post('/api/auth/password-reset', { loginEmail: 'inconnu@exemple.fr' });
      const known = await c.post('/api/auth/password-reset', { loginEmail: 'solo@exemple.fr' });
      assert.equal(unknown.status, 202);
      assert.deepEqual(unknown.body, known.body);
      const mails = await t.deliverMails();
      assert.deepEqual(
        mails.map((m) => m.to),
        ['solo@exemple.fr'],
      );
      const token = linkToken(mails[0]?.text ?? '');
      const newPassword = 'Nouveau-mot-2-passe';
      assert.equal(
        (
          await c.post('/api/auth/password-reset/confirm', {
            token,
            password: newPassword,
            passwordConfirmation: newPassword,
          })
        ).status,
        200,
      );
      assert.equal((await signedIn.get('/api/me')).status, 401, 'old sessions are closed');
      await signInWithMailCode(t, 'solo@exemple.fr', newPassword);
    });

    test('changing the login address is confirmed through the new address', async () => {
      await createActiveAccount(t, 'ancien@exemple.fr');
      const c = await signInWithMailCode(t, 'ancien@exemple.fr');
      const wrongPw = await c.post('/api/me/login-email', {
        newLoginEmail: 'nouveau@exemple.fr',
        newLoginEmailConfirmation: 'nouveau@exemple.fr',
        password: 'faux',
      });
      assert.equal(wrongPw.body.error.fields.password, 'Le mot de passe est incorrect.');
      const res = await c.post('/api/me/login-email', {
        newLoginEmail: 'nouveau@exemple.fr',
        newLoginEmailConfirmation: 'nouveau@exemple.fr',
        password: STRONG_PASSWORD,
      });
      assert.equal(res.status, 202);
      const mail = (await t.deliverMails()).find((m) => m.to === 'nouveau@exemple.fr');
      assert.equal((await c.get('/api/me')).body.loginEmail, 'ancien@exemple.fr', 'unchanged until confirmed');
      const confirm = await t
        .client()
        .post('/api/accounts/confirm-login-email', { token: linkToken(mail?.text ?? '') });
      assert.equal(confirm.body.loginEmail, 'nouveau@exemple.fr');
      const notices = await t.deliverMails();
      assert.ok(notices.some((m) => m.to === 'ancien@exemple.fr' && /a changé/.test(m.subject)));
      await signInWithMailCode(t, 'nouveau@exemple.fr');
    });

    test('a session ends after 30 idle minutes and after 12 hours in any case', async () => {
      await createActiveAccount(t, 'veille@exemple.fr');
      const c = await signInWithMailCode(t, 'veille@exemple.fr');
      t.advance(20 * 60_000);
      assert.equal((await c.get('/api/me')).status, 200, 'activity keeps it alive');
      t.advance(31 * 60_000);
      assert.equal((await c.get('/api/me')).status, 401, 'idle expiry');
      const d = await signInWithMailCode(t, 'veille@exemple.fr');
      for (let i = 0; i < 25; i++) {
        t.advance(29 * 60_000);
        await d.get('/api/me');
      }
      assert.equal((await d.get('/api/me')).status, 401, 'absolute expiry');
    });

    test('failed sign-ins are rate limited per account and place', async () => {
      const c = t.client('192.0.2.99');
      let res;
      for (let i = 0; i < 11; i++)
        res = await c.post('/api/auth/sign-in', { loginEmail: 'cible@exemple.fr', password: 'essai-numero-' + i });
      assert.equal(res?.status, 429);
      assert.equal(res?.body.error.code, 'SIGN_IN_BLOCKED');
      assert.match(res?.body.error.message, /bloquée jusqu’à/);
      assert.ok(res?.headers['retry-after']);
    });
  });
}
