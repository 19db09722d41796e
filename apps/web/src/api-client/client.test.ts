import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { api, ApiError } from './client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

const realFetch = globalThis.fetch;
const g = globalThis as unknown as { document?: { cookie: string } };

function stub(response: () => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  }) as typeof fetch;
  return calls;
}

afterEach(() => {
  globalThis.fetch = realFetch;
  delete g.document;
});

describe('portal API client', () => {
  test('writes carry the CSRF cookie in x-csrf-token; reads do not', async () => {
    g.document = { cookie: 'other=1; chorale_csrf=abc%3D123; last=2' };
    const calls = stub(() => Response.json({ ok: true }));
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
    g.document = { cookie: '' };
    stub(() =>
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
    g.document = { cookie: '' };
    stub(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const bad = await api('GET', '/api/session').catch((e: unknown) => e);
    assert.ok(bad instanceof ApiError);
    assert.equal(bad.code, 'INTERNAL');
    assert.match(bad.message, /erreur inattendue/);

    stub(() => Promise.reject(new TypeError('fetch failed')));
    const offline = await api('GET', '/api/session').catch((e: unknown) => e);
    assert.ok(offline instanceof ApiError);
    assert.equal(offline.code, 'NETWORK');
    assert.match(offline.message, /injoignable/);
  });

  test('an empty success answer (204) resolves to null', async () => {
    g.document = { cookie: 'chorale_csrf=x' };
    stub(() => new Response(null, { status: 204 }));
    assert.equal(await api('DELETE', '/api/me/factors/3'), null);
  });
});
