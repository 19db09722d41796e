import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { api, ApiError } from './client.ts';
import { setCookies, stubFetch } from './fetch-stub.ts';

describe('portal API client', () => {
  test('writes carry the CSRF cookie in x-csrf-token; reads do not', async () => {
    setCookies('other=1; chorale_csrf=abc%3D123; last=2');
    const calls = stubFetch(() => Response.json({ ok: true }));
    await api('POST', '/api/auth/sign-in', { loginEmail: 'a@b.fr' });
    await api('GET', '/api/session');
    const [post, get] = calls;
    const postHeaders = post?.init.headers as Record<string, string>;
    assert.equal(postHeaders['x-csrf-token'], 'abc=123');
    assert.equal(postHeaders['content-type'], 'application/json');
    assert.equal(post?.init.body, JSON.stringify({ loginEmail: 'a@b.fr' }));
    assert.equal(post?.init.credentials, 'same-origin');
    assert.equal((get?.init.headers as Record<string, string>)['x-csrf-token'], undefined);
  });

  test('an error answer becomes an ApiError with its code, French message and field messages', async () => {
    setCookies('');
    stubFetch(() =>
      Response.json(
        { error: { code: 'CODE_INVALID', message: 'Code incorrect.', fields: { code: 'Code incorrect.' } } },
        { status: 400 },
      ),
    );
    const error = await api('POST', '/api/auth/mfa/verify', {}).catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'CODE_INVALID');
    assert.equal(error.status, 400);
    assert.equal(error.message, 'Code incorrect.');
    assert.deepEqual(error.fields, { code: 'Code incorrect.' });
  });

  test('an unreadable error or a network failure still gives a French message', async () => {
    setCookies('');
    stubFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const bad = await api('GET', '/api/session').catch((e: unknown) => e);
    assert.ok(bad instanceof ApiError);
    assert.equal(bad.code, 'INTERNAL');
    assert.match(bad.message, /erreur inattendue/);

    stubFetch(() => Promise.reject(new TypeError('fetch failed')));
    const offline = await api('GET', '/api/session').catch((e: unknown) => e);
    assert.ok(offline instanceof ApiError);
    assert.equal(offline.code, 'NETWORK');
    assert.match(offline.message, /injoignable/);
  });

  test('an empty success answer (204) resolves to null', async () => {
    setCookies('chorale_csrf=x');
    stubFetch(() => new Response(null, { status: 204 }));
    assert.equal(await api('DELETE', '/api/me/factors/3'), null);
  });
});
