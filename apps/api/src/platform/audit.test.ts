// Issue 15: tamper-evident history. Each invoice history row and security event is chained by
// hash; changing, removing or inserting a row is reported by the verification (audit:verify).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { lecointre } from '../testing/fixtures.ts';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
} from '../testing/test-app.ts';
import { describeBreak, verifyAudit } from './audit.ts';

for (const kind of databaseKinds) {
  describe(`issue 15: tamper-evident history (${kind.name})`, () => {
    let t: TestApp;
    let invoiceId = 0;
    before(async () => {
      t = await startTestApp(kind);
      await createActiveAccount(t, 'audit@lecointre.fr');
      const c = await signInWithMailCode(t, 'audit@lecointre.fr');
      const structureId = (await c.post('/api/structures', lecointre)).body.id as number;
      for (let i = 0; i < 2; i++) {
        const draft = await c.post('/api/invoices', {
          supplierStructureId: structureId,
          recipientIdentifier: '13001727000013',
          invoiceDate: new Date().toISOString().slice(0, 10),
          paymentMode: 'CHEQUE',
        });
        invoiceId = draft.body.id as number;
        await c.post(`/api/invoices/${invoiceId}/lines`, {
          name: 'Chaises A Tolux',
          quantity: '2',
          unit: 'pièce',
          unitPrice: '320,00',
          vatRate: '10',
        });
        const sent = await c.post(`/api/invoices/${invoiceId}/submit`, {});
        assert.equal(sent.status, 200, JSON.stringify(sent.body));
      }
      await t.deliverMails(); // routing: EN_COURS_ACHEMINEMENT then MISE_A_DISPOSITION
    });
    after(() => t.close());

    const db = () => t.database.db;

    test('an untouched archive verifies, with every row chained', async () => {
      const report = await verifyAudit(db());
      assert.deepEqual(report.breaks.map(describeBreak), []);
      assert.ok(report.historyRows >= 6, `${report.historyRows} history rows`);
      assert.ok(report.securityEvents >= 2, `${report.securityEvents} security events`);
      const unchained = await db().selectFrom('invoice_history').select('id').where('hash', 'is', null).execute();
      assert.deepEqual(unchained, []);
    });

    test('a changed comment, a removed middle row and removed newest rows are each reported', async () => {
      const rows = await db()
        .selectFrom('invoice_history')
        .select(['id', 'status'])
        .where('invoice_id', '=', invoiceId)
        .orderBy('id')
        .execute();
      assert.ok(rows.length >= 3);
      // 1. a comment rewritten after the fact
      await db().updateTable('invoice_history').set({ comment: 'modifié' }).where('id', '=', rows[0]!.id).execute();
      let report = await verifyAudit(db());
      assert.deepEqual(
        report.breaks.map((b) => [b.id, b.reason]),
        [[rows[0]!.id, 'le contenu de la ligne a été modifié']],
      );
      await db().updateTable('invoice_history').set({ comment: null }).where('id', '=', rows[0]!.id).execute();
      assert.deepEqual((await verifyAudit(db())).breaks, []);

      // 2. a row in the middle removed: the next one no longer links
      await db().deleteFrom('invoice_history').where('id', '=', rows[1]!.id).execute();
      report = await verifyAudit(db());
      assert.deepEqual(
        report.breaks.map((b) => b.id),
        [rows[2]!.id],
      );

      // 3. the newest row removed: no link breaks, but the invoice's status no longer matches
      await db().deleteFrom('invoice_history').where('id', '=', rows.at(-1)!.id).execute();
      report = await verifyAudit(db());
      assert.ok(
        report.breaks.some((b) => b.chain === invoiceId && /état de la facture/.test(b.reason)),
        JSON.stringify(report.breaks),
      );
    });

    test('a security event rewritten is reported', async () => {
      const event = await db()
        .selectFrom('security_events')
        .select(['id', 'user_id'])
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await sql`update security_events set ip = ${'203.0.113.66'} where id = ${event.id}`.execute(db());
      const report = await verifyAudit(db());
      assert.ok(
        report.breaks.some((b) => b.table === 'security_events' && b.id === event.id),
        JSON.stringify(report.breaks),
      );
    });
  });
}
