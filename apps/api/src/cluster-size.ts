import { availableParallelism } from 'node:os';
import { isLoopbackHost } from './loopback.ts';

/**
 * Server processes by default: one on SQLite (one writer: more would only wait on its lock); on
 * PostgreSQL one per core, or one per two cores when PostgreSQL runs on this machine: its backends
 * then take as much CPU per invoice as the server (issue 13, docs/performance.md, 04/12/2026: on 2
 * cores, one process sent 850, 1,033 and 931 invoices/s where two sent 768, 730 and 719/s).
 */
export function defaultWorkers(databaseUrl: string, cores = availableParallelism()): number {
  if (databaseUrl.startsWith('sqlite:')) return 1;
  return postgresOnThisMachine(databaseUrl) ? Math.max(1, Math.floor(cores / 2)) : cores;
}

/**
 * Whether a PostgreSQL URL reaches a server on this machine: a loopback address, `localhost`, or
 * a Unix socket (a host that is a path, in the URL's host or its `host` parameter, or no host at all).
 */
export function postgresOnThisMachine(databaseUrl: string): boolean {
  let host: string;
  try {
    const url = new URL(databaseUrl);
    // The `host` parameter comes decoded; the URL's host keeps its escapes (%2F for a socket's path).
    host = url.searchParams.get('host') ?? decodeURIComponent(url.hostname);
  } catch {
    return false; // not a URL the configuration accepts: it says so itself
  }
  return host === '' || host.startsWith('/') || isLoopbackHost(host);
}

/**
 * How many server processes the environment asks for, read without the configuration's schema
 * (config.ts), so that a cluster's primary loads neither zod nor the schema (issue 13: ~13 MB of
 * its memory): WORKERS, or the default for DATABASE_URL (unset: SQLite). Null when WORKERS is not
 * a whole number from 1 to 256: the configuration then refuses it with its message.
 */
export function requestedWorkers(env: Record<string, string | undefined>): number | null {
  const workers = env.WORKERS;
  if (workers === undefined || workers === '') return defaultWorkers(env.DATABASE_URL || 'sqlite:');
  const n = Number(workers);
  return Number.isInteger(n) && n >= 1 && n <= 256 ? n : null;
}

/**
 * The young generation of each server process of a cluster, in MB per semi-space (V8's default
 * grows it to 16, i.e. 32 MB of new space, all of it touched under load). Issue 13: 8 takes
 * ~16 MB off each process's peak, measured in docs/performance.md.
 */
export const WORKER_SEMI_SPACE_MB = 8;

/**
 * The young generation of a server running alone (SQLite's default, one process), in MB per
 * semi-space: `npm start` gives it on node's command line, as SERVER_NODE_FLAGS (V8 sizes the heap
 * before any code runs, so the server cannot set it itself). Issue 13, docs/performance.md
 * (03/12/2026): fewer young collections, and fewer objects promoted that the old generation's
 * frequent full collections (HEAP_GROWING_PERCENT) then have to sweep: ~23 % less CPU per invoice
 * sent, ~17 % per portal flow, a shorter tail, for 35 to 40 MB of RSS (~225 MB under load, under the
 * 250 MB goal).
 */
export const SINGLE_SEMI_SPACE_MB = 32;

/** The node flags `npm start` runs the compiled server with (package.json, held by a test). */
export const SERVER_NODE_FLAGS = [`--max-semi-space-size=${SINGLE_SEMI_SPACE_MB}`];

const semiSpaceFlag = (arg: string) => /^--(max|min)[-_]semi[-_]space[-_]size/.test(arg);

/**
 * The node flags the primary starts its server processes with: its own, except a young
 * generation's size (on the command line, that of a server running alone: SERVER_NODE_FLAGS), plus
 * the cluster's (WORKER_SEMI_SPACE_MB) unless the operator gave one in NODE_OPTIONS, which every
 * process reads. Only a command-line flag sets it: V8 sizes the heap before any code runs.
 */
export function workerExecArgv(execArgv: string[], nodeOptions = ''): string[] {
  const own = execArgv.filter((arg) => !semiSpaceFlag(arg));
  return nodeOptions.split(/\s+/).some(semiSpaceFlag) ? own : [...own, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`];
}
