// The cluster's primary reads the number of server processes without the configuration's schema
// (issue 13): it must agree with config.ts for every value config.ts accepts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import {
  defaultWorkers,
  postgresOnThisMachine,
  requestedWorkers,
  SERVER_NODE_FLAGS,
  WORKER_SEMI_SPACE_MB,
  workerExecArgv,
} from './cluster-size.ts';
import { loadConfig } from './config.ts';

test('the primary counts the same server processes as the configuration', () => {
  for (const env of [
    {},
    { DATABASE_URL: 'sqlite:/tmp/x.sqlite' },
    { DATABASE_URL: 'postgres://u@h/db' },
    { DATABASE_URL: '' },
    { WORKERS: '', DATABASE_URL: 'postgres://u@h/db' },
    { WORKERS: '3' },
    { WORKERS: '1', DATABASE_URL: 'postgres://u@h/db' },
    { WORKERS: ' 2 ', DATABASE_URL: 'postgres://u@h/db' },
    { WORKERS: '256' },
  ] as Record<string, string>[])
    assert.equal(requestedWorkers(env), loadConfig(env).workers, JSON.stringify(env));
  assert.equal(requestedWorkers({ DATABASE_URL: 'postgres://u@h/db' }), availableParallelism());
  assert.equal(
    requestedWorkers({ DATABASE_URL: 'postgres://u@127.0.0.1/db' }),
    Math.max(1, Math.floor(availableParallelism() / 2)),
  );
});

test('on PostgreSQL, one process per core, or per two cores when PostgreSQL runs on this machine', () => {
  for (const url of [
    'postgres://u@127.0.0.1:5432/db',
    'postgresql://u@localhost/db',
    'postgres://u@[::1]:5432/db',
    'postgres:///db',
    'postgres:///db?host=/var/run/postgresql',
    'postgres://%2Fvar%2Frun%2Fpostgresql/db',
  ])
    assert.ok(postgresOnThisMachine(url), url);
  for (const url of [
    'postgres://u@db.internal:5432/db',
    'postgres://u@10.0.0.5/db',
    'postgres://u@h/db?host=db2',
    'postgres://u@h%zz/db',
    'pas une adresse',
  ])
    assert.ok(!postgresOnThisMachine(url), url);
  assert.equal(defaultWorkers('postgres://u@db.internal/db', 8), 8);
  assert.equal(defaultWorkers('postgres://u@127.0.0.1/db', 8), 4);
  assert.equal(defaultWorkers('postgres://u@127.0.0.1/db', 2), 1);
  assert.equal(defaultWorkers('postgres://u@localhost/db', 1), 1);
  assert.equal(defaultWorkers('sqlite:/tmp/x.sqlite', 8), 1);
});

test('a WORKERS the configuration refuses is left to it (null)', () => {
  for (const workers of ['0', '257', '1.5', 'deux', '-1']) {
    assert.equal(requestedWorkers({ WORKERS: workers }), null, workers);
    assert.throws(() => loadConfig({ WORKERS: workers }), /WORKERS/);
  }
});

test('the server processes get a smaller young generation, unless the operator sized it', () => {
  const flag = `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`;
  assert.deepEqual(workerExecArgv([]), [flag]);
  assert.deepEqual(workerExecArgv(['--enable-source-maps'], '--max-old-space-size=512'), [
    '--enable-source-maps',
    flag,
  ]);
  // The command line's size is that of a server running alone (npm start's): not the cluster's.
  assert.deepEqual(workerExecArgv([...SERVER_NODE_FLAGS, '--enable-source-maps']), ['--enable-source-maps', flag]);
  // NODE_OPTIONS, which every process reads, is the operator's way to size the cluster's.
  assert.deepEqual(workerExecArgv(['--inspect', ...SERVER_NODE_FLAGS], '--max_semi_space_size=2'), ['--inspect']);
  assert.deepEqual(workerExecArgv([], '--min-semi-space-size=4'), []);
});

test('npm start runs the compiled server with the flags of a server running alone', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  assert.ok(
    pkg.scripts.start!.includes(`node ${SERVER_NODE_FLAGS.join(' ')} apps/api/dist/server.mjs`),
    pkg.scripts.start,
  );
});

test('the heap grows 20 % past its live size before a full collection on SQLite, 50 % on PostgreSQL, or as set', () => {
  assert.equal(loadConfig({}).heapGrowingPercent, 20);
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://db.example/chorale' }).heapGrowingPercent, 50);
  assert.equal(
    loadConfig({ DATABASE_URL: 'postgres://db.example/chorale', HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent,
    0,
  );
  assert.equal(loadConfig({ HEAP_GROWING_PERCENT: '35' }).heapGrowingPercent, 35);
});
