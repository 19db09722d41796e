import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleBytes } from '../test-support/samples.ts';
import { DEFAULT_LIMITS } from '../xml/limits.ts';
import { validateInvoice } from './validate.ts';
import { validateInvoiceIsolated } from './validate-isolated.ts';

describe('validation in a worker thread with a hard time limit', () => {
  it('gives the same report as in-process validation', async () => {
    const bytes = sampleBytes('invalid/mustang_invalidXRV30_BR-CO-16.xml');
    const isolated = await validateInvoiceIsolated(bytes);
    const direct = await validateInvoice(bytes);
    assert.equal(isolated.valid, false);
    assert.deepEqual(
      isolated.findings.map((f) => f.rule),
      direct.findings.map((f) => f.rule),
    );
    assert.equal(isolated.invoice?.invoiceNumber, direct.invoice?.invoiceNumber);
  });

  it('stops a validation that outlives its budget and reports it', async () => {
    const started = performance.now();
    const report = await validateInvoiceIsolated(
      sampleBytes('ubl/cen_ubl-tc434-example1.xml'),
      { ...DEFAULT_LIMITS, timeLimitMs: 1 },
      0,
    );
    assert.ok(performance.now() - started < 1000);
    assert.equal(report.valid, false);
    assert.equal(report.findings[0]?.rule, 'TIME-LIMIT');
  });
});
