import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the thread copies the WAL's new pages into the database file (a PASSIVE checkpoint). */
export const CHECKPOINT_INTERVAL_MS = 200;
/**
 * Pages in the WAL past which the thread also restarts it (a RESTART checkpoint: it waits for the
 * writer to be between transactions and holds the write lock while it copies what is left, a few
 * milliseconds). Under a steady load the copy never catches up with the writer, so the WAL would
 * otherwise grow for as long as the load lasts (and every read with it, which searches the WAL's
 * index). 8,192 pages of 4 KiB: 32 MiB, about a second of the bench's load.
 */
export const RESTART_PAGES = 8192;

export interface WalCheckpointer {
  /** Stops the thread once its running checkpoint is done, and closes its connection. */
  close(): Promise<void>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  restartPages?: number;
}

// Plain JavaScript run by the thread (`eval`: nothing to build next to the bundle). Its connection
// never writes rows; a checkpoint refused (SQLITE_BUSY: the writer's lock, a reader) is tried again
// at the next tick. Errors other than that are told to the main thread once, and the thread stops.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let closing = false;
function tick() {
  if (closing) return;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.log >= workerData.restartPages) db.pragma('wal_checkpoint(RESTART)');
  } catch (error) {
    if (error && error.code !== 'SQLITE_BUSY') {
      parentPort.postMessage({ error: String(error && error.message) });
      closing = true;
      db.close();
      parentPort.close();
      return;
    }
  }
  timer = setTimeout(tick, workerData.intervalMs);
}
let timer = setTimeout(tick, workerData.intervalMs);
parentPort.on('message', () => {
  closing = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * SQLite's checkpoints on their own thread (issue 13). By default the connection that commits
 * copies the WAL back into the database file every 1,000 pages, inside that COMMIT: reads, writes
 * and two fsyncs on the event loop, 2.6 to 8.6 ms each, ~170 µs per invoice sent on a machine
 * whose fsync is slow (docs/performance.md, 04/12/2026). The caller turns that off on its writing
 * connection (`wal_autocheckpoint = 0`) once this thread runs; the thread, with its own connection
 * to the same file, copies every CHECKPOINT_INTERVAL_MS what the WAL holds, while the writer goes
 * on (SQLite allows one checkpoint beside one writer), and restarts the WAL past RESTART_PAGES.
 * `onError`: the thread stopped (the caller turns the writer's own checkpoints back on).
 */
export function startWalCheckpointer(
  path: string,
  onError: (message: string) => void,
  options: CheckpointerOptions = {},
): WalCheckpointer {
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path,
      intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS,
      restartPages: options.restartPages ?? RESTART_PAGES,
    },
    // A loop of pragmas: a small heap is plenty.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  // Never what keeps the process alive.
  worker.unref();
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const stop = (message: string) => {
    if (stopped) return;
    stopped = true;
    onError(message);
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error) stop(m.error);
  });
  worker.on('error', (error) => stop(error.message));
  worker.once('exit', (code) => {
    if (code !== 0) stop(`fil des points de reprise arrêté (code ${code})`);
    stopped = true;
  });
  return {
    async close() {
      // Waited for: the process stays until the thread has closed its connection, also when the
      // thread has failed and is still on its way out (its 'error' comes before its 'exit'); once
      // it has exited, ref() does nothing.
      worker.ref();
      if (!stopped) {
        stopped = true;
        worker.postMessage('close');
      }
      await exited;
    },
  };
}
