import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadExpected, sampleBytes } from '../test-support/samples.ts';
import { validateInvoice } from './validate.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Rules each broken sample is known for (its file name or SOURCES.md says why it is broken). */
const KNOWN_CAUSE: Record<string, string> = {
  'invalid/mustang_invalidXRV30_BR-CO-16.xml': 'BR-CO-16',
  'invalid/mustang_invalidXRV30_BR-DEC-23.xml': 'BR-DEC-23',
  'invalid/mustang_periods_BR-49.ubl.xml': 'BR-49',
  'invalid/mustang_invalidXRSchemav2_xsd.xml': 'XSD-CII-D16B',
  'invalid/mustang_XMLinvalidV2PDF.pdf': 'CII-DT-031',
  'invalid/corpus_factur-x-invalid-xml-encoding-attribute.pdf': 'XML-ENCODING',
  'invalid/derived_malformed-truncated.xml': 'XML-WELLFORMED',
  'invalid/mustang_invalidV2Root.xml': 'INPUT-FORMAT',
  'invalid/mustang_corrupt-factur-x-waytoosmall.pdf': 'PDF-CORRUPT',
  'invalid/mustang_zugferd1_invoice.pdf': 'INPUT-FORMAT',
  'pdf/mustang_RE-20201121_508_blanko.pdf': 'PDF-NO-XML',
};

describe('validateInvoice on every sample gives the expected outcome', () => {
  for (const [name, want] of Object.entries(loadExpected())) {
    it(`${name}: ${want.expectedOutcome.split(':')[0]}`, async () => {
      const report = await validateInvoice(sampleBytes(name));
      const accept = /^(valid|parseable)/.test(want.expectedOutcome);
      assert.equal(
        report.valid,
        accept,
        JSON.stringify(report.findings.filter((f) => f.severity === 'fatal').map((f) => f.rule)),
      );
      if (KNOWN_CAUSE[name])
        assert.ok(
          report.findings.some((f) => f.rule === KNOWN_CAUSE[name] && f.severity === 'fatal'),
          `reports ${KNOWN_CAUSE[name]}`,
        );
      if (want.xsd === 'invalid' && want.syntax)
        assert.ok(
          report.findings.some((f) => f.source === 'xsd' || f.rule === 'XML-ENCODING'),
          'the XSD problem is reported',
        );
      if (/MINIMUM|BASIC WL/.test(want.expectedOutcome))
        assert.match(report.ruleSet ?? '', /Factur-X (MINIMUM|BASIC WL)/);
      for (const f of report.findings) {
        assert.ok(f.message.fr.length > 10 && f.message.en.length > 5, `${f.rule} has French and English messages`);
        assert.ok(f.location.length > 0, `${f.rule} has a location`);
      }
    });
  }
});

describe('findings say where and what to fix', () => {
  it('a wrong total gives BR-CO-16 at the monetary summation, in French and English', async () => {
    const xml = new TextDecoder()
      .decode(sampleBytes('cii/cen_CII_example3.xml'))
      .replace(/<ram:DuePayableAmount>([^<]*)</, '<ram:DuePayableAmount>1.00<');
    const report = await validateInvoice(utf8(xml));
    const f = report.findings.find((x) => x.rule === 'BR-CO-16');
    assert.ok(f, JSON.stringify(report.findings));
    assert.equal(f.severity, 'fatal');
    assert.match(f.location, /SpecifiedTradeSettlementHeaderMonetarySummation$/);
    assert.match(f.message.fr, /net à payer/);
    assert.match(f.message.en, /Amount due for payment/);
  });

  it('XSD catches an unknown element, a bad decimal and a missing required attribute', async () => {
    const base = new TextDecoder().decode(sampleBytes('ubl/cen_guide-example3.xml'));
    const unknown = base.replace(
      '<cbc:DocumentCurrencyCode',
      '<cbc:Nonsense>x</cbc:Nonsense><cbc:DocumentCurrencyCode',
    );
    const badDecimal = base.replace(
      /<cbc:PayableAmount currencyID="([A-Z]+)">[^<]*</,
      '<cbc:PayableAmount currencyID="$1">12,50<',
    );
    const noCurrency = base.replace(/<cbc:PayableAmount currencyID="[A-Z]+">/, '<cbc:PayableAmount>');
    for (const [label, xml, pattern] of [
      ['unknown element', unknown, /Nonsense/],
      ['decimal', badDecimal, /decimal|12,50/],
      ['attribute', noCurrency, /currencyID/],
    ] as const) {
      const report = await validateInvoice(utf8(xml));
      const xsd = report.findings.filter((f) => f.source === 'xsd');
      assert.ok(
        xsd.some((f) => pattern.test(f.message.fr + f.message.en)),
        `${label}: ${JSON.stringify(xsd)}`,
      );
    }
  });
});
