import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInvoice, validateInvoice, writeFacturx, type Invoice } from '@chorale/einvoice';
import { runOracle } from '@chorale/einvoice/oracle';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../../testing/test-app.ts';
import { lecointre } from '../../../testing/fixtures.ts';
import { assignMainManager } from '../../organisation/assign-main-manager.ts';
import { fixture, ublSample } from '../../intake/intake-test-support.ts';

/**
 * Issue 9, « A structured twin for every invoice »: each sent typed invoice downloads as a
 * Factur-X (PDF/A-3 + CII, profile EN 16931) that passes packages/einvoice's validation AND the
 * official CEN EN 16931 CII XSLT (run on SaxonJS as the oracle), for several invoice shapes.
 */

const today = () => new Date().toISOString().slice(0, 10);
const CCI = '13001727000013';
const STATE = '11000201100044';
const IBAN = 'FR7630006000011234567890189';

interface Twin {
  bytes: Buffer;
  invoice: Invoice;
  xml: string;
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] the Factur-X twin of a typed invoice (issue 9)`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let entity: TestClient;
    let supplierId = 0;
    let bankAccountId = 0;
    let serviceId = 0;

    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-test-twin-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      const bank = await supplier.post(`/api/structures/${supplierId}/bank-accounts`, {
        holderName: 'LECOINTRE PARIS',
        iban: IBAN,
        bic: 'BNPAFRPPXXX',
      });
      assert.equal(bank.status, 201, JSON.stringify(bank.body));
      bankAccountId = bank.body.id;
      const service = await supplier.post(`/api/structures/${supplierId}/services`, {
        code: 'AGENCE-92',
        name: 'Agence de La Garenne',
      });
      assert.equal(service.status, 201, JSON.stringify(service.body));
      serviceId = service.body.id;
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      await t.deliverMails();
    });
    after(() => t.close());

    async function download(client: TestClient, id: number) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/invoices/${id}/invoice.pdf`,
        headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      return res;
    }

    /** Types a draft with its lines (and files), sends it, and reads back its twin. */
    async function sendTyped(
      header: Record<string, unknown>,
      lines: Record<string, string>[],
      files: { name: string; bytes: Buffer; designation: string }[] = [],
    ): Promise<Twin & { id: number; number: string }> {
      const draft = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        recipientIdentifier: CCI,
        invoiceDate: today(),
        ...header,
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      for (const line of lines) {
        const res = await supplier.post(`/api/invoices/${draft.body.id}/lines`, line);
        assert.equal(res.status, 201, JSON.stringify(res.body));
      }
      for (const f of files) {
        const res = await supplier.upload(
          `/api/invoices/${draft.body.id}/attachments`,
          { name: f.name, bytes: f.bytes },
          { designation: f.designation, kind: 'COMPLEMENTAIRE' },
        );
        assert.equal(res.status, 201, JSON.stringify(res.body));
      }
      const sent = await supplier.post(`/api/invoices/${draft.body.id}/submit`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      const res = await download(supplier, draft.body.id);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      const twin = await checkTwin(res.rawPayload);
      return { ...twin, id: draft.body.id, number: sent.body.number };
    }

    /** Factur-X EN 16931 that our validator and the official XSLT both accept. */
    async function checkTwin(bytes: Buffer): Promise<Twin> {
      const report = await validateInvoice(new Uint8Array(bytes));
      assert.equal(report.detection.format, 'facturx');
      assert.equal(report.detection.profile, 'EN 16931');
      assert.equal(report.detection.pdfaPart, '3');
      assert.deepEqual(
        report.findings.filter((f) => f.severity === 'fatal').map((f) => `${f.rule} ${f.location} ${f.message.fr}`),
        [],
        'packages/einvoice validation',
      );
      assert.equal(report.valid, true);
      const parsed = await parseInvoice(new Uint8Array(bytes));
      assert.ok(parsed.invoice && parsed.xmlBytes);
      const xml = new TextDecoder().decode(parsed.xmlBytes);
      const official = runOracle('cii', xml);
      assert.deepEqual(official.errors, [], 'official EN 16931 CII XSLT: no fatal rule fails');
      // CII-SR-475 (warning) counts the names of all BG-24 documents together: it fires as soon as
      // two attachments are described, as the CEN artifact is written; nothing else may warn.
      assert.deepEqual(
        official.warnings.filter((w) => w !== 'CII-SR-475'),
        [],
        'official EN 16931 CII XSLT: no warning',
      );
      return { bytes, invoice: parsed.invoice, xml };
    }

    test('the webinar invoice: parties with SIRET 0009, references, line, VAT, IBAN, totals; the recipient gets the same file', async () => {
      const twin = await sendTyped(
        { bankAccountId, supplierServiceId: serviceId, marketNumber: 'MARCHE-2026-17', commitmentNumber: 'EJ-4500012' },
        [
          {
            reference: 'CH-TOLUX',
            name: 'Chaises A Tolux',
            quantity: '20',
            unit: 'pièce',
            unitPrice: '320,00',
            vatRate: '10',
          },
        ],
      );
      const inv = twin.invoice;
      assert.equal(inv.invoiceNumber, twin.number, 'BT-1');
      assert.equal(inv.typeCode, '380');
      assert.equal(inv.issueDate, today());
      assert.equal(inv.currency, 'EUR');
      assert.equal(inv.businessProcess, 'A1', 'BT-23 cadre de facturation');
      assert.deepEqual(inv.seller.ids, [{ value: lecointre.identifier, scheme: '0009' }], 'BT-29');
      assert.deepEqual(inv.seller.legalId, { value: lecointre.identifier, scheme: '0009' }, 'BT-30');
      assert.equal(inv.seller.vatId, 'FR21899346076', 'BT-31 derived from the SIREN');
      assert.equal(inv.seller.name, 'LECOINTRE PARIS');
      assert.deepEqual(inv.buyer.ids, [{ value: CCI, scheme: '0009' }], 'BT-46');
      assert.deepEqual(inv.buyer.legalId, { value: CCI, scheme: '0009' }, 'BT-47');
      assert.equal(inv.buyer.name, 'CCI REGION PARIS ILE FRANCE');
      assert.equal(inv.buyer.address?.postCode, '75008');
      assert.equal(inv.purchaseOrderReference, 'EJ-4500012', 'BT-13 engagement');
      assert.equal(inv.contractReference, 'MARCHE-2026-17', 'BT-12 marché');
      assert.deepEqual(
        inv.lines.map((l) => [
          l.id,
          l.sellerItemId,
          l.itemName,
          l.quantity,
          l.unitCode,
          l.netPrice,
          l.netAmount,
          l.vatCategory,
          l.vatRate,
        ]),
        [['1', 'CH-TOLUX', 'Chaises A Tolux', '20', 'H87', '320', '6400.00', 'S', '10']],
      );
      assert.deepEqual(
        inv.vatBreakdown.map((v) => [v.category, v.rate, v.taxableAmount, v.taxAmount]),
        [['S', '10', '6400.00', '640.00']],
      );
      assert.deepEqual(
        [
          inv.totals.lineTotal,
          inv.totals.totalWithoutVat,
          inv.totals.vatTotal,
          inv.totals.totalWithVat,
          inv.totals.prepaid,
          inv.totals.amountDue,
        ],
        ['6400.00', '6400.00', '640.00', '7040.00', null, '7040.00'],
      );
      assert.equal(inv.paymentMeans[0]?.typeCode, '30');
      assert.deepEqual(inv.paymentMeans[0]?.creditTransfers, [
        { accountId: IBAN, accountName: 'LECOINTRE PARIS', bic: 'BNPAFRPPXXX' },
      ]);
      assert.match(inv.notes.map((n) => n.text).join('\n'), /Service émetteur : AGENCE-92 – Agence de La Garenne/);
      assert.equal(inv.vatPointDateCode, '5', 'BT-8 (CII code 5): TVA sur les débits');

      await t.deliverMails(); // routing: the recipient sees the invoice once it is made available
      const received = await download(entity, twin.id);
      assert.equal(received.statusCode, 200);
      const theirs = await checkTwin(received.rawPayload);
      assert.equal(theirs.xml, twin.xml, 'the recipient gets the same structured invoice');
      const ours = await download(supplier, twin.id);
      assert.ok(ours.rawPayload.equals(received.rawPayload), 'both sides download the same file');
    });

    test('several VAT rates, line discounts, a 0 % line, « remise globale TTC » as paid amount BT-113, the State with service code and commitment', async () => {
      const twin = await sendTyped(
        {
          recipientIsState: true,
          recipientIdentifier: STATE,
          recipientServiceCode: 'MIN_ECO_CSP',
          commitmentNumber: '1300012345',
          vatType: 'TVA_SUR_ENCAISSEMENT',
          bankAccountId,
          globalDiscount: '100,50',
          globalDiscountReason: 'Geste commercial',
          comment: 'Livraison en deux fois.',
        },
        [
          { name: 'Audit', quantity: '3', unit: 'jour', unitPrice: '850', vatRate: '20', discount: '150' },
          { name: 'Manuels', quantity: '12', unit: 'carton', unitPrice: '18.333', vatRate: '5,5' },
          { name: 'Abonnement presse', quantity: '1', unitPrice: '49.90', vatRate: '2.1' },
          { name: 'Transport international', quantity: '1', unit: 'forfait', unitPrice: '120', vatRate: '0' },
          { name: 'Support', quantity: '7.5', unit: 'heure', unitPrice: '64', vatRate: '20' },
        ],
      );
      const inv = twin.invoice;
      assert.equal(inv.buyerReference, 'MIN_ECO_CSP', 'BT-10 service code');
      assert.equal(inv.purchaseOrderReference, '1300012345', 'BT-13');
      assert.deepEqual(inv.buyer.ids, [{ value: STATE, scheme: '0009' }]);
      assert.equal(inv.vatPointDateCode, '72', 'BT-8 (CII code 72): TVA sur les encaissements');
      assert.deepEqual(
        inv.vatBreakdown.map((v) => [v.category, v.rate, v.taxableAmount, v.taxAmount]),
        [
          ['S', '20', '2880.00', '576.00'],
          ['S', '5.5', '220.00', '12.10'],
          ['S', '2.1', '49.90', '1.05'],
          ['Z', '0', '120.00', '0.00'],
        ],
      );
      assert.deepEqual(
        inv.lines[0]?.allowanceCharges.map((a) => [a.isCharge, a.amount, a.reason]),
        [[false, '150.00', 'Remise']],
        'BG-27 line allowance',
      );
      assert.deepEqual(
        inv.lines.map((l) => l.unitCode),
        ['DAY', 'C62', 'C62', 'LS', 'HUR'],
      );
      assert.equal(inv.lines[1]?.itemDescription, 'Unité : carton', 'an unknown unit is kept as text');
      assert.deepEqual(
        [
          inv.totals.totalWithoutVat,
          inv.totals.vatTotal,
          inv.totals.totalWithVat,
          inv.totals.prepaid,
          inv.totals.amountDue,
        ],
        ['3269.90', '589.15', '3859.05', '100.50', '3758.55'],
      );
      const notes = inv.notes.map((n) => `${n.subjectCode} ${n.text}`).join('\n');
      assert.match(notes, /AAK Remise globale TTC : 100\.50 EUR – Geste commercial/);
      assert.match(notes, /AAI Livraison en deux fois\./);
      const view = (await supplier.get(`/api/invoices/${twin.id}`)).body;
      assert.equal(view.totals.netPayableCents, 375_855, 'BT-115 is « Net à payer »');
      assert.equal(view.totals.vatCents, 58_915, 'BT-110 is « Montant TVA » as typed');
    });

    test('an exempt invoice: category E with the typed reason, paid by cheque', async () => {
      const { invoice: inv } = await sendTyped(
        {
          vatType: 'EXONERATION',
          exemptionReason: 'Exonération de TVA, article 261-4-4° du CGI',
          paymentMode: 'CHEQUE',
        },
        [{ name: 'Formation professionnelle continue', quantity: '2', unit: 'jour', unitPrice: '700', vatRate: '0' }],
      );
      assert.deepEqual(
        inv.vatBreakdown.map((v) => [v.category, v.rate, v.taxableAmount, v.taxAmount, v.exemptionReason]),
        [['E', '0', '1400.00', '0.00', 'Exonération de TVA, article 261-4-4° du CGI']],
      );
      assert.equal(inv.lines[0]?.vatCategory, 'E');
      assert.equal(inv.paymentMeans[0]?.typeCode, '20');
      assert.equal(inv.totals.amountDue, '1400.00');
    });

    test('a credit note « Avoir » without VAT: 381, preceding invoice BT-25, category O without seller VAT number', async () => {
      const { invoice: inv } = await sendTyped(
        { type: 'AVOIR', vatType: 'SANS_TVA', originalInvoiceNumber: 'F2026-0042', paymentMode: 'VIREMENT' },
        [{ name: 'Annulation partielle', quantity: '1', unitPrice: '250', vatRate: '0' }],
      );
      assert.equal(inv.typeCode, '381');
      assert.deepEqual(inv.precedingInvoices, [{ number: 'F2026-0042', date: null }]);
      assert.equal(inv.seller.vatId, null, 'BR-O-02');
      assert.deepEqual(
        inv.vatBreakdown.map((v) => [v.category, v.rate, v.taxableAmount, v.exemptionReason]),
        [['O', null, '250.00', 'Opération non soumise à la TVA']],
      );
      assert.equal(inv.lines[0]?.vatRate, null);
      assert.equal(inv.paymentMeans[0]?.typeCode, '1', 'a transfer without bank details is not given an invented IBAN');
      assert.equal(inv.totals.amountDue, '250.00');
    });

    test('attachments are embedded in the PDF and named in BG-24', async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
      const csv = Buffer.from('article;quantité\nchaise;20\n');
      const twin = await sendTyped(
        { bankAccountId },
        [{ name: 'Chaises', quantity: '4', unitPrice: '80', vatRate: '20' }],
        [
          { name: 'bon-de-livraison.pdf', bytes: pdf, designation: 'Bon de livraison' },
          { name: 'detail.csv', bytes: csv, designation: 'Détail des quantités' },
        ],
      );
      assert.deepEqual(
        twin.invoice.attachments.map((a) => [a.id, a.description]),
        [
          ['bon-de-livraison.pdf', 'Bon de livraison'],
          ['detail.csv', 'Détail des quantités'],
        ],
      );
      const { detection } = await parseInvoice(new Uint8Array(twin.bytes));
      assert.deepEqual(detection.attachments.map((a) => [a.name, a.afRelationship]).sort(), [
        ['bon-de-livraison.pdf', 'Supplement'],
        ['detail.csv', 'Supplement'],
        ['factur-x.xml', 'Alternative'],
      ]);
    });

    test('a deposited structured file is served as deposited, byte for byte, to both sides', async () => {
      const ubl = ublSample({ number: 'TWIN-UBL-1' });
      const parsed = await parseInvoice(new Uint8Array(ublSample({ number: 'TWIN-FX-1' })));
      assert.ok(parsed.invoice);
      const facturx = Buffer.from(
        await writeFacturx(new Uint8Array(fixture('mustang_RE-20201121_508_blanko.pdf')), parsed.invoice, {
          now: new Date('2026-11-30T09:00:00Z'),
        }),
      );
      for (const [name, bytes, contentType] of [
        ['facture.xml', ubl, 'application/xml'],
        ['facture-x.pdf', facturx, 'application/pdf'],
      ] as const) {
        const res = await supplier.upload('/api/invoices/deposit', { name, bytes }, { submit: 'true' });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        const [item] = res.body.items;
        assert.equal(item.outcome, 'ENVOYEE', JSON.stringify(item));
        await t.deliverMails();
        for (const client of [supplier, entity]) {
          const view = await download(client, item.invoiceId);
          assert.equal(view.statusCode, 200);
          assert.equal(view.headers['content-type'], contentType);
          assert.ok(view.rawPayload.equals(bytes), `${name}: « Visualiser la facture » gives the deposited file`);
        }
      }
    });

    test('a draft is not yet an invoice: its view is the layout only, without factur-x.xml', async () => {
      const draft = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        recipientIdentifier: CCI,
        invoiceDate: today(),
      });
      await supplier.post(`/api/invoices/${draft.body.id}/lines`, {
        name: 'Chaises',
        quantity: '1',
        unitPrice: '10',
        vatRate: '20',
      });
      const res = await download(supplier, draft.body.id);
      assert.equal(res.statusCode, 200);
      const { detection } = await parseInvoice(new Uint8Array(res.rawPayload));
      assert.notEqual(detection.format, 'facturx');
      assert.equal((await download(entity, draft.body.id)).statusCode, 404, "a draft is the supplier's alone");
    });
  });
}
