import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currencyLabels, currencyOptionLabel, unitCodeLabels, unitLabel } from './labels.ts';
import { currencies, unitCodes } from './references.ts';

test('each currency is shown « CODE - Nom », as the webinar shows « EUR - Euro européen »', () => {
  assert.equal(currencyOptionLabel('EUR'), 'EUR - Euro européen');
  assert.equal(currencyOptionLabel('USD'), 'USD - Dollar américain');
  for (const c of currencies) assert.match(currencyOptionLabel(c), new RegExp(`^${c} - \\S`));
  assert.deepEqual(Object.keys(currencyLabels), [...currencies]);
  assert.equal(currencyOptionLabel('XXX'), 'XXX', 'an unknown code stays as it is');
});

test('a known Rec 20 unit code is named in French, anything else stays as typed', () => {
  assert.equal(unitLabel('C62'), 'C62 - Unité');
  assert.equal(unitLabel('H87'), 'H87 - Pièce');
  assert.equal(unitLabel('DAY'), 'DAY - Jour');
  assert.deepEqual(Object.keys(unitCodeLabels), [...unitCodes]);
  assert.equal(unitLabel('XPP'), 'XPP', 'a code the portal does not name');
  assert.equal(unitLabel('pièce'), 'pièce', 'a word typed on « Saisir facture »');
  assert.equal(unitLabel(''), '');
});
