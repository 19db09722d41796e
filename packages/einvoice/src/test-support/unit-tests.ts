import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UNIT_TESTS_DIR } from './paths.ts';

export interface UnitTestCase {
  /** e.g. Invoice-unit-UBL/BR-CO-10.xml#3 */
  readonly name: string;
  readonly rule: string;
  readonly expected: 'success' | 'error' | 'warning';
  /** How many times the rule must fire, when the test says so (number="14"). */
  readonly count: number | null;
  readonly xml: string;
}

/**
 * The CEN unit tests: each <test> of a testSet holds an assertion (<success>, <error> or
 * <warning> naming one rule) and one UBL document, which is cut out of the file as written.
 */
export function loadUnitTests(): UnitTestCase[] {
  const cases: UnitTestCase[] = [];
  for (const folder of ['Invoice-unit-UBL', 'CreditNote-unit-UBL']) {
    for (const file of readdirSync(join(UNIT_TESTS_DIR, folder))
      .filter((f) => f.endsWith('.xml'))
      .sort()) {
      const text = readFileSync(join(UNIT_TESTS_DIR, folder, file), 'utf8');
      let k = 0;
      for (const m of text.matchAll(/<test>([\s\S]*?)<\/test>/g)) {
        k++;
        const body = m[1]!;
        const verdict = /<(success|error|warning)(?:\s+number="(\d+)")?>\s*([^<\s]+)\s*<\/\1>/.exec(body);
        const doc = /<((?:\w+:)?(?:Invoice|CreditNote))\b[\s\S]*<\/\1>/.exec(body);
        if (!verdict || !doc) continue;
        cases.push({
          name: `${folder}/${file}#${k}`,
          rule: verdict[3]!,
          expected: verdict[1] as UnitTestCase['expected'],
          count: verdict[2] ? Number(verdict[2]) : null,
          xml: `<?xml version="1.0" encoding="UTF-8"?>\n${doc[0]}`,
        });
      }
    }
  }
  return cases;
}
