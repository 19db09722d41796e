#!/usr/bin/env node
// `npm run fuzz`: the property-based fuzz tests with many more inputs than CI runs
// (FUZZ_RUNS, default 2000 per property; FUZZ_SEED replays a run; TEST_DATABASE_URL adds PostgreSQL).
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const files = ['packages/einvoice/src/xml/fuzz.test.ts', 'apps/api/src/platform/request-fuzz.test.ts'];
const seed = process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31);
console.log(`Graine FUZZ_SEED=${seed} (à réutiliser pour rejouer un échec)`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { LOG_LEVEL: 'silent', ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '2000', FUZZ_SEED: seed },
});
process.exit(result.status ?? 1);
