/**
 * Regenerates the generated/ folders of src/ from vendor/ (rule-data.ts says what and why).
 * Run: node --import tsx tools/generate-rule-data.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedRuleData, log } from './rule-data.ts';

const packageRoot = fileURLToPath(new URL('../', import.meta.url));
for (const [path, text] of await generatedRuleData()) {
  mkdirSync(dirname(packageRoot + path), { recursive: true });
  writeFileSync(packageRoot + path, text);
  console.log(`écrit ${path}`);
}
for (const line of log) console.log(line);
