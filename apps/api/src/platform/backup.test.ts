// Issue 15: backups are documented (docs/operations.md) and tested with a restore, on SQLite
// (online backup API, taken while the app runs) and PostgreSQL (pg_dump / pg_restore).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { openDatabase } from '@chorale/db';
import { lecointre, lecointreBank } from '../testing/fixtures.ts';
import { createActiveAccount, signInWithMailCode, startTestApp, type TestApp } from '../testing/test-app.ts';
import { backup, restore } from './backup.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

async function pgAdmin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(sql);
  await c.end();
}

function appOn(url: string, dataDir: string): Promise<TestApp> {
  const name = url.startsWith('sqlite') ? 'sqlite' : 'postgres';
  return startTestApp(
    { name, create: async () => ({ ...openDatabase(url), url }) },
    { DATA_DIR: dataDir, DATABASE_URL: url },
  );
}

const kinds = ['sqlite', ...(pgUrl ? ['postgres'] : [])] as const;

for (const kind of kinds) {
  describe(`issue 15: backup and restore (${kind})`, async () => {
    const work = await mkdtemp(join(tmpdir(), 'chorale-backup-'));
    const schema = `backup_${randomBytes(4).toString('hex')}`;
    const source = kind === 'sqlite' ? `sqlite:${join(work, 'a', 'chorale.sqlite')}` : `${pgUrl}?schema=${schema}`;
    // PostgreSQL: the schema is lost (dropped) and restored under its name; SQLite: a new file.
    const target = kind === 'sqlite' ? `sqlite:${join(work, 'b', 'chorale.sqlite')}` : source;
    if (kind === 'postgres') await pgAdmin(`create schema ${schema}`);
    after(async () => {
      if (kind === 'postgres') await pgAdmin(`drop schema if exists ${schema} cascade`);
      await rm(work, { recursive: true, force: true });
    });

    test('an invoice, its attachment and its certificate come back identical from a backup', async () => {
      const a = await appOn(source, join(work, 'data-a'));
      await createActiveAccount(a, 'sauvegarde@lecointre.fr');
      let supplier = await signInWithMailCode(a, 'sauvegarde@lecointre.fr');
      const structureId = (await supplier.post('/api/structures', lecointre)).body.id as number;
      const bank = await supplier.post(`/api/structures/${structureId}/bank-accounts`, lecointreBank);
      const draft = await supplier.post('/api/invoices', {
        supplierStructureId: structureId,
        recipientIdentifier: '13001727000013',
        invoiceDate: new Date().toISOString().slice(0, 10),
        bankAccountId: bank.body.id,
      });
      const id = draft.body.id as number;
      await supplier.post(`/api/invoices/${id}/lines`, {
        name: 'Chaises A Tolux',
        quantity: '20',
        unit: 'pièce',
        unitPrice: '320,00',
        vatRate: '10',
      });
      const pdf = Buffer.from(
        `%PDF-1.4\n% ${randomBytes(16).toString('hex')}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`,
      );
      const attached = await supplier.upload(
        `/api/invoices/${id}/attachments`,
        { name: 'bon-livraison.pdf', bytes: pdf },
        { designation: 'Bon de livraison', kind: 'COMPLEMENTAIRE' },
      );
      assert.equal(attached.status, 201, JSON.stringify(attached.body));
      const sent = await supplier.post(`/api/invoices/${id}/submit`, {});
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      const before = await supplier.get(`/api/invoices/${id}/deposit.json`);
      const attachmentId = (await supplier.get(`/api/invoices/${id}`)).body.attachments[0].id as number;

      // Online: the app is still running when the backup is taken.
      const folder = join(work, 'backup');
      const manifest = await backup({ databaseUrl: source, dataDir: join(work, 'data-a'), folder });
      assert.equal(manifest.dialect, kind);
      assert.ok(manifest.files >= 1);
      await a.close();

      if (kind === 'postgres') await pgAdmin(`drop schema ${schema} cascade`);
      await restore({ databaseUrl: target, dataDir: join(work, 'data-b'), folder });

      const b = await appOn(target, join(work, 'data-b'));
      try {
        // The routing job pending at backup time runs after the restore (its mails first).
        await b.deliverMails();
        supplier = await signInWithMailCode(b, 'sauvegarde@lecointre.fr');
        const invoice = await supplier.get(`/api/invoices/${id}`);
        assert.equal(invoice.status, 200);
        assert.equal(invoice.body.number, sent.body.number);
        const afterRestore = await supplier.get(`/api/invoices/${id}/deposit.json`);
        assert.deepEqual(afterRestore.body.certificate, before.body.certificate);
        assert.equal(afterRestore.body.recomputed, before.body.recomputed);
        assert.deepEqual(afterRestore.body.document, before.body.document);
        const file = await b.app.inject({
          method: 'GET',
          url: `/api/invoices/${id}/attachments/${attachmentId}`,
          headers: { cookie: [...supplier.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        assert.equal(file.statusCode, 200);
        assert.deepEqual(file.rawPayload, pdf);
      } finally {
        await b.close();
      }
    });

    test('a damaged backup is refused before anything is restored', async () => {
      const folder = join(work, 'backup');
      const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { databaseFile: string };
      appendFileSync(join(folder, manifest.databaseFile), 'x');
      const elsewhere =
        kind === 'sqlite' ? `sqlite:${join(work, 'c', 'chorale.sqlite')}` : `${pgUrl}?schema=${schema}_c`;
      await assert.rejects(restore({ databaseUrl: elsewhere, dataDir: join(work, 'data-c'), folder }), /altérée/);
    });
  });
}
