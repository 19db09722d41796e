import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { enqueue } from '../../platform/outbox.ts';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { lecointre } from '../../testing/fixtures.ts';
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { readDeposit } from './deposits.ts';
import { CCI, facturxSample as facturx, fiveLineUbl, tarGz } from './intake-test-support.ts';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] deposit flows: numeroFluxDepot, syntaxeFlux, states, reports (issue 10)`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let stranger: TestClient;
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-flows-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'autre@exemple.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      stranger = await signInWithMailCode(t, 'autre@exemple.fr');
      await supplier.post('/api/structures', lecointre);
      await stranger.post('/api/structures', { ...lecointre, identifier: '73282932000074', companyName: 'AUTRE' });
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      await t.deliverMails();
    });
    after(() => t.close());

    const flow = (c: TestClient, name: string, bytes: Buffer, fields: Record<string, string> = {}) =>
      c.upload('/api/invoices/deposits', { name, bytes }, fields);
    const count = async (table: 'invoices' | 'deposit_entries') =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const pdfOf = async (c: TestClient, url: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      return { status: res.statusCode, type: String(res.headers['content-type']), bytes: res.rawPayload };
    };
    /** A 20-invoice batch: 18 good ones, a file that is no invoice (5th), an unknown supplier (12th). */
    const batch = (prefix: string) =>
      tarGz(
        Array.from({ length: 20 }, (_, i) => ({
          name: `lot/facture-${i + 1}.xml`,
          bytes:
            i === 4
              ? Buffer.from('<notes>pas une facture</notes>')
              : i === 11
                ? Buffer.from(
                    fiveLineUbl(`${prefix}-${i + 1}`)
                      .toString('utf8')
                      .replaceAll(lecointre.identifier, '35600000000048'),
                  )
                : fiveLineUbl(`${prefix}-${i + 1}`),
        })),
      );

    test('a Factur-X flow: IN_RECU, then IN_INTEGRE through the job queue; its invoice exists and is sent', async () => {
      const res = await flow(supplier, 'facture.pdf', await facturx('FX-0001'), {
        submit: 'true',
        syntax: 'IN_DP_E2_CII_FACTURX',
      });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      assert.equal(res.body.flowState, 'IN_RECU');
      assert.equal(res.body.state, 'EN_COURS');
      assert.match(res.body.flowNumber, /^\d{14}$/);
      assert.equal(res.body.syntax, 'IN_DP_E2_CII_FACTURX');
      await t.app.outbox.runDueJobs();
      const done = (await supplier.get(`/api/invoices/deposits/${res.body.depositId}`)).body;
      assert.equal(done.flowState, 'IN_INTEGRE', JSON.stringify(done));
      assert.equal(done.state, 'TERMINE');
      assert.equal(done.flowNumber, res.body.flowNumber, 'the flow number is stable');
      const [item] = done.items;
      assert.equal(item.format, 'FACTURX');
      assert.equal(item.outcome, 'ENVOYEE', JSON.stringify(item));
      const inv = await supplier.get(`/api/invoices/${item.invoiceId}`);
      assert.equal(inv.status, 200);
      assert.equal(inv.body.number, 'FX-0001');
      assert.notEqual(inv.body.status, 'BROUILLON');
      const report = (await supplier.get(`/api/invoices/deposits/${res.body.depositId}/report`)).body;
      assert.deepEqual(report.summary, { total: 1, integrated: 1, refused: 0 });
      assert.equal(report.invoices[0].number, 'FX-0001');
      assert.equal(report.invoices[0].supplierIdentifier, lecointre.identifier);
      assert.equal(report.invoices[0].recipientIdentifier, CCI);
    });

    test('the syntax is detected from the content when not declared; a declared syntax refuses other files', async () => {
      const ubl = await flow(supplier, 'facture.xml', fiveLineUbl('UBL-FLUX-1'));
      await t.app.outbox.runDueJobs();
      const done = (await supplier.get(`/api/invoices/deposits/${ubl.body.depositId}`)).body;
      assert.equal(done.syntax, 'IN_DP_E1_UBL_INVOICE');
      assert.equal(done.flowState, 'IN_INTEGRE');
      const before = await count('invoices');
      const wrong = await flow(supplier, 'facture.xml', fiveLineUbl('UBL-FLUX-2'), { syntax: 'IN_DP_E1_CII_16B' });
      await t.app.outbox.runDueJobs();
      const refused = (await supplier.get(`/api/invoices/deposits/${wrong.body.depositId}`)).body;
      assert.equal(refused.flowState, 'IN_REJETE');
      assert.match(refused.error, /est une facture UBL, alors que le flux est déclaré en syntaxe IN_DP_E1_CII_16B/);
      assert.equal(await count('invoices'), before);
      const unread = await flow(supplier, 'facture.xml', fiveLineUbl('UBL-FLUX-3'), { syntax: 'IN_DP_E1_XCBL' });
      assert.equal(unread.status, 400);
      assert.match(unread.body.error.message, /IN_DP_E1_XCBL n’est pas prise en charge/);
    });

    test('a 20-invoice .tar.gz with 2 bad files: IN_INTEGRE_PARTIEL, the report lists both refusals with their reasons; the PDF report parses', async () => {
      const before = await count('invoices');
      const res = await flow(supplier, 'lot.tar.gz', batch('LOT'), { submit: 'true', syntax: 'IN_DP_E1_UBL_INVOICE' });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      await t.app.outbox.runDueJobs();
      const id = res.body.depositId;
      const report = (await supplier.get(`/api/invoices/deposits/${id}/report`)).body;
      assert.equal(report.flowState, 'IN_INTEGRE_PARTIEL', JSON.stringify(report.summary));
      assert.deepEqual(report.summary, { total: 20, integrated: 18, refused: 2 });
      assert.equal(await count('invoices'), before + 18);
      const refused = report.invoices.filter((i: { result: string }) => i.result === 'REFUSEE');
      assert.deepEqual(
        refused.map((i: { position: number }) => i.position),
        [5, 12],
      );
      assert.match(
        refused[0].errors.map((e: { message: string }) => e.message).join(' '),
        /n’est pas une facture lisible/,
      );
      assert.equal(refused[1].number, 'LOT-12');
      assert.equal(refused[1].supplierIdentifier, '35600000000048');
      assert.match(refused[1].errors.at(-1).message, /n’est pas une structure de Chorale/);
      assert.ok(report.invoices.filter((i: { outcome: string }) => i.outcome === 'ENVOYEE').length === 18);

      const pdf = await pdfOf(supplier, `/api/invoices/deposits/${id}/report.pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.type, 'application/pdf');
      const text = await pdfText(pdf.bytes);
      assert.match(text, /COMPTE RENDU DE TRAITEMENT DU FLUX/);
      assert.ok(text.includes(report.flowNumber), 'the PDF names the flow');
      assert.match(text, /Intégré partiellement/);
      assert.match(text, /18 intégrés, 2 refusés/);
      assert.match(text, /n’est pas une structure de Chorale/);
      assert.ok(text.includes('LOT-20'));

      const list = (await supplier.get('/api/invoices/deposits?flowState=IN_INTEGRE_PARTIEL')).body;
      const line = list.items.find((f: { depositId: number }) => f.depositId === id);
      assert.deepEqual(line.summary, { total: 20, integrated: 18, refused: 2 });
    });

    test('an unreadable file: IN_REJETE with its reason, nothing created', async () => {
      const before = await count('invoices');
      const broken = Buffer.concat([gzipSync(Buffer.from('pas une archive tar')).subarray(0, 12), Buffer.alloc(40, 7)]);
      const res = await flow(supplier, 'lot.tar.gz', broken);
      await t.app.outbox.runDueJobs();
      const done = (await supplier.get(`/api/invoices/deposits/${res.body.depositId}`)).body;
      assert.equal(done.flowState, 'IN_REJETE');
      assert.equal(done.state, 'ECHEC');
      assert.match(done.error, /archive \.tar\.gz endommagée/);
      const report = (await supplier.get(`/api/invoices/deposits/${res.body.depositId}/report`)).body;
      assert.equal(report.error, done.error);
      assert.deepEqual(report.invoices, []);
      const xml = await flow(supplier, 'facture.xml', Buffer.from('<?xml version="1.0"?><facture>'));
      await t.app.outbox.runDueJobs();
      assert.equal((await supplier.get(`/api/invoices/deposits/${xml.body.depositId}`)).body.flowState, 'IN_REJETE');
      assert.equal(await count('invoices'), before);
      const pdf = await pdfOf(supplier, `/api/invoices/deposits/${res.body.depositId}/report.pdf`);
      assert.match(await pdfText(pdf.bytes), /Rejeté.*endommagée/);
    });

    test('a reader that crashed mid-flow: the job runs again, resumes, and no invoice is created twice', async () => {
      const res = await flow(supplier, 'lot.tar.gz', batch('REPRISE'), { submit: 'true' });
      const id = res.body.depositId as number;
      await t.app.outbox.runDueJobs();
      const first = (await supplier.get(`/api/invoices/deposits/${id}/report`)).body;
      assert.equal(first.flowState, 'IN_INTEGRE_PARTIEL');
      const invoices = await count('invoices');
      const entries = await count('deposit_entries');
      // What the database holds when the reader dies after the 8th file: invoices 9+ were written
      // with their entries, but neither their results nor the refusals after it, and the flow is
      // still being read, its lease run out.
      const db = t.database.db;
      await db
        .updateTable('deposit_entries')
        .set({ outcome: null, result: null })
        .where('deposit_id', '=', id)
        .where('position', '>=', 8)
        .where('invoice_id', 'is not', null)
        .execute();
      await db
        .deleteFrom('deposit_entries')
        .where('deposit_id', '=', id)
        .where('position', '>=', 8)
        .where('invoice_id', 'is', null)
        .execute();
      await db
        .updateTable('deposits')
        .set({
          flow_state: 'IN_EN_COURS_TRAITEMENT_CPP',
          progress: 40,
          reader_until: new Date(Date.now() + 60_000).toISOString(),
        })
        .where('id', '=', id)
        .execute();
      const midway = (await supplier.get(`/api/invoices/deposits/${id}`)).body;
      assert.equal(midway.state, 'EN_COURS');
      assert.equal(midway.items.length, 8, 'only the results written before the crash');
      // While the lease of the dead reader runs, nobody else reads the flow.
      await readDeposit(t.app.ctx, id);
      assert.equal((await supplier.get(`/api/invoices/deposits/${id}`)).body.flowState, 'IN_EN_COURS_TRAITEMENT_CPP');
      // The lease runs out; the job runs again.
      await db
        .updateTable('deposits')
        .set({ reader_until: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', id)
        .execute();
      await enqueue(db, t.app.ctx, 'intake.read', { depositId: id });
      await t.app.outbox.runDueJobs();
      const second = (await supplier.get(`/api/invoices/deposits/${id}/report`)).body;
      assert.equal(second.flowState, 'IN_INTEGRE_PARTIEL');
      assert.equal(await count('invoices'), invoices, 'no invoice created twice');
      assert.equal(await count('deposit_entries'), entries);
      assert.deepEqual(
        second.invoices.map((i: { result: string; number: string; invoiceId: number }) => [
          i.result,
          i.number,
          i.invoiceId,
        ]),
        first.invoices.map((i: { result: string; number: string; invoiceId: number }) => [
          i.result,
          i.number,
          i.invoiceId,
        ]),
      );
      assert.ok(
        second.invoices
          .slice(8)
          .every((i: { outcome: string; result: string }) => i.result === 'REFUSEE' || i.outcome === 'ENVOYEE'),
      );
    });

    test('another structure’s user cannot read the flow, its report, nor see it in his list', async () => {
      const res = await flow(supplier, 'facture.xml', fiveLineUbl('SECRET-1'));
      await t.app.outbox.runDueJobs();
      const id = res.body.depositId;
      for (const url of [`/api/invoices/deposits/${id}`, `/api/invoices/deposits/${id}/report`])
        assert.equal((await stranger.get(url)).status, 404, url);
      assert.equal((await pdfOf(stranger, `/api/invoices/deposits/${id}/report.pdf`)).status, 404);
      const list = (await stranger.get('/api/invoices/deposits')).body;
      assert.ok(!JSON.stringify(list).includes(res.body.flowNumber));
      assert.equal((await t.client('198.51.100.7').get('/api/invoices/deposits')).status, 401);
    });
  });
}
