import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { siretProblem } from '@chorale/domain';
import { buildApp } from '../../app.ts';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { lecointre, lecointreBank } from '../../testing/fixtures.ts';

const today = () => new Date().toISOString().slice(0, 10);

function upload(c: TestClient, invoiceId: number, name: string, bytes: Buffer) {
  return c.upload(
    `/api/invoices/${invoiceId}/attachments`,
    { name, bytes },
    { designation: 'Bon de livraison', kind: 'COMPLEMENTAIRE' },
  );
}

async function pdfText(bytes: Buffer): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, ' '); // amounts keep their no-break spaces in the PDF
}

const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

for (const kind of databaseKinds) {
  describe(`[${kind.name}] invoices: typing, sending, processing`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let entity: TestClient;
    let supplierId = 0;
    let bankAccountId = 0;
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-test-files-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      bankAccountId = (await supplier.post(`/api/structures/${supplierId}/bank-accounts`, lecointreBank)).body.id;
      await assignMainManager(t.app.ctx, { identifier: '13001727000013', email: 'achats@cci.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      await t.deliverMails();
    });
    after(() => t.close());

    const header = (over: Record<string, unknown> = {}) => ({
      supplierStructureId: supplierId,
      recipientIdentifier: '13001727000013',
      invoiceDate: today(),
      bankAccountId,
      ...over,
    });

    test('the webinar invoice: 20 « Chaises A Tolux » at 320,00 HT, 10 % → sent, delivered, suspended, completed, paid', async () => {
      const draft = await supplier.post('/api/invoices', header());
      assert.equal(draft.status, 201);
      assert.match(draft.body.draftNumber, /^TMP\d{4}\d{12}$/);
      assert.equal(draft.body.status, 'BROUILLON');
      const withLine = await supplier.post(`/api/invoices/${draft.body.id}/lines`, {
        reference: 'CH-TOLUX',
        name: 'Chaises A Tolux',
        quantity: '20',
        unit: 'pièce',
        unitPrice: '320,00',
        vatRate: '10',
      });
      assert.equal(withLine.status, 201);
      assert.deepEqual(
        [
          withLine.body.totals.netCents,
          withLine.body.totals.vatCents,
          withLine.body.totals.grossCents,
          withLine.body.totals.netPayableCents,
        ],
        [640_000, 64_000, 704_000, 704_000],
      );
      assert.equal((await entity.get(`/api/invoices/${draft.body.id}`)).status, 404, "a draft is the supplier's alone");

      const sent = await supplier.post(`/api/invoices/${draft.body.id}/submit`);
      assert.equal(sent.status, 200);
      assert.equal(sent.body.status, 'DEPOSEE');
      assert.match(sent.body.number, /^\d{14}$/);
      assert.match(sent.body.certificate, /^[A-Za-z0-9+/]{43}=$/);
      assert.equal((await supplier.post(`/api/invoices/${draft.body.id}/submit`)).status, 409, 'sent once');
      assert.equal((await supplier.delete(`/api/invoices/${draft.body.id}`)).status, 409, 'nothing sent is deleted');

      const exported = (await supplier.get(`/api/invoices/${draft.body.id}/deposit.json`)).body;
      for (const pdf of ['invoice.pdf', 'certificate.pdf']) {
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/invoices/${draft.body.id}/${pdf}`,
          headers: { cookie: [...supplier.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'application/pdf');
        const text = await pdfText(res.rawPayload);
        assert.match(text, new RegExp(sent.body.number));
        if (pdf === 'invoice.pdf')
          for (const s of [
            'Chaises A Tolux',
            '6 400,00',
            '640,00',
            '7 040,00',
            'CCI REGION PARIS ILE FRANCE',
            'LECOINTRE PARIS',
          ])
            assert.ok(text.includes(s), `invoice PDF shows ${s}`);
        else assert.ok(text.includes(sent.body.certificate), 'certificate PDF shows the digest');
      }
      assert.equal(exported.recomputed, exported.certificate, 'the certificate is reproducible from the exported data');

      await t.deliverMails();
      const delivered = (await supplier.get(`/api/invoices/${draft.body.id}`)).body;
      assert.equal(delivered.status, 'MISE_A_DISPOSITION');
      assert.ok(delivered.madeAvailableAt, 'the payment period starts');
      assert.deepEqual(
        delivered.history.map((h: { status: string }) => h.status),
        ['MISE_A_DISPOSITION', 'EN_COURS_ACHEMINEMENT', 'DEPOSEE', 'BROUILLON'],
      );

      const received = (await entity.get('/api/invoices/received')).body;
      assert.equal(received.items[0].id, draft.body.id);
      const noReason = await entity.post(`/api/invoices/${draft.body.id}/status`, { status: 'SUSPENDUE' });
      assert.equal(noReason.body.error.fields.reason, 'Le motif est obligatoire pour cet état.');
      assert.equal(
        (await supplier.post(`/api/invoices/${draft.body.id}/status`, { status: 'SERVICE_FAIT' })).status,
        404,
        'the supplier does not process',
      );
      const suspended = await entity.post(`/api/invoices/${draft.body.id}/status`, {
        status: 'SUSPENDUE',
        reason: 'Bon de livraison manquant',
      });
      assert.equal(suspended.body.status, 'SUSPENDUE');
      const mails = await t.deliverMails();
      assert.ok(
        mails.some(
          (m) =>
            m.to === 'daniel@lecointre.fr' && /Suspendue/.test(m.subject) && /Bon de livraison manquant/.test(m.text),
        ),
      );

      const seen = (await supplier.get(`/api/invoices/${draft.body.id}`)).body;
      assert.equal(seen.history[0].status, 'SUSPENDUE');
      assert.equal(seen.history[0].comment, 'Bon de livraison manquant');
      const fake = await upload(supplier, draft.body.id, 'livraison.pdf', Buffer.from('MZ pas un pdf'));
      assert.match(fake.body.error.fields.file, /ne correspond pas à l’extension « \.pdf »/);
      const longName = await upload(supplier, draft.body.id, `${'x'.repeat(47)}.pdf`, pdfBytes);
      assert.match(longName.body.error.fields.file, /50 caractères/);
      const exe = await upload(supplier, draft.body.id, 'outil.exe', pdfBytes);
      assert.match(exe.body.error.fields.file, /n’est pas acceptée/);
      assert.equal((await upload(supplier, draft.body.id, 'livraison.pdf', pdfBytes)).status, 201);
      const completed = await supplier.post(`/api/invoices/${draft.body.id}/complete`, {
        comment: 'Bon de livraison ajouté',
      });
      assert.equal(completed.body.status, 'COMPLETEE');
      assert.equal(
        (await supplier.get(`/api/invoices/${draft.body.id}/deposit.json`)).body.recomputed,
        exported.certificate,
        'a later file does not change the deposit certificate',
      );

      assert.equal(
        (await entity.post(`/api/invoices/${draft.body.id}/status`, { status: 'SERVICE_FAIT' })).body.status,
        'SERVICE_FAIT',
      );
      const back = await entity.post(`/api/invoices/${draft.body.id}/status`, { status: 'SUSPENDUE', reason: 'x' });
      assert.equal(back.status, 409, 'no return after service fait');
      assert.equal(
        (await entity.post(`/api/invoices/${draft.body.id}/status`, { status: 'MISE_EN_PAIEMENT' })).body.status,
        'MISE_EN_PAIEMENT',
      );
      const last = (await supplier.get(`/api/invoices/${draft.body.id}`)).body;
      assert.deepEqual(
        last.history.slice(0, 3).map((h: { status: string }) => h.status),
        ['MISE_EN_PAIEMENT', 'SERVICE_FAIT', 'COMPLETEE'],
      );
      const att = last.attachments[0];
      const file = await supplier.request('GET', `/api/invoices/${draft.body.id}/attachments/${att.id}`);
      assert.equal(file.status, 200);
    });

    test('send rules answer on their field', async () => {
      const state = await supplier.post(
        '/api/invoices',
        header({ recipientIsState: true, vatType: 'EXONERATION', billingFramework: 'A9_FACTURE_SOUSTRAITANT' }),
      );
      const res = await supplier.post(`/api/invoices/${state.body.id}/submit`);
      assert.equal(res.status, 400);
      const f = res.body.error.fields;
      assert.match(f.recipientServiceCode, /exige un code service/);
      assert.match(f.commitmentNumber, /exige un numéro d’engagement/);
      assert.match(f.lines, /au moins une ligne/);
      assert.match(f.exemptionReason, /motif d’exonération/);
      assert.match(f.billingFramework, /A9 et A12/);
      const unknown = await supplier.post('/api/invoices', header({ recipientIdentifier: '89934607600024' }));
      assert.match(unknown.body.error.fields.recipientIdentifier, /Aucune entité publique/);
      // A wrong check digit (Luhn) gets the message of « Créer une structure », not « unknown ».
      const mistyped = await supplier.post('/api/invoices', header({ recipientIdentifier: '89934607600025' }));
      assert.equal(mistyped.body.error.fields.recipientIdentifier, siretProblem('89934607600025'));
      assert.match(mistyped.body.error.fields.recipientIdentifier, /clé de contrôle incorrecte/);
      // The directory is asked first: an entity it holds is found even when its SIRET fails the check.
      assert.ok(siretProblem('22750000100012'), 'the demo DEPARTEMENT DE PARIS fails the check digit');
      const listed = await supplier.post('/api/invoices', header({ recipientIdentifier: '22750000100012' }));
      assert.equal(listed.status, 201, JSON.stringify(listed.body));
      const future = await supplier.post('/api/invoices', header({ invoiceDate: '2099-01-01', number: 'F-2026-001' }));
      await supplier.post(`/api/invoices/${future.body.id}/lines`, {
        name: 'X',
        quantity: '1',
        unitPrice: '1',
        vatRate: '20',
      });
      assert.match(
        (await supplier.post(`/api/invoices/${future.body.id}/submit`)).body.error.fields.invoiceDate,
        /futur/,
      );
      const dup = await supplier.post('/api/invoices', header({ number: 'F-2026-001' }));
      assert.equal(dup.body.error.fields.number, 'Ce numéro de facture est déjà utilisé par votre structure.');
      assert.equal((await supplier.delete(`/api/invoices/${future.body.id}`)).status, 204, 'drafts can be deleted');
    });

    test('nobody outside the two structures sees an invoice', async () => {
      await createActiveAccount(t, 'curieux@exemple.fr');
      const stranger = await signInWithMailCode(t, 'curieux@exemple.fr');
      const inv = (await supplier.get('/api/invoices/issued')).body.items[0];
      const res = await stranger.get(`/api/invoices/${inv.id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, (await stranger.get('/api/invoices/999999')).body);
      assert.equal((await stranger.get('/api/invoices/received')).body.total, 0);
      assert.equal((await stranger.post('/api/invoices', header())).status, 404);
    });

    test('a restart right after sending loses nothing: routing resumes', async () => {
      const draft = await supplier.post('/api/invoices', header());
      await supplier.post(`/api/invoices/${draft.body.id}/lines`, {
        name: 'Chaises',
        quantity: '1',
        unitPrice: '10',
        vatRate: '20',
      });
      assert.equal((await supplier.post(`/api/invoices/${draft.body.id}/submit`)).body.status, 'DEPOSEE');
      // The first process dies before its worker ran; a new one starts on the same database.
      const second = await buildApp({ config: t.app.ctx.config, database: t.database, startWorker: false });
      await second.outbox.runDueJobs();
      const row = await t.database.db
        .selectFrom('invoices')
        .select('status')
        .where('id', '=', draft.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'MISE_A_DISPOSITION');
      await second.close();
    });
  });
}
