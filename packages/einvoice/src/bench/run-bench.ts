/**
 * npm run bench: files per second for detect + parse + validate over the samples, then the
 * official CEN XSLT (SaxonJS, SEF compiled beforehand) over the same files, the ratio, whether
 * the verdicts agree, and the peak memory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInvoice } from '../parse.ts';
import { SAMPLES_DIR } from '../test-support/paths.ts';
import { ensureSef, runOracle, type OracleName } from '../test-support/oracle.ts';
import { checkEn16931 } from '../validation/en16931.ts';
import { validateInvoice } from '../validation/validate.ts';

const files = readdirSync(SAMPLES_DIR, { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile() && /\.(xml|pdf)$/.test(d.name))
  .map((d) => join(d.parentPath, d.name))
  .sort();
const inputs = files.map((f) => ({ name: f.slice(SAMPLES_DIR.length), bytes: new Uint8Array(readFileSync(f)) }));
const seconds = Number(process.env['BENCH_SECONDS'] ?? 3);
const mb = (kb: number) => (kb / 1024).toFixed(0);

interface Measure {
  files: number;
  wall: number;
  cpu: number;
}

/** Runs rounds until `seconds` of wall time, measuring wall and CPU time (machines are shared). */
async function measure(count: number, once: () => Promise<void> | void, into: Measure): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < (seconds * 1000) / 3) {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    await once();
    const used = process.cpuUsage(cpu);
    into.wall += (performance.now() - wall) / 1000;
    into.cpu += (used.user + used.system) / 1e6;
    into.files += count;
  }
}

const runOurs = async () => {
  for (const input of inputs) await validateInvoice(input.bytes);
};
await runOurs(); // warm-up: schemas loaded, rules compiled, JIT
const ours: Measure = { files: 0, wall: 0, cpu: 0 };
const oursPeak = process.resourceUsage().maxRSS;

// The oracle gets the XML already extracted from the PDFs (its own PDF handling is not timed).
const xmlInputs: { name: string; oracle: OracleName; xml: string }[] = [];
const verdicts: { name: string; ours: string; official?: string }[] = [];
for (const input of inputs) {
  const parsed = await parseInvoice(input.bytes);
  if (!parsed.invoice || !parsed.root || !parsed.xmlBytes) continue;
  const oracle: OracleName = parsed.invoice.syntax === 'CII' ? 'cii' : 'ubl';
  const xml = new TextDecoder()
    .decode(parsed.xmlBytes)
    .replace(/^\uFEFF/, '')
    .replace(/encoding="[^"]*"/, 'encoding="UTF-8"');
  xmlInputs.push({ name: input.name, oracle, xml });
  const findings = checkEn16931(parsed.invoice, parsed.root);
  verdicts.push({
    name: input.name,
    ours: JSON.stringify([...new Set(findings.map((f) => `${f.severity}:${f.rule}`))].sort()),
  });
}
ensureSef('ubl');
ensureSef('cii');
const runOfficial = () => {
  for (const x of xmlInputs) runOracle(x.oracle, x.xml);
};
runOfficial();
const official: Measure = { files: 0, wall: 0, cpu: 0 };
// Interleaved thirds, so that both sides see the same load on a shared machine.
for (let third = 0; third < 3; third++) {
  await measure(inputs.length, runOurs, ours);
  await measure(xmlInputs.length, runOfficial, official);
}
xmlInputs.forEach((x, i) => {
  const v = runOracle(x.oracle, x.xml);
  verdicts[i]!.official = JSON.stringify(
    [...v.errors.map((e) => `fatal:${e}`), ...v.warnings.map((w) => `warning:${w}`)].sort(),
  );
});
const same = verdicts.filter((v) => v.ours === v.official).length;
const rate = (m: Measure, by: 'wall' | 'cpu') => m.files / m[by];
const allPeak = process.resourceUsage().maxRSS;

console.log('');
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| files | ${inputs.length} samples (${xmlInputs.length} carry invoice XML) |`);
console.log(
  `| chorale: detect + parse + XSD + EN 16931 or Factur-X rules | ${rate(ours, 'cpu').toFixed(0)} files per CPU-second (${rate(ours, 'wall').toFixed(0)} files/s wall) |`,
);
console.log(
  `| official CEN XSLT 1.3.16 on SaxonJS 2.7 (schematron only, XML given, SEF precompiled) | ${rate(official, 'cpu').toFixed(1)} files per CPU-second (${rate(official, 'wall').toFixed(1)} files/s wall) |`,
);
console.log(
  `| ratio | ${(rate(ours, 'cpu') / rate(official, 'cpu')).toFixed(1)}x CPU (${(rate(ours, 'wall') / rate(official, 'wall')).toFixed(1)}x wall) |`,
);
console.log(`| same EN 16931 verdict (rule ids and flags) | ${same}/${verdicts.length} |`);
console.log(`| peak RSS, chorale alone | ${mb(oursPeak)} MiB |`);
console.log(`| peak RSS, with SaxonJS and both SEF loaded | ${mb(allPeak)} MiB |`);
for (const v of verdicts)
  if (v.ours !== v.official) console.log(`verdict differs: ${v.name}: ours ${v.ours}, official ${v.official}`);
