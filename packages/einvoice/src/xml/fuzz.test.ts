import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadExpected, sampleBytes } from '../test-support/samples.ts';
import { validateInvoice } from '../validation/validate.ts';

/** A small seeded generator, so that a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const out = new Uint8Array(bytes);
  switch (Math.floor(random() * 4)) {
    case 0: // flip some bytes
      for (let i = 0; i < 1 + random() * 20; i++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
      return out;
    case 1: // truncate
      return out.subarray(0, Math.floor(random() * out.length));
    case 2: {
      // duplicate a slice in the middle
      const start = Math.floor(random() * out.length);
      const slice = out.subarray(start, start + Math.floor(random() * 2000));
      const joined = new Uint8Array(out.length + slice.length);
      joined.set(out.subarray(0, start));
      joined.set(slice, start);
      joined.set(out.subarray(start), start + slice.length);
      return joined;
    }
    default: {
      // replace digits (amounts, dates, codes) by other digits or letters
      for (let i = 0; i < out.length; i++)
        if (out[i]! >= 0x30 && out[i]! <= 0x39 && random() < 0.05)
          out[i] = random() < 0.5 ? 0x41 + Math.floor(random() * 26) : 0x30 + Math.floor(random() * 10);
      return out;
    }
  }
}

describe('mutated samples (fuzzing) never crash or hang', () => {
  it('300 seeded mutations of the samples each give a report', async () => {
    const names = Object.keys(loadExpected());
    const random = prng(20261128);
    let slowest = 0;
    for (let i = 0; i < 300; i++) {
      const name = names[Math.floor(random() * names.length)]!;
      const bytes = mutate(sampleBytes(name), random);
      const started = performance.now();
      const report = await validateInvoice(bytes);
      slowest = Math.max(slowest, performance.now() - started);
      assert.equal(typeof report.valid, 'boolean', `${name} mutation ${i}`);
      assert.ok(
        !report.findings.some((f) => f.rule === 'INTERNAL'),
        `${name} mutation ${i}: ${JSON.stringify(report.findings.filter((f) => f.rule === 'INTERNAL'))}`,
      );
    }
    assert.ok(slowest < 5000, `slowest file ${slowest.toFixed(0)} ms`);
  });
});
