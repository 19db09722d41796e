import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInvoice } from '../parse.ts';
import { runOracle } from '../test-support/oracle.ts';
import { sampleBytes } from '../test-support/samples.ts';
import { FACTURX_ASSERT_LABELS } from './generated/profile-rules.ts';
import { checkFacturxProfile } from './profile-rules.ts';

const PROFILE_SAMPLES = [
  'cii/akretion_factur-x-minimum_FR.xml',
  'facturx/fnfe_Facture_FR_MINIMUM.pdf',
  'facturx/fnfe_Facture_FR_BASICWL.pdf',
];
const PROFILES = [
  ['MINIMUM', 'facturx-minimum'],
  ['BASIC WL', 'facturx-basicwl'],
] as const;

describe('Factur-X profile rules agree with the official Factur-X 1.09 XSL', () => {
  it('MINIMUM and BASIC WL samples, each judged under both profiles', async () => {
    const disagreements: string[] = [];
    let compared = 0;
    for (const name of PROFILE_SAMPLES) {
      const { invoice, root, xmlBytes } = await parseInvoice(sampleBytes(name));
      assert.ok(invoice && root && xmlBytes, name);
      for (const [profile, oracle] of PROFILES) {
        compared++;
        const official = runOracle(oracle, new TextDecoder().decode(xmlBytes));
        const officialRules = [
          ...new Set(official.errors.map((id) => FACTURX_ASSERT_LABELS[id] ?? '?').filter((l) => l !== '')),
        ].sort();
        const officialStructural = official.errors.some((id) => FACTURX_ASSERT_LABELS[id] === '');
        const ours = checkFacturxProfile(invoice, root, profile).filter((f) => f.severity === 'fatal');
        const ourRules = [...new Set(ours.map((f) => f.rule).filter((r) => /^(BR|CII)-/.test(r)))].sort();
        const ourStructural = ours.some((f) => !/^(BR|CII)-/.test(f.rule));
        const same = JSON.stringify(ourRules) === JSON.stringify(officialRules) && ourStructural === officialStructural;
        if (!same)
          disagreements.push(
            `${name} as ${profile}: ours ${JSON.stringify(ourRules)} structural=${ourStructural}, official ${JSON.stringify(officialRules)} structural=${officialStructural}`,
          );
      }
    }
    console.log(`Factur-X profiles: agreement with the official XSL ${compared - disagreements.length}/${compared}`);
    for (const d of disagreements) console.log(`  disagreement ${d}`);
    assert.deepEqual(disagreements, []);
  });
});
