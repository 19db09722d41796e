import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databaseKinds, startTestApp, type TestApp } from '../testing/test-app.ts';

interface Line {
  msg: string;
  level: number;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

describe('journal des requêtes au niveau info (par défaut)', () => {
  const written: string[] = [];
  let t: TestApp;
  before(async () => {
    t = await startTestApp(databaseKinds[0]!, { LOG_LEVEL: 'info' }, { logStream: { write: (l) => written.push(l) } });
  });
  after(() => t.app.close());
  const lines = () => written.map((l) => JSON.parse(l) as Line);

  it('writes one line per request once answered: method, path without its query, status, duration', async () => {
    written.length = 0;
    const res = await t.app.inject({ method: 'GET', url: '/api/health?jeton=secret-du-lien' });
    assert.equal(res.statusCode, 200);
    const requestLines = lines().filter((l) => l.req || l.res);
    assert.equal(requestLines.length, 1, written.join(''));
    const line = requestLines[0]!;
    assert.equal(line.msg, 'request completed');
    assert.equal(line.level, 30);
    assert.deepEqual(line.req && { method: line.req.method, url: line.req.url }, {
      method: 'GET',
      url: '/api/health',
    });
    assert.equal(line.res?.statusCode, 200);
    assert.equal(typeof line.responseTime, 'number');
    assert.ok(line.reqId);
    assert.ok(!written.join('').includes('secret-du-lien'), 'no query string in the log');
  });

  it('logs a refused sign-in without the password typed', async () => {
    written.length = 0;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'personne@exemple.fr', password: 'Mot-de-passe-tres-secret-42' },
    });
    assert.ok(res.statusCode >= 400, res.body);
    assert.equal(lines().filter((l) => l.msg === 'request completed').length, 1, written.join(''));
    assert.ok(!written.join('').includes('Mot-de-passe-tres-secret-42'));
  });
});
