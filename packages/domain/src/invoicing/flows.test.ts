import { test } from 'node:test';
import assert from 'node:assert/strict';
import { depositIdOfFlowNumber, finalFlowState, flowNumberOf, readableFlowSyntaxes, syntaxOfFormat } from './flows.ts';

test('numeroFluxDepot: Paris year of reception and ten digits, read back to its deposit', () => {
  assert.equal(flowNumberOf(42, '2026-06-01T10:00:00.000Z'), '20260000000042');
  // 31 December 23:30 UTC is already 1 January in Paris.
  assert.equal(flowNumberOf(7, '2026-12-31T23:30:00.000Z'), '20270000000007');
  assert.equal(depositIdOfFlowNumber('20260000000042'), 42);
  for (const wrong of ['42', '2026000000004x', '20260000000000', '20269999999999', ''])
    assert.equal(depositIdOfFlowNumber(wrong), null, wrong);
});

test('final flow state from its invoices; every detected syntax is one Chorale reads', () => {
  assert.equal(finalFlowState(3, 0), 'IN_INTEGRE');
  assert.equal(finalFlowState(18, 2), 'IN_INTEGRE_PARTIEL');
  assert.equal(finalFlowState(0, 2), 'IN_REJETE');
  assert.equal(finalFlowState(0, 0), 'IN_REJETE');
  for (const [format, syntax] of Object.entries(syntaxOfFormat))
    if (syntax) assert.equal(readableFlowSyntaxes[syntax], format);
});
