// Issue 14 (CI): the generated rule tables must equal what their generator makes from vendor/,
// so an edit by hand or a vendored update without regeneration fails the tests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generatedRuleData } from './rule-data.ts';

const packageRoot = fileURLToPath(new URL('../', import.meta.url));

test('issue 14: the generated rule tables are up to date with tools/generate-rule-data.ts', async () => {
  const files = await generatedRuleData();
  assert.equal(files.size, 7);
  for (const [path, expected] of files) {
    const committed = readFileSync(packageRoot + path, 'utf8');
    assert.ok(
      committed === expected,
      `${path} differs from its generation: run node --import tsx tools/generate-rule-data.ts`,
    );
  }
});
