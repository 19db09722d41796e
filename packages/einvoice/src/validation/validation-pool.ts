import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { unreadFile } from '../parse.ts';
import { DEFAULT_LIMITS, type InputLimits } from '../xml/limits.ts';
import { finding } from './finding.ts';
import type { ValidationReport } from './validate.ts';
// This thread validates only when threads cannot start: the rules are imported then (issue 13).
import { validateInvoice } from './validate-lazily.ts';

export interface ValidationPoolOptions {
  /** Threads at most (default: one per core but one, at least one). */
  size?: number;
  /** A thread left without a file this long (ms) exits; the next file starts one again. */
  idleMs?: number;
  /** Added to a file's time limit before its thread is stopped (ms). */
  marginMs?: number;
}

interface Job {
  id: number;
  bytes: Uint8Array;
  limits: InputLimits;
  resolve: (report: ValidationReport) => void;
}

function stopped(rule: string, fr: string, en: string, durationMs: number): ValidationReport {
  const findings = [finding('input', rule, 'fatal', '/', fr, en)];
  return { ...unreadFile({ fr, en }), findings, valid: false, ruleSet: null, durationMs };
}

class PoolWorker {
  private readonly worker: Worker;
  private ready = false;
  private everReady = false;
  private job: Job | null = null;
  private limitTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly pool: ValidationPool) {
    this.worker = new Worker(new URL('./validation-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    this.worker.unref();
    this.worker.on('message', (m: { ready?: true; id?: number; report?: ValidationReport }) => {
      if (m.ready) {
        this.ready = true;
        this.everReady = true;
        this.pool.dispatch();
        this.rest();
        return;
      }
      if (this.job && m.id === this.job.id) this.finish(m.report!);
    });
    this.worker.on('error', (e) =>
      this.fail('INTERNAL', `Erreur pendant la validation (${e.message}).`, `Error during validation (${e.message}).`),
    );
    this.worker.on('exit', () =>
      this.fail('INTERNAL', 'La validation du fichier a échoué : réessayez.', 'The validation failed: try again.'),
    );
  }

  get starting() {
    return !this.ready;
  }

  get idle() {
    return this.ready && !this.job;
  }

  run(job: Job) {
    this.clearTimers();
    this.job = job;
    const limitMs = job.limits.timeLimitMs + this.pool.marginMs;
    const s = (limitMs / 1000).toLocaleString('fr-FR');
    this.limitTimer = setTimeout(
      () =>
        this.fail(
          'TIME-LIMIT',
          `Validation interrompue après ${s} s : fichier refusé. Réduisez sa taille ou son nombre de lignes.`,
          `Validation stopped after ${limitMs / 1000} s: file refused. Reduce its size or number of lines.`,
          limitMs,
        ),
      limitMs,
    );
    this.worker.postMessage({ id: job.id, bytes: job.bytes, limits: job.limits });
  }

  /** Terminates the thread (the pool closes, or the thread was idle too long); a pending file gets a finding. */
  async stop(): Promise<void> {
    this.clearTimers();
    this.worker.removeAllListeners();
    const job = this.job;
    this.job = null;
    job?.resolve(
      stopped(
        'INTERNAL',
        'Validation interrompue : le serveur s’arrête. Déposez de nouveau.',
        'Validation stopped: the server is closing. Deposit again.',
        0,
      ),
    );
    await this.worker.terminate();
  }

  private finish(report: ValidationReport) {
    const job = this.job!;
    this.clearTimers();
    this.job = null;
    job.resolve(report);
    this.pool.dispatch();
    this.rest();
  }

  /** Left without a file, the thread exits after a while (its memory goes back to the system). */
  private rest() {
    if (!this.idle || this.idleTimer) return;
    this.idleTimer = setTimeout(() => this.pool.retire(this), this.pool.idleMs);
    this.idleTimer.unref();
  }

  private clearTimers() {
    if (this.limitTimer) clearTimeout(this.limitTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.limitTimer = this.idleTimer = null;
  }

  /** A thread that hangs, crashes or dies is replaced; its file gets a finding, the server goes on. */
  private fail(rule: string, fr: string, en: string, durationMs = 0) {
    this.clearTimers();
    const job = this.job;
    this.job = null;
    this.ready = false;
    this.worker.removeAllListeners();
    void this.worker.terminate();
    // A thread that never started (no thread support, loader missing) would fail forever.
    if (!this.everReady) this.pool.broken = true;
    this.pool.retire(this);
    job?.resolve(stopped(rule, fr, en, durationMs));
  }
}

/**
 * validateInvoice in worker threads: files are validated on the other cores while the main thread
 * goes on, and a file that hangs a parser is stopped by terminating its thread (a hard bound for a
 * server taking files from anyone). A thread starts only when a file waits and none is free, and
 * exits once idle for `idleMs`. The reports have no XML tree nor XML bytes.
 */
export class ValidationPool {
  private workers: PoolWorker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  readonly size: number;
  readonly idleMs: number;
  readonly marginMs: number;
  /** Threads cannot start here: validate in this thread (still bounded by the parser's limits). */
  broken = false;

  constructor({ size, idleMs = 30_000, marginMs = 2_000 }: ValidationPoolOptions = {}) {
    this.size = size ?? Math.max(1, availableParallelism() - 1);
    this.idleMs = idleMs;
    this.marginMs = marginMs;
  }

  /** Threads started and not yet exited. */
  get threads(): number {
    return this.workers.length;
  }

  validate(bytes: Uint8Array, limits: InputLimits = DEFAULT_LIMITS): Promise<ValidationReport> {
    if (this.broken) return validateInvoice(bytes, limits);
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes, limits, resolve });
      this.dispatch();
    });
  }

  /** Gives the waiting files to idle threads, and starts threads for the others (up to `size`). */
  dispatch() {
    if (this.broken) {
      for (const job of this.queue.splice(0)) void validateInvoice(job.bytes, job.limits).then(job.resolve);
      return;
    }
    for (const w of this.workers) {
      if (!this.queue.length) break;
      if (w.idle) w.run(this.queue.shift()!);
    }
    const starting = this.workers.filter((w) => w.starting).length;
    for (let n = starting; n < this.queue.length && this.workers.length < this.size; n++)
      this.workers.push(new PoolWorker(this));
  }

  /** A thread that left (idle, failed): the files waiting go to others or to a new one. */
  retire(worker: PoolWorker) {
    if (this.workers.includes(worker)) {
      this.workers = this.workers.filter((w) => w !== worker);
      void worker.stop();
    }
    this.dispatch();
  }

  /** Stops the threads (app close); the next validation starts new ones. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** The process's pool, shared by every caller. */
export const validationPool = new ValidationPool();
