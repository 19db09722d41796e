/**
 * What the benches that start the real server share: the databases they run on (a SQLite file,
 * and a fresh PostgreSQL schema when BENCH_DATABASE_URL or TEST_DATABASE_URL is set), the started
 * server (`apps/api/src/server.ts`), its CPU time and memory read from /proc, and the tables they
 * print.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { openDatabase, type ChoraleDb } from '@chorale/db';
import { SERVER_NODE_FLAGS } from '../src/cluster-size.ts';

const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const root = new URL('../../..', import.meta.url).pathname;

export interface Target {
  name: 'sqlite' | 'postgres';
  /** The URL the started server is given. */
  url: string;
  create(): Promise<void>;
  open(): ChoraleDb;
  drop(): Promise<void>;
}

/**
 * The databases a bench runs on. `keep`: a directory where the SQLite file lives and whose name
 * gives the PostgreSQL schema, both left in place by `drop()` so that a later run reuses them
 * (million.bench.ts, BENCH_KEEP).
 */
export function targets(name = 'throughput', keep?: string): Target[] {
  const dir = keep ? join(keep, 'sqlite') : join(tmpdir(), `chorale-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const list: Target[] = [
    {
      name: 'sqlite',
      url: `sqlite:${join(dir, 'chorale.sqlite')}`,
      // A kept database is created anew (what a previous run left unfinished goes).
      create: async () => {
        if (keep) rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
      },
      open() {
        return openDatabase(this.url);
      },
      drop: async () => {
        if (!keep) rmSync(dir, { recursive: true, force: true });
      },
    },
  ];
  if (PG_URL) {
    const schema = keep
      ? `bench_keep_${createHash('sha1').update(keep).digest('hex').slice(0, 8)}`
      : `bench_${randomBytes(4).toString('hex')}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(sql);
      await c.end();
    };
    const url = new URL(PG_URL);
    url.searchParams.set('schema', schema);
    list.push({
      name: 'postgres',
      url: url.toString(),
      // Created before use; the app migrates into it.
      create: () => admin(`drop schema if exists ${schema} cascade; create schema ${schema}`),
      open() {
        return openDatabase(this.url);
      },
      async drop() {
        if (!keep) await admin(`drop schema if exists ${schema} cascade`);
      },
    });
  }
  return list;
}

/** The server as `npm start` runs it: compiled (scripts/build-api.mjs), built once per bench run. */
let compiled: string | undefined;
function compiledServer(): string {
  if (!compiled) {
    const built = spawnSync(process.execPath, ['scripts/build-api.mjs'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('scripts/build-api.mjs failed');
    compiled = 'apps/api/dist/server.mjs';
  }
  return compiled;
}

/**
 * Starts the real server on `port`, compiled as `npm start` runs it (BENCH_SERVER=tsx: the
 * sources through tsx, ~40 MB more per process), and waits until it answers and, for a cluster
 * (WORKERS > 1: PostgreSQL's default from 4 cores on, or from 2 when PostgreSQL is elsewhere), until
 * every worker listens: a worker still starting would otherwise count its start-up in the CPU per
 * invoice.
 */
export async function startServer(
  target: Target,
  port: number,
  name = 'throughput',
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  // BENCH_SERVER_ARGS: extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const extra = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const entry = process.env.BENCH_SERVER === 'tsx' ? ['--import', 'tsx', 'apps/api/src/server.ts'] : [compiledServer()];
  // The node flags npm start gives the server (cluster-size.ts), then the bench's own.
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...extra, ...entry], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: target.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      // The server's default level (info: one access-log line per request), as `npm start` runs it.
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      DATA_DIR: join(tmpdir(), `chorale-${name}-data-${process.pid}`),
      DEMO_DATA: 'true',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let allListening = false;
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    // Its info lines (the access log) are read and dropped, as a log collector would take them;
    // warnings, errors and the rest are shown.
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    const shown = lines.filter((line) => line && !line.startsWith('{"level":30,'));
    if (shown.length) process.stdout.write(`${shown.join('\n')}\n`);
    // The primary's line once its N workers listen: « Chorale est prêt sur … (N processus) ».
    if (/prêt sur .*processus\)/.test(chunk.toString())) allListening = true;
  });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/session`);
      if (res.status < 500 && (allListening || processTree(child.pid!).length === 1)) return child;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGTERM');
  throw new Error('server did not start');
}

/** A process and its node children: the server and, in a cluster, its workers (a cluster's primary does next to nothing). */
function processTree(pid: number): number[] {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Server processes only: tsx's esbuild helper is a child too, and is not a worker.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return stat.includes(' (node) ') && stat.split(') ')[1]!.split(' ')[1] === String(pid);
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
  return [pid, ...children];
}

/**
 * CPU time (user + system) a server has used, all its processes added up, in ms (Linux): the
 * machine is shared, this is not.
 */
export function cpuMs(pid: number): number {
  return processTree(pid).reduce((total, p) => {
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return total + ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  }, 0);
}

/** Peak resident memory of a server, all its processes added up, in MB (Linux). */
export function peakRssMb(pid: number): number {
  return peakRssByProcessMb(pid).reduce((total, mb) => total + mb, 0);
}

/** Peak resident memory of each process of a server, in MB: the started process first (a cluster's primary). */
export function peakRssByProcessMb(pid: number): number[] {
  return processTree(pid).flatMap((p) => {
    let status: string;
    try {
      status = readFileSync(`/proc/${p}/status`, 'utf8');
    } catch {
      // A worker that ended between the listing and the read has no peak left to read; the
      // started process itself gone means the server stopped under the load.
      if (p === pid) throw new Error(`le serveur (pid ${pid}) s’est arrêté : mémoire illisible`);
      return [];
    }
    return [Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024];
  });
}

/**
 * What a server's processes cost the machine in memory, sampled until stopped (Linux): the
 * highest sum of their PSS (each shared page divided among the processes that map it, so the
 * `node` executable and libraries mapped by every process of a cluster count once). The sum of
 * their RSS counts those shared pages once per process. Returns the peak sum, in MB.
 */
export function samplePss(pid: number, everyMs = 250): () => number {
  let peak = 0;
  const sample = () => {
    let total = 0;
    for (const p of processTree(pid)) {
      try {
        total += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0) / 1024;
      } catch {
        // ended between the listing and the read
      }
    }
    peak = Math.max(peak, total);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}

/** Resident memory of one process now, in MB (Linux). */
export function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** The p-th percentile of sorted timings (the nearest rank below). */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** The benches' tables, Markdown, columns padded. */
export const table = (header: string[], rows: string[][]) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};
