import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyTicket, prefillFromQuery, toTicketForm, validateTicket, type TicketValues } from './ticket-form.ts';

const question: TicketValues = {
  ...emptyTicket(4, '01 23 45 67 89'),
  category: 'Factures émises',
  subcategory: 'M - Question pour le destinataire de ma facture',
  objectType: 'FACTURE',
  objectNumber: 'F2026-0001',
  title: 'Paiement',
  description: 'Je n’ai toujours pas été payé.',
};

describe('« Créer un ticket » form', () => {
  test('an invoice page link prefills the question for the recipient of that invoice', () => {
    const v = prefillFromQuery(emptyTicket(4, ''), new URLSearchParams('objet=FACTURE&numero=F2026-0001'));
    assert.equal(v.category, 'Factures émises');
    assert.equal(v.subcategory, 'M - Question pour le destinataire de ma facture');
    assert.equal(v.objectType, 'FACTURE');
    assert.equal(v.objectNumber, 'F2026-0001');
    assert.deepEqual(prefillFromQuery(emptyTicket(4, ''), new URLSearchParams('objet=AUTRE')), emptyTicket(4, ''));
  });

  test('a complete question about an invoice is valid; its recipient comes from the invoice, not a SIRET', () => {
    assert.deepEqual(validateTicket(question, true), {});
    const body = toTicketForm({ ...question, recipientIdentifier: '13001727000013' }, true);
    assert.equal(body.recipientIdentifier, '', 'filled by the API from the invoice');
    assert.equal(body.emitterStructureId, 4);
    assert.equal(body.emitterServiceId, null);
  });

  test('« Soumettre » needs title, description and object; « Enregistrer » keeps a draft without them', () => {
    const bare = { ...question, objectType: '' as const, objectNumber: '', title: '', description: '' };
    const errors = validateTicket(bare, true);
    assert.match(errors.title ?? '', /« Titre \/ Résumé » est obligatoire/);
    assert.match(errors.description ?? '', /« Description longue » est obligatoire/);
    assert.match(errors.objectType ?? '', /« Type d’objet » est obligatoire/);
    assert.match(errors.objectNumber ?? '', /« N° objet » est obligatoire/);
    const draft = validateTicket({ ...bare, objectType: 'FACTURE', objectNumber: 'F1' }, false);
    assert.deepEqual(draft, {});
  });

  test('an « M - » subcategory not about an invoice asks for the recipient organisation’s SIRET', () => {
    const memoir = {
      ...question,
      category: 'Mémoire de frais de justice',
      subcategory: 'M - Suivi du traitement d’un mémoire',
      objectType: '' as const,
      objectNumber: '',
    };
    assert.match(validateTicket(memoir, true).recipientIdentifier ?? '', /organisation destinataire/);
    assert.equal(
      toTicketForm({ ...memoir, recipientIdentifier: '130 017 270 00013' }, true).recipientIdentifier,
      '13001727000013',
    );
  });

  test('the organisation and the category are required even for a draft', () => {
    const errors = validateTicket({ ...emptyTicket(null, ''), title: 'x' }, false);
    assert.ok(errors.emitterStructureId, 'Identifiant de l’organisation');
    assert.ok(errors.category);
    assert.ok(errors.subcategory);
  });

  test('a wrong phone number is refused with the contracts’ message', () => {
    assert.match(validateTicket({ ...question, contactPhone: 'abc' }, true).contactPhone ?? '', /Le téléphone/);
  });
});
