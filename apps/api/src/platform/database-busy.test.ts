// SQLite's file held by another process (`npm run directory:import`) longer than a write may wait
// (packages/db/src/write-lock.ts): the portal's « Enregistrer » and the Chorus Pro-compatible API's
// `soumettre` answer a 503 in French, in their own shapes, and keep nothing.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '@chorale/db';
import { sql } from 'kysely';
import { lecointre } from '../testing/fixtures.ts';
import { holdDatabase } from '../testing/server-process.ts';
import { createActiveAccount, signInWithMailCode, startTestApp } from '../testing/test-app.ts';
import { connectorFor, cproInvoice, supplierProfiles, userIdOf } from '../modules/cpro/cpro-test-support.ts';

test('SQLite: a write that waited its whole patience for another process’s lock is a 503 in French, nothing kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'chorale-busy-'));
  const url = `sqlite:${join(dir, 'chorale.sqlite')}`;
  const t = await startTestApp({
    name: 'sqlite',
    create: async () => ({ ...openDatabase(url, { writeLockPatienceMs: 300 }), url }),
  });
  // Another process's connection, as `npm run directory:import` holds it.
  const other = openDatabase(url);
  try {
    await createActiveAccount(t, 'gestion@lecointre.fr');
    const supplier = await signInWithMailCode(t, 'gestion@lecointre.fr');
    const supplierId = (await supplier.post('/api/structures', lecointre)).body.id as number;
    const software = await connectorFor(t, await userIdOf(t, 'gestion@lecointre.fr'), supplierId, [
      { structureId: supplierId, profiles: supplierProfiles },
    ]);
    const invoicesBefore = await t.database.db.selectFrom('invoices').select('id').execute();

    const hold = await holdDatabase(other.db, sql`update counters set value = value`);
    let draft, sent;
    try {
      draft = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        recipientIdentifier: '13001727000013',
        invoiceDate: new Date().toISOString().slice(0, 10),
        paymentMode: 'CHEQUE',
      });
      sent = await software.call('factures/v1/soumettre', cproInvoice(supplierId, 'OCCUPEE-1'));
    } finally {
      await hold.release();
    }

    assert.equal(draft.status, 503, JSON.stringify(draft.body));
    assert.equal(draft.body.error.code, 'UNAVAILABLE');
    assert.match(draft.body.error.message, /base de données est occupée .*rien n’a été enregistré ; réessayez/);
    assert.equal(sent.status, 503, JSON.stringify(sent.body));
    assert.equal(sent.body.codeRetour, 99999);
    assert.match(sent.body.libelle, /base de données est occupée .*rien n’a été enregistré ; réessayez/);
    assert.equal((await t.database.db.selectFrom('invoices').select('id').execute()).length, invoicesBefore.length);

    // The lock released, the same requests go through.
    const again = await software.call('factures/v1/soumettre', cproInvoice(supplierId, 'OCCUPEE-1'));
    assert.equal(again.status, 200, JSON.stringify(again.body));
  } finally {
    await other.destroy();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  }
});
