import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CACHE_DIR, VENDOR_DIR } from './paths.ts';

/**
 * The official CEN / Factur-X XSLT artifacts run on SaxonJS: the oracle our rule engine is
 * compared with. SEF files are compiled once into the gitignored .cache/ folder.
 */
const require = createRequire(import.meta.url);
// saxon-js is CommonJS without types.
const SaxonJS = require('saxon-js') as {
  transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: string };
};

export const ORACLES = {
  ubl: 'en16931/ubl/EN16931-UBL-validation.xslt',
  cii: 'en16931/cii/EN16931-CII-validation.xslt',
  'facturx-minimum': 'facturx-1.09/minimum/Factur-X_1.09_MINIMUM.xsl',
  'facturx-basicwl': 'facturx-1.09/basicwl/Factur-X_1.09_BASICWL.xsl',
} as const;
export type OracleName = keyof typeof ORACLES;

const loaded = new Map<OracleName, unknown>();

/** Compiles the XSLT to SEF with xslt3 unless the cache already has it. */
export function ensureSef(name: OracleName): string {
  mkdirSync(CACHE_DIR, { recursive: true });
  const sef = join(CACHE_DIR, `${name}.sef.json`);
  if (existsSync(sef)) return sef;
  // Test files run in parallel processes: one compiles, the others wait for its result.
  const lock = `${sef}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(sef)) return sef;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > 180_000) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (!existsSync(sef)) compileSef(name, sef);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return sef;
}

function compileSef(name: OracleName, sef: string): void {
  const xslt3 = require.resolve('xslt3/xslt3.js');
  const partial = `${sef}.${process.pid}.partial`;
  const result = spawnSync(
    process.execPath,
    [xslt3, `-xsl:${join(VENDOR_DIR, ORACLES[name])}`, `-export:${partial}`, '-nogo', '-relocate:on'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`xslt3 failed for ${name}: ${result.stderr}`);
  renameSync(partial, sef);
  // The Factur-X XSLs read their code lists next to themselves at run time.
  if (name.startsWith('facturx')) {
    const folder = name === 'facturx-minimum' ? 'minimum' : 'basicwl';
    const codedb = name === 'facturx-minimum' ? 'FACTUR-X_MINIMUM_codedb.xml' : 'FACTUR-X_BASIC-WL_codedb.xml';
    copyFileSync(join(VENDOR_DIR, 'facturx-1.09', folder, codedb), join(CACHE_DIR, codedb));
  }
}

export interface OracleVerdict {
  readonly errors: string[];
  readonly warnings: string[];
  /** Failed asserts per rule id. */
  readonly counts: Record<string, number>;
}

/** Runs an official artifact on an XML text and returns the ids of its failed asserts by flag. */
export function runOracle(name: OracleName, xml: string): OracleVerdict {
  let stylesheet = loaded.get(name);
  if (!stylesheet) {
    stylesheet = JSON.parse(readFileSync(ensureSef(name), 'utf8'));
    loaded.set(name, stylesheet);
  }
  const out = SaxonJS.transform(
    {
      stylesheetInternal: stylesheet,
      stylesheetBaseURI: `file://${CACHE_DIR}`,
      sourceText: xml,
      destination: 'serialized',
    },
    'sync',
  );
  const svrl = out.principalResult;
  const errors = new Set<string>();
  const warnings = new Set<string>();
  const counts: Record<string, number> = {};
  for (const m of svrl.matchAll(/<svrl:failed-assert\b([^>]*)>/g)) {
    const attrs = m[1]!;
    const id = /\bid="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const flag = /\bflag="([^"]*)"/.exec(attrs)?.[1] ?? 'fatal';
    (flag === 'warning' || flag === 'information' ? warnings : errors).add(id);
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return { errors: [...errors].sort(), warnings: [...warnings].sort(), counts };
}
