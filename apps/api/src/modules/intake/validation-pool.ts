import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_LIMITS, validateInvoice, type Finding, type ValidationReport } from '@chorale/einvoice';

/** Time a file may take once a worker has it, past which the worker is stopped and replaced. */
const LIMIT_MS = DEFAULT_LIMITS.timeLimitMs + 2_000;

interface Job {
  id: number;
  bytes: Uint8Array;
  resolve: (report: ValidationReport) => void;
}

function stopped(rule: string, fr: string, en: string): ValidationReport {
  const f: Finding = { rule, severity: 'fatal', source: 'input', location: '/', message: { fr, en } };
  return {
    detection: {
      format: 'unknown',
      container: 'other',
      profile: null,
      xmpConformanceLevel: null,
      pdfaPart: null,
      invoiceXmlName: null,
      attachments: [],
      reason: { fr, en },
    },
    invoice: null,
    root: null,
    xmlBytes: null,
    findings: [f],
    valid: false,
    ruleSet: null,
    durationMs: LIMIT_MS,
  };
}

class PoolWorker {
  private readonly worker: Worker;
  private ready = false;
  private job: Job | null = null;
  private everReady = false;
  private timer: NodeJS.Timeout | null = null;

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
        return;
      }
      if (this.job && m.id === this.job.id) this.finish(m.report!);
    });
    this.worker.on('error', (e) => this.fail('INTERNAL', `Erreur pendant la validation (${e.message}).`));
    this.worker.on('exit', () => this.fail('INTERNAL', 'La validation du fichier a échoué : réessayez.'));
  }

  /** Terminates the thread (the pool is closing): a pending file gets a finding. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.worker.removeAllListeners();
    const job = this.job;
    this.job = null;
    job?.resolve(stopped('INTERNAL', 'Validation interrompue : le serveur s’arrête. Déposez de nouveau.', 'Stopped.'));
    await this.worker.terminate();
  }

  get idle() {
    return this.ready && !this.job;
  }

  run(job: Job) {
    this.job = job;
    this.timer = setTimeout(
      () =>
        this.fail(
          'TIME-LIMIT',
          `Validation interrompue après ${LIMIT_MS / 1000} s : fichier refusé. Réduisez sa taille ou son nombre de lignes.`,
        ),
      LIMIT_MS,
    );
    this.worker.postMessage({ id: job.id, bytes: job.bytes });
  }

  private finish(report: ValidationReport) {
    const job = this.job!;
    if (this.timer) clearTimeout(this.timer);
    this.job = null;
    job.resolve(report);
    this.pool.dispatch();
  }

  /** A worker that hangs, crashes or dies is replaced; its file gets a finding, the server goes on. */
  private fail(rule: string, fr: string) {
    if (this.timer) clearTimeout(this.timer);
    const job = this.job;
    this.job = null;
    this.ready = false;
    this.worker.removeAllListeners();
    void this.worker.terminate();
    // A worker that never started (no thread support, loader missing) would fail forever.
    if (!this.everReady) this.pool.broken = true;
    this.pool.replace(this);
    job?.resolve(stopped(rule, fr, fr));
  }
}

/**
 * Validation in worker threads: a batch is validated on the other cores while the main thread
 * writes the previous invoices, and a file that hangs a parser is stopped by terminating its
 * worker (a hard bound for a server taking files from anyone). Started on first use.
 */
class ValidationPool {
  private workers: PoolWorker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  /** Workers cannot start here: validate in this thread (still bounded by the parser's limits). */
  broken = false;

  validate(bytes: Uint8Array): Promise<ValidationReport> {
    if (this.broken) return validateInvoice(bytes);
    if (this.workers.length === 0)
      this.workers = Array.from({ length: Math.max(1, availableParallelism() - 1) }, () => new PoolWorker(this));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes, resolve });
      this.dispatch();
    });
  }

  dispatch() {
    if (this.broken) {
      for (const job of this.queue.splice(0)) void validateInvoice(job.bytes).then(job.resolve);
      return;
    }
    for (const w of this.workers) {
      if (!this.queue.length) return;
      if (w.idle) w.run(this.queue.shift()!);
    }
  }

  /** Stops the workers (app close); the next validation starts new ones. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.stop()));
  }

  replace(dead: PoolWorker) {
    this.workers = this.broken ? [] : this.workers.map((w) => (w === dead ? new PoolWorker(this) : w));
    this.dispatch();
  }
}

export const validationPool = new ValidationPool();
