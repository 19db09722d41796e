import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import {
  amountLimits,
  invoiceTotals,
  lineAmountProblem,
  lineAmounts,
  rateKey,
  totalsProblem,
  type LineInput,
} from './amounts.ts';

/*
 * The amounts are computed on scaled bigints (issue 13). The reference below is the arithmetic
 * they replaced, written with 40-digit decimals as EN 16931 states it: each line's net rounded
 * half up to the cent, VAT per rate on that rate's base. Both must agree on every line within the
 * bounds of amountLimits, and on the bounds themselves.
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const round2 = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
// `+ 0`: Decimal gave -0 for a negative amount that rounds to nothing; the integers give 0.
const cents = (d: Decimal) => d.mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() + 0;
const max = new D(amountLimits.maxAmountCents).div(100);
const over = (d: Decimal) => d.abs().gt(max);

const referenceNet = (l: LineInput) => round2(new D(l.quantity).mul(l.unitPrice).minus(l.discount || '0'));

function referenceLine(l: LineInput) {
  const gross = new D(l.quantity).mul(l.unitPrice);
  const net = referenceNet(l);
  const vat = round2(net.mul(l.vatRate).div(100));
  const problem = over(gross) || over(net) || over(net.mul(new D(100).plus(l.vatRate)).div(100));
  return { amounts: { netCents: cents(net), vatCents: cents(vat), grossCents: cents(net.plus(vat)) }, problem };
}

function referenceVat(lines: LineInput[]) {
  const bases = new Map<string, Decimal>();
  for (const l of lines) {
    const key = new D(l.vatRate).toString();
    bases.set(key, (bases.get(key) ?? new D(0)).plus(referenceNet(l)));
  }
  return [...bases]
    .sort((a, b) => new D(b[0]).cmp(a[0]))
    .map(([rate, base]) => ({ rate, baseCents: cents(base), vatCents: cents(round2(base.mul(rate).div(100))) }));
}

function referenceTotalsProblem(lines: LineInput[], discount: string) {
  let net = new D(0);
  let gross = new D(0);
  for (const l of lines) {
    const n = referenceNet(l);
    if (over(n)) return true;
    net = net.plus(n);
    gross = gross.plus(n.plus(round2(n.mul(l.vatRate).div(100))));
  }
  return over(net) || over(gross) || over(new D(discount || '0'));
}

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function decimalText(next: () => number, integerDigits: number, decimals: number, negative = false): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  const units = digits(1 + Math.floor(next() * integerDigits)).replace(/^0+(?=\d)/, '');
  const d = Math.floor(next() * (decimals + 1));
  return `${negative && next() < 0.3 ? '-' : ''}${units}${d ? `.${digits(d)}` : ''}`;
}

function randomLine(next: () => number): LineInput {
  // Small values most of the time (where halves and rounding matter), up to the bounds otherwise.
  const wide = next() < 0.2;
  return {
    quantity: decimalText(next, wide ? 13 : 4, wide ? 6 : 3, true),
    unitPrice: decimalText(next, wide ? 13 : 5, wide ? 6 : 4),
    discount: next() < 0.5 ? decimalText(next, wide ? 13 : 3, 2) : '',
    vatRate: ['20', '10', '5.5', '5.50', '2.1', '0', '8.5', '13', '30', '19.6', '0.000001'][Math.floor(next() * 11)]!,
  };
}

test('a line’s amounts and bounds are those of the decimal arithmetic, on 20,000 random lines', () => {
  const next = random(13);
  for (let i = 0; i < 20_000; i++) {
    const line = randomLine(next);
    const expected = referenceLine(line);
    assert.equal(lineAmountProblem(line) !== null, expected.problem, JSON.stringify(line));
    if (!expected.problem) assert.deepEqual(lineAmounts(line), expected.amounts, JSON.stringify(line));
  }
});

test('an invoice’s VAT breakdown and totals are those of the decimal arithmetic, on 2,000 random invoices', () => {
  const next = random(2026);
  for (let i = 0; i < 2_000; i++) {
    const lines = Array.from({ length: 1 + Math.floor(next() * 6) }, () => randomLine(next)).filter(
      (l) => !referenceLine(l).problem,
    );
    const discount = decimalText(next, 3, 2);
    const t = invoiceTotals(lines, discount);
    const vat = referenceVat(lines);
    assert.deepEqual(t.vat, vat, JSON.stringify(lines));
    const net = lines.reduce((s, l) => s + referenceLine(l).amounts.netCents, 0);
    assert.equal(t.totalNetCents, net);
    assert.equal(
      t.totalVatCents,
      vat.reduce((s, v) => s + v.vatCents, 0),
    );
    assert.equal(t.globalDiscountCents, cents(round2(new D(discount))));
    assert.equal(
      totalsProblem(lines, discount) !== null,
      referenceTotalsProblem(lines, discount),
      JSON.stringify(lines),
    );
  }
});

test('halves are rounded away from zero, on either side of zero', () => {
  assert.equal(lineAmounts({ quantity: '1', unitPrice: '0.005', vatRate: '0' }).netCents, 1);
  assert.equal(lineAmounts({ quantity: '-1', unitPrice: '0.005', vatRate: '0' }).netCents, -1);
  assert.equal(lineAmounts({ quantity: '1', unitPrice: '0.00499999', vatRate: '0' }).netCents, 0);
  // 0.25 € of VAT at 5.5 % of 4.55 € = 0.25025 → 0.25; of -4.55 € → -0.25.
  assert.deepEqual(lineAmounts({ quantity: '-1', unitPrice: '4.55', vatRate: '5.5' }), {
    netCents: -455,
    vatCents: -25,
    grossCents: -480,
  });
});

test('the bounds: the largest amount is kept, one cent more is refused', () => {
  assert.equal(lineAmountProblem({ quantity: '1', unitPrice: '833333333333.32', vatRate: '20' }), null);
  assert.equal(lineAmountProblem({ quantity: '1', unitPrice: '833333333333.33', vatRate: '20' })?.field, 'quantity');
  assert.equal(lineAmountProblem({ quantity: '1', unitPrice: '999999999999.99', vatRate: '0' }), null);
  assert.notEqual(lineAmountProblem({ quantity: '1', unitPrice: '1000000000000', vatRate: '0' }), null);
  assert.match(
    totalsProblem([{ quantity: '1', unitPrice: '1', vatRate: '0' }], '1000000000000') ?? '',
    /ne peut pas dépasser 999 999 999 999,99/,
  );
});

test('rate keys are written as Decimal writes them, and other notations read as it reads them', () => {
  for (const rate of ['5.50', '05.5', '20', '20.000000', '0', '0.0', '-0', '+5.5', '.5', '5.', '1e1', '0.000001'])
    assert.equal(rateKey(rate), new D(rate).toString(), rate);
  assert.deepEqual(lineAmounts({ quantity: '1e1', unitPrice: '2.5', vatRate: '20' }), {
    netCents: 2500,
    vatCents: 500,
    grossCents: 3000,
  });
  assert.throws(() => lineAmounts({ quantity: 'abc', unitPrice: '1', vatRate: '20' }));
  assert.throws(() => lineAmounts({ quantity: 'Infinity', unitPrice: '1', vatRate: '20' }), RangeError);
});
