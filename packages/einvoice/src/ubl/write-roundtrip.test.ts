import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeCii } from '../cii/write-cii.ts';
import { writeFacturx } from '../facturx/write-facturx.ts';
import type { Invoice } from '../model/invoice.ts';
import { parseInvoice } from '../parse.ts';
import { runOracle } from '../test-support/oracle.ts';
import { loadExpected, sampleBytes } from '../test-support/samples.ts';
import { writeUbl } from './write-ubl.ts';
import { validateInvoice } from '../validation/validate.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The fields a reader of the written file must find again. */
function essentials(inv: Invoice) {
  return {
    number: inv.invoiceNumber,
    issueDate: inv.issueDate,
    typeCode: inv.typeCode,
    currency: inv.currency,
    buyerReference: inv.buyerReference,
    purchaseOrder: inv.purchaseOrderReference,
    contract: inv.contractReference,
    seller: [inv.seller.name, inv.seller.vatId, inv.seller.legalId?.value],
    buyer: [inv.buyer.name, inv.buyer.vatId],
    totals: inv.totals,
    lines: inv.lines.map((l) => [l.id, l.quantity, l.netAmount, l.vatCategory, l.vatRate]),
    vat: inv.vatBreakdown.map((v) => [v.category, v.rate, v.taxableAmount, v.taxAmount]),
  };
}

const validSamples = Object.entries(loadExpected())
  .filter(([, e]) => e.en16931Schematron?.valid === true && e.xsd === 'valid' && e.syntax !== null)
  .map(([name]) => name);

describe('writing UBL and CII from the model', () => {
  for (const name of validSamples) {
    it(`${name} -> UBL and CII that pass XSD, EN 16931 (ours and the official XSLT) and read back the same`, async () => {
      const { invoice } = await parseInvoice(sampleBytes(name));
      assert.ok(invoice);
      const kind = invoice.syntax === 'UBL-CreditNote' ? 'CreditNote' : 'Invoice';
      for (const [syntax, xml] of [
        ['ubl', writeUbl(invoice, kind)],
        ['cii', writeCii(invoice)],
      ] as const) {
        const report = await validateInvoice(utf8(xml));
        assert.deepEqual(
          report.findings.filter((f) => f.severity === 'fatal').map((f) => `${f.rule} ${f.location} ${f.message.en}`),
          [],
          `${syntax} passes our validation`,
        );
        assert.deepEqual(runOracle(syntax, xml).errors, [], `${syntax} passes the official XSLT`);
        assert.deepEqual(essentials(report.invoice!), essentials(invoice), `${syntax} reads back the same values`);
      }
    });
  }
});

describe('writing Factur-X', () => {
  it('attaches factur-x.xml to a plain PDF with AFRelationship and XMP; the result reads and validates', async () => {
    const { invoice } = await parseInvoice(sampleBytes('facturx/mustang_RE-20201121_508.pdf'));
    const pdf = await writeFacturx(sampleBytes('pdf/mustang_RE-20201121_508_blanko.pdf'), invoice!, {
      now: new Date('2026-01-31T10:00:00Z'),
    });
    const report = await validateInvoice(pdf);
    assert.equal(report.detection.format, 'facturx');
    assert.equal(report.detection.profile, 'EN 16931');
    assert.equal(report.detection.pdfaPart, '3');
    assert.deepEqual(
      report.detection.attachments.map((a) => [a.name, a.afRelationship]),
      [['factur-x.xml', 'Alternative']],
    );
    assert.equal(report.valid, true, JSON.stringify(report.findings));
    assert.deepEqual(essentials(report.invoice!), essentials(invoice!));
    const text = new TextDecoder('latin1').decode(pdf);
    assert.match(text, /\/OutputIntents/);
    assert.match(text, /<fx:ConformanceLevel>EN 16931<\/fx:ConformanceLevel>/);
  });

  it('keeps the other attachments and uses AFRelationship Data for MINIMUM', async () => {
    const { invoice } = await parseInvoice(sampleBytes('facturx/fnfe_Facture_FR_MINIMUM.pdf'));
    const pdf = await writeFacturx(sampleBytes('facturx/akretion_invoice_EN16931_FR.pdf'), invoice!);
    const report = await validateInvoice(pdf);
    assert.equal(report.detection.profile, 'MINIMUM');
    assert.deepEqual(report.detection.attachments.map((a) => [a.name, a.afRelationship]).sort(), [
      ['Bon_de_livraison.pdf', 'Unspecified'],
      ['factur-x.xml', 'Data'],
    ]);
    assert.equal(report.invoice?.invoiceNumber, invoice!.invoiceNumber);
    assert.equal(report.ruleSet, 'Factur-X MINIMUM');
  });
});
