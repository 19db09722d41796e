import { availableParallelism } from 'node:os';

/** Server processes by default: one per core on PostgreSQL, one on SQLite (one writer: more would only wait on its lock). */
export function defaultWorkers(databaseUrl: string): number {
  return databaseUrl.startsWith('sqlite:') ? 1 : availableParallelism();
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
 * The node flags the primary starts its server processes with: its own, plus the young
 * generation's size unless the operator gave one (in the command line or NODE_OPTIONS). Only a
 * command-line flag sets it: V8 sizes the heap before any code runs.
 */
export function workerExecArgv(execArgv: string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) =>
    /^--(max|min)[-_]semi[-_]space[-_]size/.test(arg),
  );
  return given ? execArgv : [...execArgv, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`];
}
