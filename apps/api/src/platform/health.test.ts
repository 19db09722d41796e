import assert from 'node:assert/strict';
import { test } from 'node:test';
import { databaseKinds, startTestApp } from '../testing/test-app.ts';

for (const kind of databaseKinds) {
  test(`[${kind.name}] issue 13: /api/health answers without the database, /api/ready says 503 once it is unreachable`, async () => {
    const t = await startTestApp(kind);
    try {
      const c = t.client();
      assert.deepEqual((await c.get('/api/health')).body, { status: 'ok' });
      assert.deepEqual((await c.get('/api/ready')).body, { status: 'prêt' });
      await t.database.destroy();
      assert.deepEqual((await c.get('/api/health')).body, { status: 'ok' });
      const ready = await c.get('/api/ready');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.error.code, 'UNAVAILABLE');
      assert.match(ready.body.error.message, /base de données ne répond pas/);
    } finally {
      await t.app.close();
    }
  });
}
