import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
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
import { CCI, fixture, tarGz, ublSample, zip } from './intake-test-support.ts';

for (const kind of databaseKinds) {
  describe(`[${kind.name}] intake: « Déposer facture » (issue 9)`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let stranger: TestClient;
    let entity: TestClient;
    let supplierId = 0;
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-intake-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'autre@exemple.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      stranger = await signInWithMailCode(t, 'autre@exemple.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      await t.deliverMails();
    });
    after(() => t.close());

    const deposit = (c: TestClient, name: string, bytes: Buffer, fields: Record<string, string> = {}) =>
      c.upload('/api/invoices/deposit', { name, bytes }, fields);
    const invoiceCount = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('invoices')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('a UBL sample is deposited and sent in one call; its original downloads byte for byte; the recipient sees it', async () => {
      const bytes = ublSample({ number: 'UBL-0001' });
      const res = await deposit(supplier, 'facture.xml', bytes, { submit: 'true' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const [item] = res.body.items;
      assert.equal(item.format, 'UBL');
      assert.equal(item.outcome, 'ENVOYEE', JSON.stringify(item));
      assert.equal(item.number, 'UBL-0001');
      const inv = (await supplier.get(`/api/invoices/${item.invoiceId}`)).body;
      assert.equal(inv.status, 'DEPOSEE');
      assert.ok(inv.certificate);
      assert.equal(inv.lines.length, 2);
      const original = await supplier.get(`/api/invoices/${item.invoiceId}/original`);
      assert.equal(original.status, 200);
      const raw = await t.app.inject({
        method: 'GET',
        url: `/api/invoices/${item.invoiceId}/original`,
        headers: { cookie: [...supplier.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      assert.ok(raw.rawPayload.equals(bytes), 'the deposited file comes back byte for byte');
      const info = (await supplier.get(`/api/invoices/${item.invoiceId}/deposit`)).body;
      assert.equal(info.depositMode, 'UPLOAD_PORTAIL');
      assert.equal(info.linesEditable, false);
      // Routed to the CCI, which may download the original too; a stranger may not.
      await t.deliverMails();
      assert.equal((await entity.get(`/api/invoices/${item.invoiceId}/original`)).status, 200);
      assert.equal((await stranger.get(`/api/invoices/${item.invoiceId}/original`)).status, 404);
    });

    test('the same number again is refused, naming the earlier invoice; nothing is created', async () => {
      const before = await invoiceCount();
      const res = await deposit(supplier, 'facture.xml', ublSample({ number: 'UBL-0001' }));
      assert.equal(res.status, 200);
      const [item] = res.body.items;
      assert.equal(item.outcome, 'REFUSEE');
      assert.match(item.message, /facture n° UBL-0001 du 17\/06\/2026 a déjà été envoyée/);
      assert.equal(await invoiceCount(), before);
    });

    test('an unknown service is said on its field and the draft kept; only the fields Chorus Pro allows change', async () => {
      const res = await deposit(supplier, 'facture.xml', ublSample({ number: 'UBL-0002', service: 'INCONNU' }), {
        submit: 'true',
      });
      assert.equal(res.status, 201);
      const [item] = res.body.items;
      assert.equal(item.outcome, 'BROUILLON');
      assert.match(item.fields.recipientServiceCode, /pas de service de code « INCONNU »/);
      const id = item.invoiceId;
      const inv = (await supplier.get(`/api/invoices/${id}`)).body;
      const header = {
        supplierStructureId: supplierId,
        recipientIdentifier: CCI,
        recipientServiceCode: 'ACHATS',
        invoiceDate: inv.invoiceDate,
        number: 'UBL-0002',
        currency: inv.currency,
        type: inv.type,
        vatType: inv.vatType,
        paymentMode: inv.paymentMode,
        marketNumber: inv.marketNumber,
        commitmentNumber: inv.commitmentNumber,
        originalInvoiceNumber: inv.originalInvoiceNumber,
        comment: inv.comment,
      };
      const changedNumber = await supplier.put(`/api/invoices/${id}`, { ...header, number: 'AUTRE-1' });
      assert.equal(changedNumber.status, 400);
      assert.match(changedNumber.body.error.fields.number, /vient du fichier déposé/);
      const line = await supplier.post(`/api/invoices/${id}/lines`, {
        name: 'Ajout',
        quantity: '1',
        unitPrice: '1',
        vatRate: '20',
      });
      assert.equal(line.status, 409);
      const completed = await supplier.put(`/api/invoices/${id}`, {
        ...header,
        billingFramework: 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE',
      });
      assert.equal(completed.status, 200, JSON.stringify(completed.body));
      assert.equal(completed.body.totals.netPayableCents, 20_803, 'the file’s amounts stay');
      const sent = await supplier.post(`/api/invoices/${id}/submit`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.equal(sent.body.number, 'UBL-0002');
    });

    test('an invalid file gets a French report (rule, term, value, place) and cannot be sent', async () => {
      let xml = fixture('mustang_invalidXRV30_BR-CO-16.xml').toString('utf8');
      const res0 = await deposit(supplier, 'invalide.xml', Buffer.from(xml));
      // Its supplier is not ours: refused, with its report.
      assert.equal(res0.body.items[0].outcome, 'REFUSEE');
      assert.ok(res0.body.items[0].report.some((l: { rule: string }) => l.rule === 'BR-CO-16'));
      xml = xml.replace(
        /<ram:SellerTradeParty>/,
        `<ram:SellerTradeParty><ram:GlobalID schemeID="0009">${lecointre.identifier}</ram:GlobalID>`,
      );
      const res = await deposit(supplier, 'invalide.xml', Buffer.from(xml), { submit: 'true' });
      const [item] = res.body.items;
      assert.equal(item.outcome, 'BROUILLON', JSON.stringify(item));
      assert.equal(item.canSubmit, false);
      const line = item.report.find((l: { rule: string }) => l.rule === 'BR-CO-16');
      assert.equal(line.severity, 'fatal');
      assert.equal(line.term, 'BT-115');
      assert.equal(line.termLabel, 'Montant net à payer');
      assert.ok(line.value);
      assert.match(line.location, /SpecifiedTradeSettlementHeaderMonetarySummation/);
      const stored = (await supplier.get(`/api/invoices/${item.invoiceId}/deposit`)).body;
      assert.ok(stored.report.some((l: { rule: string }) => l.rule === 'BR-CO-16'));
      const submit = await supplier.post(`/api/invoices/${item.invoiceId}/submit`);
      assert.equal(submit.status, 400);
      assert.match(submit.body.error.fields.report, /règles bloquantes/);
    });

    test('a depositor who is not a member of the supplier is refused, nothing created', async () => {
      const before = await invoiceCount();
      const res = await deposit(stranger, 'facture.xml', ublSample({ number: 'UBL-9999' }));
      assert.equal(res.body.items[0].outcome, 'REFUSEE');
      assert.match(res.body.items[0].fields.supplierStructureId, /pas une structure|pas membre/);
      assert.equal(await invoiceCount(), before);
    });

    test('a batch of 20 UBL (zip) and a tar.gz: each invoice its result, the batch its report', async () => {
      const entries = Array.from({ length: 20 }, (_, i) => ({
        name: `lot/facture-${i + 1}.xml`,
        bytes: ublSample({ number: `LOT-${i + 1}` }),
      }));
      entries.push({ name: 'lot/notes.xml', bytes: Buffer.from('<notes/>') });
      const res = await deposit(supplier, 'lot.zip', zip(entries), { submit: 'true' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.kind, 'LOT');
      assert.deepEqual(res.body.summary, { total: 21, drafts: 0, sent: 20, refused: 1 });
      assert.match(res.body.items[20].message, /notes\.xml.*n’est pas une facture lisible/);
      const again = await deposit(
        supplier,
        'lot.tar.gz',
        tarGz([entries[0]!, { name: 'b.xml', bytes: ublSample({ number: 'TAR-1' }) }]),
      );
      assert.deepEqual(again.body.summary, { total: 2, drafts: 1, sent: 0, refused: 1 });
      assert.match(again.body.items[0].message, /LOT-1/);
      const report = await supplier.get(`/api/invoices/deposits/${res.body.depositId}`);
      assert.equal(report.body.items.length, 21);
      assert.equal((await stranger.get(`/api/invoices/deposits/${res.body.depositId}`)).status, 404);
    });

    test('a Factur-X sample: draft whose missing recipient is completed, then sent', async () => {
      // The sample's supplier (SIRET 12345678200077) as a structure of this depositor.
      const db = t.database.db;
      const now = new Date().toISOString();
      const s = await db
        .insertInto('structures')
        .values({
          identifier_type: 'SIRET',
          identifier: '12345678200077',
          kind: 'PRIVEE',
          company_name: 'FOURNISSEUR F SARL',
          country_code: 'FR',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const user = await db
        .selectFrom('users')
        .select('id')
        .where('login_email', '=', 'daniel@lecointre.fr')
        .executeTakeFirstOrThrow();
      const m = await db
        .insertInto('memberships')
        .values({
          user_id: user.id,
          structure_id: s.id,
          service_id: null,
          role: 'MAIN_MANAGER',
          status: 'VALIDEE',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('membership_profiles')
        .values({ membership_id: m.id, application: 'FACTURES_EMISES', level: 'modification' })
        .execute();
      const pdf = fixture('akretion_invoice_EN16931_FR.pdf');
      const res = await deposit(supplier, 'facture-x.pdf', pdf);
      const [item] = res.body.items;
      assert.equal(item.format, 'FACTURX');
      assert.equal(item.outcome, 'BROUILLON', JSON.stringify(item));
      assert.match(item.fields.recipientIdentifier, /ne porte pas le SIRET du destinataire/);
      const inv = (await supplier.get(`/api/invoices/${item.invoiceId}`)).body;
      const put = await supplier.put(`/api/invoices/${item.invoiceId}`, {
        supplierStructureId: s.id,
        recipientIdentifier: CCI,
        recipientServiceCode: 'ACHATS',
        invoiceDate: inv.invoiceDate,
        number: inv.number,
        vatType: inv.vatType,
        marketNumber: inv.marketNumber,
        commitmentNumber: inv.commitmentNumber,
        originalInvoiceNumber: inv.originalInvoiceNumber,
        comment: inv.comment,
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const sent = await supplier.post(`/api/invoices/${item.invoiceId}/submit`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.equal(sent.body.number, 'F20260023');
    });

    test('a plain PDF is read in the background with progress, pre-filled « à vérifier », mode DEPOT_PDF_PORTAIL', async () => {
      const res = await supplier.upload(
        '/api/invoices/deposits',
        { name: 'facture.pdf', bytes: fixture('mustang_RE-20201121_508_blanko.pdf') },
        { supplierStructureId: String(supplierId) },
      );
      assert.equal(res.status, 202);
      assert.equal(res.body.state, 'EN_COURS');
      await t.app.outbox.runDueJobs();
      const done = (await supplier.get(`/api/invoices/deposits/${res.body.depositId}`)).body;
      assert.equal(done.state, 'TERMINE', JSON.stringify(done));
      assert.equal(done.progress, 100);
      const [item] = done.items;
      assert.equal(item.format, 'PDF_NON_SIGNE');
      assert.equal(item.outcome, 'BROUILLON');
      assert.equal(item.canSubmit, false, 'guesses must be checked first');
      const fields = item.guesses.map((g: { field: string }) => g.field);
      assert.ok(fields.includes('number') && fields.includes('totalNet'), JSON.stringify(item.guesses));
      const info = (await supplier.get(`/api/invoices/${item.invoiceId}/deposit`)).body;
      assert.equal(info.depositMode, 'DEPOT_PDF_PORTAIL');
      assert.deepEqual(
        info.guesses.map((g: { field: string }) => g.field),
        fields,
      );
      assert.equal(info.linesEditable, false);
      // « Montants totaux » pre-filled from what was read, the VAT rate deduced as the detail's first row.
      const read = (f: string) => item.guesses.find((g: { field: string }) => g.field === f)?.value;
      assert.equal(info.typedTotals.totalNet, read('totalNet'));
      assert.equal(info.typedTotals.totalVat, read('totalVat') ?? '');
      const invoice = (await supplier.get(`/api/invoices/${item.invoiceId}`)).body;
      assert.equal(invoice.lines.length, 0, 'a plain PDF has no lines, its totals are typed');
      assert.equal(invoice.totals.netCents, Math.round(Number(read('totalNet')) * 100));
    });

    test('« Montants totaux » and « Saisir le détail de la TVA » of a plain PDF (webinar 4/6)', async () => {
      const res = await supplier.upload(
        '/api/invoices/deposit',
        { name: 'facture.pdf', bytes: fixture('mustang_RE-20201121_508_blanko.pdf') },
        { supplierStructureId: String(supplierId) },
      );
      const id = res.body.items[0].invoiceId as number;
      const wrong = await supplier.put(`/api/invoices/${id}/totals`, {
        totalNet: '1 333,33',
        totalVat: '218,33',
        netPayable: '',
        vatDetail: [
          { rate: '20', base: '1 000,00', amount: '200,00' },
          { rate: '5,5', base: '333,33', amount: '18,40' },
        ],
      });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.error.fields.netPayable, /« Net à payer » est obligatoire/);
      assert.match(wrong.body.error.fields.vatDetail, /Ligne 2 .* base HT × le taux/);
      const typed = {
        totalNet: '1 333,33',
        totalVat: '218,33',
        netPayable: '1 551,66',
        vatDetail: [
          { rate: '20', base: '1 000,00', amount: '200,00' },
          { rate: '5,5', base: '333,33', amount: '18,33' },
        ],
      };
      const saved = await supplier.put(`/api/invoices/${id}/totals`, typed);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(saved.body.typedTotals, {
        totalNet: '1333.33',
        totalVat: '218.33',
        netPayable: '1551.66',
        vatDetail: [
          { rate: '20', base: '1000.00', amount: '200.00' },
          { rate: '5.5', base: '333.33', amount: '18.33' },
        ],
      });
      const invoice = (await supplier.get(`/api/invoices/${id}`)).body;
      assert.deepEqual(
        [invoice.totals.netCents, invoice.totals.vatCents, invoice.totals.grossCents, invoice.totals.netPayableCents],
        [133333, 21833, 155166, 155166],
      );
      const check = (await supplier.get(`/api/invoices/${id}/send-check`)).body;
      for (const f of ['totalNet', 'totalVat', 'netPayable', 'vatDetail', 'lines'])
        assert.equal(check.problems?.[f], undefined, `${f}: ${JSON.stringify(check.problems)}`);
      const line = await supplier.post(`/api/invoices/${id}/lines`, {
        name: 'x',
        quantity: '1',
        unitPrice: '1',
        vatRate: '20',
      });
      assert.equal(line.status, 409);
      assert.match(line.body.error.message, /Montants totaux/);
      const typedInvoice = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        recipientIdentifier: '13001727000013',
        invoiceDate: '2026-11-02',
      });
      assert.equal(typedInvoice.status, 201, JSON.stringify(typedInvoice.body));
      assert.equal((await supplier.put(`/api/invoices/${typedInvoice.body.id}/totals`, typed)).status, 409);
    });

    describe('hostile files: a French refusal each, the server stays up, nothing created', () => {
      const cases: [string, string, () => Buffer, RegExp, number][] = [
        [
          'XXE',
          'xxe.xml',
          () =>
            Buffer.from(
              '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Invoice>&x;</Invoice>',
            ),
          /DOCTYPE|DTD|entit/i,
          400,
        ],
        [
          'billion laughs',
          'lol.xml',
          () =>
            Buffer.from(
              `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><lolz>&lol9;</lolz>`,
            ),
          /DOCTYPE|DTD|entit/i,
          400,
        ],
        [
          'zip bomb',
          'lot.zip',
          () => zip([{ name: 'a.xml', bytes: Buffer.alloc(60 * 1024 * 1024, 0x20) }]),
          /décompressé|dépasse/,
          413,
        ],
        [
          'path trick',
          'lot.zip',
          () => zip([{ name: '../../etc/facture.xml', bytes: ublSample() }]),
          /sort du lot/,
          400,
        ],
        [
          'issue 15 defect 14: a right-to-left override in a name inside a batch',
          'lot.zip',
          () => zip([{ name: 'facture\u202Elmx.pdf', bytes: ublSample() }]),
          /sens d.écriture/,
          400,
        ],
        [
          'PDF with JavaScript',
          'facture.pdf',
          () =>
            Buffer.from(
              '%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
            ),
          /JavaScript/,
          400,
        ],
        ['wrong extension', 'facture.pdf', () => ublSample(), /ne correspond pas à son extension/, 400],
        [
          '10 MB + 1 byte',
          'facture.pdf',
          () => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 1 - 9, 0x20)]),
          /dépasse 10 Mo/,
          413,
        ],
      ];
      for (const [label, name, bytes, message, status] of cases)
        test(label, async () => {
          const before = await invoiceCount();
          const res = await deposit(supplier, name, bytes());
          assert.equal(res.status, status, JSON.stringify(res.body));
          assert.match(res.body.error.message, message);
          assert.equal(await invoiceCount(), before);
          assert.equal((await supplier.get('/api/session')).status, 200);
        });
    });
  });
}
