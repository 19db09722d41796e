// Issue 15: crash safety, in CI on both databases. A started server takes concurrent typed
// invoices (draft + line + submit), is killed with SIGKILL in the middle, and restarted: every
// submission it acknowledged exists once with its number, no number is given twice, and every
// routing job runs once (each acknowledged invoice reaches « Mise à disposition » with one
// history row per step).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assertAcknowledgedOnceAndRouted,
  caller,
  describeOnServerTargets,
  exited,
  freePort,
  startServer,
  submitTypedInvoice,
  waitReady,
} from '../testing/server-process.ts';

describeOnServerTargets('issue 15: crash test (SIGKILL during concurrent submissions)', 'crash', (f) => {
  test('every acknowledged invoice exists once after a SIGKILL, and is routed once', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const call = caller(() => base, f.session);

    let server = startServer(port, f.files, f.target.url);
    await waitReady(base);
    const acknowledged = new Map<number, string>();
    let stop = false;
    const worker = async () => {
      while (!stop) {
        try {
          const sent = await submitTypedInvoice(call, f.session.supplierId);
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

    server = startServer(port, f.files, f.target.url);
    try {
      await waitReady(base);
      await assertAcknowledgedOnceAndRouted(f.database, f.session.supplierId, acknowledged);
    } finally {
      server.kill('SIGKILL');
      await exited(server);
    }
  });
});
