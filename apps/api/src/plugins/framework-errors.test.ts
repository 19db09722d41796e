import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { databaseKinds, startTestApp, type TestApp } from '../testing/test-app.ts';

/** Sends raw bytes to the listening app and returns the whole answer. */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function appError(body: string) {
  const parsed = JSON.parse(body) as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(parsed), ['error'], `the app's one error shape: ${body}`);
  return parsed.error;
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] errors of the framework take the app's error shape`, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    before(async () => {
      t = await startTestApp(kind);
      const c = t.client();
      await c.get('/api/session');
      headers = {
        cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': c.cookies.get('chorale_csrf') ?? '',
      };
    });
    after(() => t.close());

    const post = (contentType: string, payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { ...headers, 'content-type': contentType },
        payload,
      });

    test('issue 15 defect 15: a path segment over 100 characters is a 414 with a French message', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/invoices/${'1'.repeat(200)}`, headers });
      assert.equal(res.statusCode, 414);
      const error = appError(res.body);
      assert.equal(error.code, 'URI_TOO_LONG');
      assert.match(error.message, /adresse demandée est trop longue/);
    });

    test('issue 15 defect 15: a badly encoded URL is a 400 saying so', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/invoices/%E0%A4%A', headers });
      assert.equal(res.statusCode, 400);
      assert.match(appError(res.body).message, /mal encodé/);
    });

    test('issue 15 defect 15: bad JSON, an empty JSON body, an unknown content type, a body over 1 MB', async () => {
      const bad = await post('application/json', '{"loginEmail": ');
      assert.equal(bad.statusCode, 400);
      assert.match(appError(bad.body).message, /n’est pas un JSON valide/);

      const empty = await post('application/json', '');
      assert.equal(empty.statusCode, 400);
      assert.match(appError(empty.body).message, /corps de la requête est vide/);

      const xml = await post('application/xml', '<a/>');
      assert.equal(xml.statusCode, 415);
      assert.equal(appError(xml.body).code, 'UNSUPPORTED_MEDIA_TYPE');

      const big = await post('application/json', JSON.stringify({ loginEmail: 'x'.repeat(1_100_000) }));
      assert.equal(big.statusCode, 413);
      assert.match(appError(big.body).message, /dépasse la taille autorisée \(1 Mo/);
    });

    test('issue 15 defect 15: headers too long for the HTTP parser get the same JSON shape on the socket', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const answer = await rawHttp(
        port,
        `GET /api/directory?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
      );
      assert.match(answer, /^HTTP\/1\.1 431 /);
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      assert.match(appError(body).message, /trop longs/);
      const garbage = await rawHttp(port, 'NOT HTTP AT ALL\r\n\r\n');
      assert.match(garbage, /^HTTP\/1\.1 400 /);
      assert.match(appError(garbage.slice(garbage.indexOf('\r\n\r\n') + 4)).message, /mal formée/);
    });
  });
}
