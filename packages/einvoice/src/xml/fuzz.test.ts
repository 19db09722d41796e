import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadExpected, sampleBytes } from '../test-support/samples.ts';
import { validateInvoice } from '../validation/validate.ts';

// Issue 15: property-based fuzzing (fast-check) of the e-invoice readers. FUZZ_RUNS raises the
// number of inputs (`npm run fuzz`); FUZZ_SEED replays a run.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);

type Edit =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'digits'; at: number; letter: boolean };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.nat(2000),
  }),
  fc.record({
    kind: fc.constant('digits' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    letter: fc.boolean(),
  }),
);

/** Applies edits at relative positions, so that one edit list fits files of any size. */
function applyEdits(bytes: Uint8Array, edits: Edit[]): Uint8Array {
  let out = new Uint8Array(bytes);
  for (const e of edits) {
    const at = Math.min(out.length - 1, Math.floor(e.at * out.length));
    if (at < 0) break;
    if (e.kind === 'flip') out[at] = e.byte;
    else if (e.kind === 'truncate') out = out.subarray(0, at);
    else if (e.kind === 'duplicate') {
      const slice = out.subarray(at, at + e.length);
      const joined = new Uint8Array(out.length + slice.length);
      joined.set(out.subarray(0, at));
      joined.set(slice, at);
      joined.set(out.subarray(at), at + slice.length);
      out = joined;
    } else {
      // the next digit (an amount, a date, a code) becomes another digit or a letter
      const i = out.findIndex((b, k) => k >= at && b >= 0x30 && b <= 0x39);
      if (i >= 0) out[i] = e.letter ? 0x41 + (at % 26) : 0x30 + (at % 10);
    }
  }
  return out;
}

/** XML documents of invoice-like vocabulary with hostile text, entities and declarations. */
const NAMES = ['Invoice', 'cbc:ID', 'cac:InvoiceLine', 'ram:TypeCode', 'rsm:CrossIndustryInvoice', 'x', 'cbc:Note'];
const xmlText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('&amp;', '&lt;', '&e;', '&#0;', '&#x10FFFF;', ']]>', '<![CDATA[x]]>', '\u0000', '1e309', '-0'),
);
const { element } = fc.letrec<{ element: string }>((tie) => ({
  element: fc
    .tuple(
      fc.constantFrom(...NAMES),
      fc.array(fc.oneof({ depthSize: 'small' }, xmlText, tie('element')), { maxLength: 4 }),
    )
    .map(([name, kids]) => `<${name}>${kids.join('')}</${name}>`),
}));
const xmlDocument = fc
  .tuple(
    fc.constantFrom(
      '',
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE x [<!ENTITY e "e">]>',
      '<?xml version="1.1"?>',
    ),
    element,
  )
  .map(([prolog, body]) => new TextEncoder().encode(prolog + body));

async function assertReport(bytes: Uint8Array): Promise<void> {
  const started = performance.now();
  const report = await validateInvoice(bytes);
  const elapsed = performance.now() - started;
  assert.equal(typeof report.valid, 'boolean');
  const internal = report.findings.filter((f) => f.rule === 'INTERNAL');
  assert.deepEqual(internal, [], 'internal error');
  assert.ok(elapsed < 5000, `${elapsed.toFixed(0)} ms`);
}

describe('mutated samples (fuzzing) never crash or hang', () => {
  it('mutations of the samples each give a report', async () => {
    const names = Object.keys(loadExpected());
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.array(edit, { minLength: 1, maxLength: 6 }), (name, edits) =>
        assertReport(applyEdits(sampleBytes(name), edits)),
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('generated XML documents each give a report', async () => {
    await fc.assert(fc.asyncProperty(xmlDocument, assertReport), { numRuns: RUNS, seed: SEED });
  });
});
