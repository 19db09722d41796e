import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unplacedMessages } from './form-errors.ts';

describe('server messages listed under a draft page’s alert', () => {
  const fields = {
    recipientIdentifier: 'Destinataire inconnu.',
    totalNet: 'Le total HT ne correspond pas.',
    lines: 'Ajoutez au moins une ligne.',
    supplierStructureId: 'Structure suspendue.',
  };

  test('a message with a field on the page stays by its field; the others are listed', () => {
    const header = new Set(['recipientIdentifier', 'supplierStructureId']);
    assert.deepEqual(
      unplacedMessages(fields, (k) => header.has(k)),
      ['Le total HT ne correspond pas.', 'Ajoutez au moins une ligne.'],
    );
  });

  test('a second form (the typed totals) places its own fields too', () => {
    const placed = new Set(['recipientIdentifier', 'supplierStructureId', 'totalNet']);
    assert.deepEqual(
      unplacedMessages(fields, (k) => placed.has(k)),
      ['Ajoutez au moins une ligne.'],
    );
  });

  test('the lines’ message is listed even where the page shows it by the lines', () => {
    assert.deepEqual(
      unplacedMessages(fields, () => true),
      ['Ajoutez au moins une ligne.'],
    );
    assert.deepEqual(
      unplacedMessages({}, () => false),
      [],
    );
  });
});
