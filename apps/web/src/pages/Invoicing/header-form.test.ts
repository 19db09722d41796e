import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invoiceTotals } from '@chorale/domain';
import { discountValue, emptyHeader, toHeader, validateHeader } from './header-form.ts';

describe('« Saisir facture » header as typed', () => {
  test('without a supplier structure the contracts’ message lands on « Désignation »', () => {
    const errors = validateHeader(emptyHeader(null));
    assert.equal(errors.supplierStructureId, 'Choisissez la structure émettrice (« Désignation »).');
  });

  test('issue 14: « Enregistrer » on an empty form says the recipient is missing (no empty draft)', () => {
    const errors = validateHeader(emptyHeader(1));
    assert.match(errors.recipientIdentifier ?? '', /Renseignez le destinataire/);
    assert.equal(validateHeader({ ...emptyHeader(1), recipientIsState: true }).recipientIdentifier, undefined);
  });

  test('a header typed with French decimals and spaces is accepted and converted for the API', () => {
    const values = {
      ...emptyHeader(7),
      recipientIdentifier: '130 017 270 00013',
      supplierServiceId: '12',
      bankAccountId: '',
      globalDiscount: '12,50',
      invoiceDate: '2026-11-28',
    };
    assert.deepEqual(validateHeader(values), {});
    const header = toHeader(values);
    assert.equal(header.supplierStructureId, 7);
    assert.equal(header.supplierServiceId, 12);
    assert.equal(header.bankAccountId, null);
    assert.equal(header.recipientIdentifier, '13001727000013');
  });

  test('« Le destinataire est-il l’État ? Oui » leaves the SIRET to the server (its single SIRET)', () => {
    const header = toHeader({ ...emptyHeader(1), recipientIsState: true, recipientIdentifier: '123' });
    assert.equal(header.recipientIsState, true);
    assert.equal(header.recipientIdentifier, '');
  });

  test('an invoice number with a space is refused next to « Numéro de facture »', () => {
    const errors = validateHeader({ ...emptyHeader(1), number: 'F 001' });
    assert.match(errors.number ?? '', /lettres, chiffres/);
  });

  test('the live « Net à payer » uses the typed global discount, or none while it is not a number', () => {
    const lines = [{ quantity: '20', unitPrice: '320', discount: '0', vatRate: '10' }];
    assert.equal(invoiceTotals(lines, discountValue('40,00')).netPayableCents, 700_000);
    assert.equal(invoiceTotals(lines, discountValue('quarante')).netPayableCents, 704_000);
    assert.equal(discountValue(' 1 000,5 '), '1000.5');
  });
});
