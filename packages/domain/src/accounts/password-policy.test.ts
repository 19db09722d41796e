import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPassword, passwordProblem } from './password-policy.ts';

test('a password needs 12 characters and 3 of the 4 classes', () => {
  assert.deepEqual(checkPassword('Court1!').unmet, ['length']);
  assert.deepEqual(checkPassword('toutenminuscules').unmet, ['classes']);
  assert.deepEqual(checkPassword('abc').unmet, ['length', 'classes']);
  assert.deepEqual(checkPassword('Minuscules1234').unmet, []);
  assert.deepEqual(checkPassword('minuscules-1234').unmet, []);
  assert.deepEqual(checkPassword('Été-àl’école2').classesPresent, ['upper', 'lower', 'digit', 'special']);
});

test('the first unmet rule is told in French', () => {
  assert.match(passwordProblem('Ab1!') ?? '', /au moins 12 caractères \(4 saisis\)/);
  assert.match(passwordProblem('aaaaaaaaaaaaaaa') ?? '', /au moins 3 types/);
  assert.equal(passwordProblem('Correct-Horse-42'), null);
});
