import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal } from 'decimal.js';
import { detectFormat } from '../detect.ts';
import type { Party } from './invoice.ts';
import { listTerms } from './terms.ts';
import { parseInvoice } from '../parse.ts';
import { loadExpected, sampleBytes, type ExpectedParty } from '../test-support/samples.ts';

const expected = loadExpected();

function sameAmount(actual: string | null, wanted: string | null | undefined, label: string): void {
  if (wanted === null || wanted === undefined) {
    assert.equal(actual, null, `${label} should be absent`);
    return;
  }
  assert.ok(actual !== null, `${label} missing (expected ${wanted})`);
  assert.ok(new Decimal(actual).equals(new Decimal(wanted)), `${label}: ${actual} != ${wanted}`);
}

function sameParty(actual: Party, wanted: ExpectedParty, label: string): void {
  assert.equal(actual.name, wanted.name, `${label}.name`);
  assert.deepEqual(actual.ids, wanted.ids, `${label}.ids`);
  assert.deepEqual(actual.legalId, wanted.legalId, `${label}.legalId`);
  assert.equal(actual.vatId, wanted.vatId, `${label}.vatId`);
}

describe('parseInvoice extracts exactly the values of expected.json', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(name, async () => {
      const bytes = sampleBytes(name);
      const { detection, invoice, findings } = await parseInvoice(bytes);
      assert.equal(detection.container, want.container);
      if (want.attachments) {
        assert.deepEqual(
          detection.attachments.map((a) => ({ name: a.name, afRelationship: a.afRelationship, bytes: a.bytes })),
          want.attachments,
        );
        assert.equal(detection.xmpConformanceLevel, want.xmpConformanceLevel);
        assert.equal(detection.pdfaPart, want.pdfaPart);
        if (want.invoiceXmlName) assert.equal(detection.invoiceXmlName, want.invoiceXmlName);
      }
      if (want.syntax === null || want.syntax === undefined) {
        assert.equal(invoice, null, 'no invoice model for a file that is not a supported invoice');
        assert.ok(
          findings.some((f) => f.severity === 'fatal'),
          'a fatal finding explains why',
        );
        return;
      }
      assert.ok(invoice, `invoice parsed (${JSON.stringify(findings)})`);
      assert.equal(invoice.syntax, want.syntax);
      assert.equal(invoice.customizationId, want.specificationId);
      assert.equal(invoice.invoiceNumber, want.invoiceNumber);
      assert.equal(invoice.issueDate, want.issueDate);
      assert.equal(invoice.typeCode, want.typeCode);
      assert.equal(invoice.currency, want.currency);
      assert.equal(invoice.buyerReference, want.buyerReference);
      assert.equal(invoice.purchaseOrderReference, want.purchaseOrderReference);
      sameParty(invoice.seller, want.seller!, 'seller');
      sameParty(invoice.buyer, want.buyer!, 'buyer');
      for (const [key, value] of Object.entries(want.totals!)) {
        sameAmount(invoice.totals[key as keyof typeof invoice.totals], value, `totals.${key}`);
      }
      assert.equal(invoice.lines.length, want.lineCount);
    });
  }
});

describe('detectFormat', () => {
  it('names each supported format and gives a reason otherwise', async () => {
    assert.equal((await detectFormat(sampleBytes('ubl/cen_ubl-tc434-creditnote1.xml'))).format, 'ubl-creditnote');
    assert.equal((await detectFormat(sampleBytes('ubl/cen_guide-example3.xml'))).format, 'ubl-invoice');
    assert.equal((await detectFormat(sampleBytes('cii/cen_CII_example3.xml'))).format, 'cii');
    assert.equal((await detectFormat(sampleBytes('pdf/mustang_RE-20201121_508_blanko.pdf'))).format, 'pdf');
    const fx = await detectFormat(sampleBytes('facturx/fnfe_Facture_FR_BASICWL.pdf'));
    assert.equal(fx.format, 'facturx');
    assert.equal(fx.profile, 'BASIC WL');
    const root = await detectFormat(sampleBytes('invalid/mustang_invalidV2Root.xml'));
    assert.equal(root.format, 'unknown');
    assert.match(root.reason!.en, /myinvoice/);
    assert.match(root.reason!.fr, /ni une facture UBL/);
    const legacy = await detectFormat(sampleBytes('invalid/mustang_zugferd1_invoice.pdf'));
    assert.equal(legacy.format, 'unknown');
    assert.match(legacy.reason!.en, /ZUGFeRD 1\.0/);
  });
});

describe('model terms', () => {
  it('tags every extracted value with its EN 16931 business term', async () => {
    const { invoice } = await parseInvoice(sampleBytes('ubl/cen_ubl-tc434-example1.xml'));
    const terms = listTerms(invoice!);
    assert.ok(terms.length > 100);
    for (const t of terms) assert.match(t.term, /^(B[TG]-\d+|syntax)$/, `${t.path} has no term`);
    assert.deepEqual(
      terms.find((t) => t.path === 'invoiceNumber'),
      { term: 'BT-1', path: 'invoiceNumber', value: '12115118' },
    );
    assert.equal(terms.find((t) => t.path === 'lines[0].netAmount')?.term, 'BT-131');
  });

  it('reads French references: SIRET scheme 0009, service code BT-10, commitment BT-13', async () => {
    const { invoice } = await parseInvoice(sampleBytes('ubl/akretion_ubl-21-en16931_FR.xml'));
    assert.ok(invoice!.seller.ids.some((id) => id.scheme === '0009' && /^\d{14}$/.test(id.value)));
    assert.ok(invoice!.buyerReference);
    assert.ok(invoice!.purchaseOrderReference);
  });
});
