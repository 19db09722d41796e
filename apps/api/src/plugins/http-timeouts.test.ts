import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type AddressInfo } from 'node:net';
import { databaseKinds, startTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Opens a raw connection, writes `chunks` one after the other (`gapMs` apart) and resolves with
 * how long the server kept the socket open and what it answered before closing it.
 */
function holdConnection(
  port: number,
  chunks: string[],
  gapMs: number,
  giveUpMs: number,
): Promise<{ ms: number; answer: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | null = null;
    const giveUp = setTimeout(() => {
      if (timer) clearTimeout(timer);
      socket.destroy();
      resolve({ ms: Date.now() - started, answer, closedByServer: false });
    }, giveUpMs);
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(giveUp);
      if (timer) clearTimeout(timer);
      resolve({ ms: Date.now() - started, answer, closedByServer: true });
    });
    socket.on('connect', () => {
      let i = 0;
      const writeNext = () => {
        if (socket.destroyed || i >= chunks.length) return;
        socket.write(chunks[i++] ?? '');
        timer = setTimeout(writeNext, gapMs);
      };
      writeNext();
    });
    socket.once('error', reject);
  });
}

// The database plays no part here: one kind is enough.
const sqlite = databaseKinds[0];
if (!sqlite) throw new Error('no test database');

describe('HTTP timeouts (issue 15 defect 11)', () => {
  let t: TestApp;
  let port: number;
  before(async () => {
    t = await startTestApp(sqlite, {
      REQUEST_TIMEOUT_MS: '800',
      HEADERS_TIMEOUT_MS: '400',
      KEEP_ALIVE_TIMEOUT_MS: '300',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  after(() => t.close());

  test('issue 15 defect 11: a request announcing 100 bytes and sending 4 is cut off', async () => {
    const head =
      'POST /api/auth/password-reset HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
      // A valid CSRF pair, so that the server does wait for the body.
      'Cookie: chorale_csrf=abc\r\nX-CSRF-Token: abc\r\nContent-Length: 100\r\n\r\n';
    const res = await holdConnection(port, [head, '{"lo'], 50, 5_000);
    assert.ok(res.closedByServer, 'the server closes the stalled request');
    assert.ok(res.ms < 2_500, `closed after ${res.ms} ms, near the 800 ms request deadline`);
    assert.match(res.answer, /^HTTP\/1\.1 408|^$/, 'at most a 408, never a served request');
  });

  test('issue 15 defect 11: slowloris headers, one byte at a time, are cut off', async () => {
    const trickle = 'GET /api/session HTTP/1.1\r\nHost: localhost\r\nX-Slow: ' + 'a'.repeat(200);
    const res = await holdConnection(port, [...trickle], 40, 5_000);
    assert.ok(res.closedByServer, 'the server closes a connection whose headers never end');
    assert.ok(res.ms < 2_000, `closed after ${res.ms} ms, near the 400 ms header deadline`);
  });

  test('issue 15 defect 11: an idle keep-alive connection is closed', async () => {
    const request = 'GET /api/session HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n';
    const res = await holdConnection(port, [request], 50, 5_000);
    assert.match(res.answer, /^HTTP\/1\.1 200/, 'the request itself is served');
    assert.ok(res.closedByServer);
    assert.ok(res.ms < 2_000, `idle connection closed after ${res.ms} ms`);
  });
});
