import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { sampleBytes } from '../test-support/samples.ts';
import { DEFAULT_LIMITS } from '../xml/limits.ts';
import { validateInvoice } from './validate.ts';
import { ValidationPool } from './validation-pool.ts';

describe('validation in worker threads with a hard time limit', () => {
  const pool = new ValidationPool({ size: 1, idleMs: 300, marginMs: 0 });
  after(() => pool.close());

  it('starts no thread before the first file, gives the same report as in-process validation', async () => {
    assert.equal(pool.threads, 0);
    const bytes = sampleBytes('invalid/mustang_invalidXRV30_BR-CO-16.xml');
    const isolated = await pool.validate(bytes);
    const direct = await validateInvoice(bytes);
    assert.equal(pool.threads, 1);
    assert.equal(isolated.valid, false);
    assert.deepEqual(
      isolated.findings.map((f) => f.rule),
      direct.findings.map((f) => f.rule),
    );
    assert.equal(isolated.invoice?.invoiceNumber, direct.invoice?.invoiceNumber);
    assert.equal(isolated.root, null);
    assert.equal(isolated.xmlBytes, null);
  });

  it('queues files beyond its size and answers each', async () => {
    const names = ['ubl/cen_ubl-tc434-example1.xml', 'invalid/mustang_invalidXRV30_BR-CO-16.xml'];
    const reports = await Promise.all(names.map((n) => pool.validate(sampleBytes(n))));
    assert.equal(pool.threads, 1);
    assert.deepEqual(
      reports.map((r) => r.valid),
      [true, false],
    );
  });

  it('stops a validation that outlives its budget and reports it; the next file gets a new thread', async () => {
    const started = performance.now();
    const report = await pool.validate(sampleBytes('ubl/cen_ubl-tc434-example1.xml'), {
      ...DEFAULT_LIMITS,
      timeLimitMs: 1,
    });
    assert.ok(performance.now() - started < 1000);
    assert.equal(report.valid, false);
    assert.equal(report.findings[0]?.rule, 'TIME-LIMIT');
    const next = await pool.validate(sampleBytes('ubl/cen_ubl-tc434-example1.xml'));
    assert.equal(next.valid, true);
  });

  it('lets an idle thread exit', async () => {
    assert.equal(pool.threads, 1);
    await sleep(600);
    assert.equal(pool.threads, 0);
  });
});
