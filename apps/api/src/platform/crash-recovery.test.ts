// Issue 15: crash safety, in CI on both databases. A started server takes concurrent typed
// invoices (draft + line + submit), is killed with SIGKILL in the middle, and restarted: every
// submission it acknowledged exists once with its number, no number is given twice, and every
// routing job runs once (each acknowledged invoice reaches « Mise à disposition » with one
// history row per step).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type ChoraleDb } from '@chorale/db';
import {
  assertAcknowledgedOnceAndRouted,
  caller,
  exited,
  freePort,
  serverTargets,
  startServer,
  submitTypedInvoice,
  supplierSession,
  waitReady,
  type SupplierSession,
} from '../testing/server-process.ts';

describe('issue 15: crash test (SIGKILL during concurrent submissions)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'chorale-crash-'));
  const all = await serverTargets(dataDir, 'crash');
  after(async () => {
    for (const t of all) await t.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const target of all) {
    describe(target.name, () => {
      let session: SupplierSession;
      let database: ChoraleDb;
      const files = join(dataDir, target.name);

      before(async () => {
        session = await supplierSession(target, files, 'crash@lecointre.fr');
        database = openDatabase(target.url);
      });
      after(() => database.destroy());

      test('every acknowledged invoice exists once after a SIGKILL, and is routed once', async () => {
        const port = await freePort();
        const base = `http://127.0.0.1:${port}`;
        const call = caller(() => base, session);

        let server = startServer(port, files, target.url);
        await waitReady(base);
        const acknowledged = new Map<number, string>();
        let stop = false;
        const worker = async () => {
          while (!stop) {
            try {
              const sent = await submitTypedInvoice(call, session.supplierId);
              if (sent) acknowledged.set(sent.id, sent.number);
            } catch {
              // the server was killed: requests in flight fail, their invoices were not acknowledged
            }
          }
        };
        const workers = Array.from({ length: 12 }, worker);
        const deadline = Date.now() + 20_000;
        while (acknowledged.size < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        server.kill('SIGKILL');
        await exited(server);
        stop = true;
        await Promise.all(workers);
        assert.ok(acknowledged.size >= 10, `only ${acknowledged.size} invoices acknowledged before the kill`);

        server = startServer(port, files, target.url);
        try {
          await waitReady(base);
          await assertAcknowledgedOnceAndRouted(database, session.supplierId, acknowledged);
        } finally {
          server.kill('SIGKILL');
          await exited(server);
        }
      });
    });
  }
});
