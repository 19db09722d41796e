import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { webhookFormSchema } from '@chorale/contracts';
import { schemaRule, unplacedMessages } from './form-errors.ts';

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

describe('a field checked by the shared contract’s schema', () => {
  const schema = {
    safeParse: (value: unknown) =>
      typeof value === 'string' && value.trim() !== ''
        ? { success: true }
        : { success: false, error: { issues: [{ message: 'Saisissez un nom.' }, { message: 'second' }] } },
  };
  test('gives the schema’s first message, or null for a valid value', () => {
    assert.equal(schemaRule(schema)(''), 'Saisissez un nom.');
    assert.equal(schemaRule(schema)('Compta'), null);
  });
  test('works with the contracts’ schemas (the webhook address)', () => {
    const url = schemaRule(webhookFormSchema.shape.url);
    assert.match(url('   ') ?? '', /Adresse de notification/);
    assert.equal(url('https://example.org/hook'), null);
  });
});
