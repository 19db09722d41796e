import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bicProblem, ibanProblem } from './bank-details.ts';
import { checkStructureIdentifier, siretProblem } from './identifiers.ts';
import { grants, mainManagerProfiles, mayAccess, simpleUserProfiles } from './permissions.ts';

test('SIRET: 14 digits, Luhn key, La Poste exception, precise messages', () => {
  assert.equal(siretProblem('89934607600024'), null, 'LECOINTRE PARIS of the webinar');
  assert.equal(siretProblem('11000201100044'), null, 'the State');
  assert.equal(siretProblem('35600000049837'), null, 'La Poste: digit sum multiple of 5');
  assert.match(siretProblem('35600000049838') ?? '', /La Poste/);
  assert.match(siretProblem('89934607600025') ?? '', /clé de contrôle/);
  assert.match(siretProblem('8993460760002') ?? '', /14 chiffres \(13 saisis\)/);
  assert.match(siretProblem('8993460760002A') ?? '', /que des chiffres/);
  assert.deepEqual(checkStructureIdentifier('SIRET', ' 899 346 076 00024 '), { ok: true, value: '89934607600024' });
  assert.equal(checkStructureIdentifier('RIDET', '1234567001').ok, true);
  assert.equal(checkStructureIdentifier('RIDET', '12345').ok, false);
});

test('IBAN and BIC checks', () => {
  assert.equal(ibanProblem('FR76 3000 6000 0112 3456 7890 189'), null);
  assert.match(ibanProblem('FR76 3000 6000 0112 3456 7890 188') ?? '', /clé de contrôle/);
  assert.match(ibanProblem('FR76 3000 6000 0112') ?? '', /27 caractères/);
  assert.equal(bicProblem('BNPAFRPPXXX'), null);
  assert.equal(bicProblem('BNPAFRPP'), null);
  assert.match(bicProblem('BNP') ?? '', /8 ou 11 caractères/);
});

test('profiles: simple users have everything but Organisation modification; service memberships are scoped', () => {
  const manager = mainManagerProfiles('PRIVEE');
  const simple = simpleUserProfiles('PRIVEE');
  assert.ok(grants(manager, 'ORGANISATION', 'modification'));
  assert.ok(!grants(simple, 'ORGANISATION', 'modification'));
  assert.ok(grants(simple, 'ORGANISATION', 'consultation'));
  assert.ok(!manager.some((p) => p.application === 'FACTURES_RECUES'), 'Factures reçues only for public structures');
  assert.ok(mainManagerProfiles('PUBLIQUE').some((p) => p.application === 'FACTURES_RECUES'));
  const m = [{ structureId: 1, serviceId: 7, role: 'SIMPLE' as const, profiles: simple }];
  assert.ok(mayAccess(m, { structureId: 1, serviceId: 7 }, 'FACTURES_EMISES', 'modification'));
  assert.ok(!mayAccess(m, { structureId: 1, serviceId: 8 }, 'FACTURES_EMISES', 'consultation'));
  assert.ok(
    !mayAccess(m, { structureId: 1 }, 'FACTURES_EMISES', 'consultation'),
    'a service member does not see the whole structure',
  );
  assert.ok(!mayAccess(m, { structureId: 2, serviceId: 7 }, 'FACTURES_EMISES', 'consultation'));
});
