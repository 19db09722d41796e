import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCents, formatDecimal } from './amounts.ts';
import { formatIban } from '../organisation/bank-details.ts';
import { frenchVatNumber } from '../organisation/identifiers.ts';

test('issue 14: a unit price prints like a total (« 1 234,50 », not « 1234.5 »)', () => {
  assert.equal(formatDecimal('1234.5'), formatCents(123_450));
  assert.equal(formatDecimal('320'), '320,00');
  assert.equal(formatDecimal('0.335'), '0,335', 'a unit price keeps its extra decimals');
  assert.equal(formatDecimal('20', 0), '20', 'a quantity has no forced decimals');
  assert.equal(formatDecimal('-12.5'), '-12,50');
});

test('issue 14: an IBAN is printed in groups of four', () => {
  assert.equal(formatIban('FR7630006000011234567890189'), 'FR76 3000 6000 0112 3456 7890 189');
  assert.equal(formatIban('fr76 3000 6000 0112 3456 7890 189'), 'FR76 3000 6000 0112 3456 7890 189');
});

test('issue 14: the intra-community VAT number is derived from the SIREN', () => {
  // INSEE's published example: SIREN 404 833 048 → FR83 404833048.
  assert.equal(frenchVatNumber('404833048'), 'FR83404833048');
  assert.equal(frenchVatNumber('40483304800010'), 'FR83404833048');
  assert.equal(frenchVatNumber('ABC'), null);
});
