import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typedGrossCents, typedTotalsCents, typedTotalsProblems, usualRateOf } from './typed-totals.ts';

const webinar = { totalNet: '7850,00', totalVat: '0,00', netPayable: '7850,00', vatDetail: [] };

test('« Montants totaux » of the webinar (4/6): 7 850,00 HT, 0,00 TVA, TTC computed', () => {
  assert.deepEqual(typedTotalsProblems(webinar), {});
  assert.equal(typedGrossCents('7850,00', '0,00'), 785000);
  assert.deepEqual(typedTotalsCents(webinar), {
    totalNetCents: 785000,
    totalVatCents: 0,
    totalGrossCents: 785000,
    netPayableCents: 785000,
  });
});

test('required and well-formed amounts, each on its field', () => {
  const p = typedTotalsProblems({ totalNet: '', totalVat: '12,345', netPayable: '0', vatDetail: [] });
  assert.match(p.totalNet!, /« Montant HT » est obligatoire/);
  assert.match(p.totalVat!, /au plus 13 chiffres avant la virgule et 2 après/);
  assert.match(p.netPayable!, /supérieur à zéro/);
  assert.match(
    typedTotalsProblems({ totalNet: '100', totalVat: '20', netPayable: '120,01', vatDetail: [] }).netPayable!,
    /ne peut pas dépasser le montant TTC/,
  );
  // A prepaid part: the net to pay may be lower than the TTC.
  assert.deepEqual(typedTotalsProblems({ totalNet: '100', totalVat: '20', netPayable: '60', vatDetail: [] }), {});
});

test('« Saisir le détail de la TVA »: rates once, base × rate, sums equal to the totals', () => {
  const two = [
    { rate: '20', base: '1000,00', amount: '200,00' },
    { rate: '5,5', base: '333,33', amount: '18,33' },
  ];
  assert.deepEqual(
    typedTotalsProblems({ totalNet: '1333,33', totalVat: '218,33', netPayable: '1551,66', vatDetail: two }),
    {},
  );
  const base = { totalNet: '1333,33', totalVat: '218,33', netPayable: '1551,66' };
  assert.match(
    typedTotalsProblems({ ...base, vatDetail: [two[0]!, { ...two[1]!, amount: '18,40' }] }).vatDetail!,
    /Ligne 2 .* ne correspond pas à la base HT × le taux/,
  );
  assert.match(
    typedTotalsProblems({ ...base, vatDetail: [two[0]!, { rate: '20', base: '333,33', amount: '66,67' }] }).vatDetail!,
    /Chaque taux de TVA ne figure qu’une fois/,
  );
  assert.match(
    typedTotalsProblems({ ...base, totalNet: '1333,34', vatDetail: two }).vatDetail!,
    /somme des bases HT .* égale au montant HT/,
  );
  assert.match(
    typedTotalsProblems({ ...base, vatDetail: [{ rate: '45', base: '1', amount: '0' }] }).vatDetail!,
    /Ligne 1 .* taux entre 0 et 30 %/,
  );
});

test('the usual rate deduced from what a PDF says', () => {
  assert.equal(usualRateOf('1000', '200'), '20');
  assert.equal(usualRateOf('1000', '55'), '5.5');
  assert.equal(usualRateOf('1000', '123'), null);
  assert.equal(usualRateOf('0', '0'), null);
});
