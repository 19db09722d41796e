#!/usr/bin/env node
// `npm test`: every test of every workspace through node:test (via tsx), on SQLite and, when
// TEST_DATABASE_URL is set, on PostgreSQL too. End-to-end tests need the built portal: it is
// built first. Arguments narrow the run: `npm test -- e2e` or `npm test -- packages/domain`.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const roots = ['packages', 'apps', 'e2e'];
const skip = new Set(['node_modules', 'dist', '.cache', 'vendor', 'test-data']);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = roots
  .flatMap((r) => walk(join(root, r), []))
  .filter((f) => filters.length === 0 || filters.some((x) => f.startsWith(x) || f.includes(x)))
  // In name order, as `node --test` (Node 20) runs them whatever order it is given (docs/performance.md, 04/12/2026).
  .sort();
if (files.length === 0) {
  console.error('Aucun fichier de test trouvé.');
  process.exit(1);
}

const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' };
let browser;
if (files.some((f) => f.startsWith('e2e/'))) {
  console.log('Construction du portail pour les tests de bout en bout…');
  const build = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // One Chromium for the whole run: each end-to-end file connects to it (e2e/harness.ts) instead of
  // starting its own, and gets its own contexts (cookies, storage) in it.
  const { chromium } = await import('playwright-core');
  const options = JSON.parse(readFileSync(join(root, 'e2e/chromium-options.json'), 'utf8'));
  browser = await chromium.launchServer({
    executablePath: process.env.CHROMIUM_PATH ?? options.executablePath,
    headless: true,
    args: options.args,
  });
  env.E2E_BROWSER_WS = browser.wsEndpoint();
}

// Asynchronous: the browser's server answers the test files' connections from this process.
// --test-force-exit: a file whose tests are over ends even if something it started was left open (a
// hook that failed before its `after` could close a server): the run reports the failure instead of
// waiting for CI's timeout (as on 04/12/2026: 5,400 s).
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-force-exit', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
const status = await new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
await browser?.close();
process.exit(status);
