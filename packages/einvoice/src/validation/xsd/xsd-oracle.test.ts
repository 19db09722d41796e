// Issue 14 (CI): our XSD validator is checked against libxml2 (a complete XSD 1.0 implementation,
// compiled to WebAssembly by the libxml2-wasm package) used as a test oracle: the same verdict on
// every sample, every CEN unit test and seeded structural mutations of the samples.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import { inspect } from '../../detect.ts';
import { SAMPLES_DIR, VENDOR_DIR } from '../../test-support/paths.ts';
import { sampleBytes } from '../../test-support/samples.ts';
import { loadUnitTests } from '../../test-support/unit-tests.ts';
import { parseXmlSafely } from '../../xml/safe-parse.ts';
import { checkXsd } from './check-xsd.ts';

xmlRegisterFsInputProviders();
const XSD_DIR = join(VENDOR_DIR, 'en16931/xsd/');
const ENTRIES: Record<string, string> = {
  Invoice: `${XSD_DIR}ubl-2.1/maindoc/UBL-Invoice-2.1.xsd`,
  CreditNote: `${XSD_DIR}ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd`,
  CrossIndustryInvoice: `${XSD_DIR}cii-d16b/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd`,
};
const validators = new Map<string, XsdValidator>();
function libxml2Validator(root: string): XsdValidator {
  let v = validators.get(root);
  if (!v) {
    const path = ENTRIES[root]!;
    v = XsdValidator.fromDoc(XmlDocument.fromBuffer(readFileSync(path), { url: path }));
    validators.set(root, v);
  }
  return v;
}

interface Verdicts {
  ours: boolean;
  oracle: boolean;
  oracleMessage: string;
  ourMessage: string;
}

/** Both verdicts on one XML document; null when the document is not UBL/CII or not well-formed. */
function verdicts(xml: string): Verdicts | null {
  const parsed = parseXmlSafely(xml);
  if (!parsed.ok || !ENTRIES[parsed.root.local]) return null;
  const ours = checkXsd(parsed.root);
  using doc = XmlDocument.fromString(xml);
  let oracle = true;
  let oracleMessage = '';
  try {
    libxml2Validator(parsed.root.local).validate(doc);
  } catch (e) {
    oracle = false;
    oracleMessage = (e as Error).message.split('\n')[0] ?? '';
  }
  return { ours: ours.length === 0, oracle, oracleMessage, ourMessage: ours[0]?.message.fr ?? '' };
}

function sampleXmlDocuments(): Promise<{ name: string; xml: string }[]> {
  const names: string[] = [];
  for (const folder of readdirSync(SAMPLES_DIR)) {
    if (!statSync(join(SAMPLES_DIR, folder)).isDirectory()) continue;
    for (const f of readdirSync(join(SAMPLES_DIR, folder))) names.push(`${folder}/${f}`);
  }
  return Promise.all(
    names.sort().map(async (name) => {
      const found = await inspect(sampleBytes(name));
      return { name, xml: found.xmlBytes ? new TextDecoder().decode(found.xmlBytes) : '' };
    }),
  ).then((all) => all.filter((d) => d.xml !== ''));
}

/** A small deterministic generator, so a failure names a mutation that can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const LEAF = /<((?:[\w-]+:)?[\w-]+)((?:\s[^<>]*?)?)>([^<]*)<\/\1>/g;
const BAD_VALUES = ['', 'x', '12,5', '2024-13-45', '-', 'NaN', '1e3', ' 7 ', 'true'];

/** Well-formed structural and value mutations of one document: delete, duplicate, swap, retype. */
function mutations(xml: string, seed: number, count: number): { label: string; xml: string }[] {
  const leaves = [...xml.matchAll(LEAF)];
  const random = seeded(seed);
  const out: { label: string; xml: string }[] = [];
  for (let k = 0; k < count && leaves.length > 1; k++) {
    const i = Math.floor(random() * leaves.length);
    const leaf = leaves[i]!;
    const start = leaf.index;
    const end = start + leaf[0].length;
    const kind = k % 4;
    if (kind === 0) out.push({ label: `supprime ${leaf[1]} #${i}`, xml: xml.slice(0, start) + xml.slice(end) });
    else if (kind === 1)
      out.push({ label: `double ${leaf[1]} #${i}`, xml: xml.slice(0, end) + leaf[0] + xml.slice(end) });
    else if (kind === 2) {
      const value = BAD_VALUES[Math.floor(random() * BAD_VALUES.length)]!;
      const replaced = `<${leaf[1]}${leaf[2]}>${value}</${leaf[1]}>`;
      out.push({
        label: `valeur « ${value} » dans ${leaf[1]} #${i}`,
        xml: xml.slice(0, start) + replaced + xml.slice(end),
      });
    } else {
      const next = leaves[i + 1];
      if (!next || next.index !== end + (xml.slice(end, next.index).match(/^\s*/)?.[0].length ?? 0)) continue;
      const gap = xml.slice(end, next.index);
      const swapped = next[0] + gap + leaf[0];
      out.push({
        label: `échange ${leaf[1]} et ${next[1]} #${i}`,
        xml: xml.slice(0, start) + swapped + xml.slice(next.index + next[0].length),
      });
    }
  }
  return out;
}

function disagreementsOf(cases: { name: string; xml: string }[]): { checked: number; invalid: number; diff: string[] } {
  const diff: string[] = [];
  let checked = 0;
  let invalid = 0;
  for (const c of cases) {
    const v = verdicts(c.xml);
    if (!v) continue;
    checked++;
    if (!v.oracle) invalid++;
    if (v.ours !== v.oracle)
      diff.push(
        `${c.name}: Chorale ${v.ours ? 'valide' : `invalide (${v.ourMessage})`}, libxml2 ${v.oracle ? 'valide' : `invalide (${v.oracleMessage})`}`,
      );
  }
  return { checked, invalid, diff };
}

test('issue 14: XSD verdicts equal libxml2 on every sample', async () => {
  const docs = await sampleXmlDocuments();
  const { checked, diff } = disagreementsOf(docs);
  assert.ok(checked >= 20, `only ${checked} samples checked`);
  assert.deepEqual(diff, []);
});

test('issue 14: XSD verdicts equal libxml2 on every CEN unit test', () => {
  const { checked, diff } = disagreementsOf(loadUnitTests());
  assert.ok(checked >= 900, `only ${checked} unit tests checked`);
  assert.deepEqual(diff, []);
});

test('issue 14: XSD verdicts equal libxml2 on seeded mutations of the samples', async () => {
  const docs = await sampleXmlDocuments();
  const cases = docs.flatMap((d, n) =>
    mutations(d.xml, 1000 + n, 24).map((m) => ({ name: `${d.name} (${m.label})`, xml: m.xml })),
  );
  const { checked, invalid, diff } = disagreementsOf(cases);
  assert.ok(checked >= 400, `only ${checked} mutations checked`);
  // Most mutations must break the schema, or the comparison would only ever see valid documents.
  assert.ok(invalid >= checked / 3, `only ${invalid} of ${checked} mutations are invalid`);
  assert.deepEqual(diff, []);
});
