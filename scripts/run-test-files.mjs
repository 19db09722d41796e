#!/usr/bin/env node
// Runs the test files given, in the order given, two at a time (each in its own process, as
// `node --test` does), and prints node:test's spec report and summary. Started by run-tests.mjs
// with `--import tsx`, which each file's process inherits.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const files = process.argv.slice(2);
const stream = run({ files, concurrency: Number(process.env.TEST_CONCURRENCY ?? 2) });
stream.on('test:fail', (data) => {
  if (!data.todo) process.exitCode = 1;
});
stream.compose(new spec()).pipe(process.stdout);
