import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCents, invoiceTotals, lineAmounts } from './amounts.ts';
import { allowedTransitions, canTransition, invoiceStatuses, invoiceTransitions, reasonRequired } from './lifecycle.ts';

test('the webinar invoice: 20 chairs at 320.00 HT, VAT 10 %', () => {
  const t = invoiceTotals([{ quantity: '20', unitPrice: '320.00', vatRate: '10' }]);
  assert.equal(t.totalNetCents, 640_000);
  assert.equal(t.totalVatCents, 64_000);
  assert.equal(t.totalGrossCents, 704_000);
  assert.equal(t.netPayableCents, 704_000);
  assert.equal(formatCents(t.totalNetCents), '6\u202f400,00');
});

test('line nets are rounded half up to the cent; VAT is computed per rate on the rate base', () => {
  assert.equal(lineAmounts({ quantity: '3', unitPrice: '0.335', vatRate: '20' }).netCents, 101); // 1.005 -> 1.01
  assert.equal(lineAmounts({ quantity: '1', unitPrice: '100', discount: '12.5', vatRate: '20' }).netCents, 8750);
  // Three lines of 0.33 at 20 %: per-line VAT would give 3 x 0.07 = 0.21; per rate: 0.99 x 20 % = 0.20.
  const t = invoiceTotals([0, 1, 2].map(() => ({ quantity: '1', unitPrice: '0.33', vatRate: '20' })));
  assert.deepEqual(t.vat, [{ rate: '20', baseCents: 99, vatCents: 20 }]);
  assert.equal(t.totalVatCents, 20);
});

test('several rates, exemption at 0 %, global discount on the total including VAT', () => {
  const t = invoiceTotals(
    [
      { quantity: '2', unitPrice: '50', vatRate: '20' },
      { quantity: '1', unitPrice: '10', vatRate: '5.5' },
      { quantity: '1', unitPrice: '10', vatRate: '5.50' },
      { quantity: '4', unitPrice: '2.5', vatRate: '0' },
    ],
    '1.20',
  );
  assert.deepEqual(t.vat, [
    { rate: '20', baseCents: 10_000, vatCents: 2_000 },
    { rate: '5.5', baseCents: 2_000, vatCents: 110 },
    { rate: '0', baseCents: 1_000, vatCents: 0 },
  ]);
  assert.equal(t.totalGrossCents, 13_000 + 2_110);
  assert.equal(t.totalAfterDiscountCents, 15_110 - 120);
  assert.equal(t.netPayableCents, 14_990);
});

test('the lifecycle table knows the 56 codes and only the simple path transitions', () => {
  assert.equal(invoiceStatuses.length, 56);
  assert.equal(new Set(invoiceStatuses).size, 56);
  assert.ok(canTransition('BROUILLON', 'DEPOSEE', 'supplier'));
  assert.ok(!canTransition('BROUILLON', 'DEPOSEE', 'recipient'));
  assert.ok(canTransition('DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'platform'));
  assert.ok(canTransition('MISE_A_DISPOSITION', 'SUSPENDUE', 'recipient'));
  assert.ok(canTransition('SUSPENDUE', 'COMPLETEE', 'supplier'));
  assert.ok(canTransition('COMPLETEE', 'SERVICE_FAIT', 'recipient'));
  assert.ok(canTransition('SERVICE_FAIT', 'MISE_EN_PAIEMENT', 'recipient'));
  assert.ok(!canTransition('MISE_EN_PAIEMENT', 'SERVICE_FAIT', 'recipient'), 'forward only');
  assert.ok(!canTransition('SERVICE_FAIT', 'SUSPENDUE', 'recipient'), 'returns only right after delivery');
  assert.ok(!canTransition('REJETEE', 'MISE_A_DISPOSITION', 'recipient'), 'a rejection is final');
  assert.deepEqual(allowedTransitions('MISE_EN_PAIEMENT', 'recipient'), []);
  assert.ok(['SUSPENDUE', 'REJETEE', 'A_RECYCLER'].every((s) => reasonRequired.has(s as never)));
  for (const t of invoiceTransitions) assert.ok(invoiceStatuses.includes(t.from) && invoiceStatuses.includes(t.to));
});
