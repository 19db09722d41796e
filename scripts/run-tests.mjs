#!/usr/bin/env node
// `npm test`: every test of every workspace through node:test (via tsx), on SQLite and, when
// TEST_DATABASE_URL is set, on PostgreSQL too. End-to-end tests need the built portal: it is
// built first. Arguments narrow the run: `npm test -- e2e` or `npm test -- packages/domain`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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
  .sort();
if (files.length === 0) {
  console.error('Aucun fichier de test trouvé.');
  process.exit(1);
}

if (files.some((f) => f.startsWith('e2e/'))) {
  console.log('Construction du portail pour les tests de bout en bout…');
  const build = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
);
process.exit(result.status ?? 1);
