import cluster from 'node:cluster';
import v8 from 'node:v8';
import { requestedWorkers, workerExecArgv } from './cluster-size.ts';
import type { Config } from './config.ts';
import type { SftpServer } from './modules/sftp/sftp-server.ts';

/** How long a stopping process may take to finish its requests and jobs before it is killed. */
const SHUTDOWN_GRACE_MS = 30_000;

/** What the preparing process tells a cluster's primary: all it needs of the configuration. */
interface ClusterPlan {
  kind: 'chorale-cluster-plan';
  workers: number;
  port: number;
  publicUrl: string;
}

// A cluster's primary reads WORKERS and DATABASE_URL only (cluster-size.ts): the configuration,
// its schema and zod are loaded by the processes it starts, the first of which refuses a wrong
// value with the configuration's message (issue 13: the primary held ~13 MB more for them).
if (cluster.isPrimary && (requestedWorkers(process.env) ?? 1) > 1) await runPrimary();
else {
  const config = await configOrExit();
  // Memory (issue 13): a full collection once the heap has grown by this share past its live size,
  // instead of V8's default that lets garbage pile up (a 110 000-line export: +60 to +140 MB, then
  // flat at about +30 MB with 20 %; a loaded server: 319 -> 260 MB) for ~4 % more CPU per request
  // (measured on SQLite; on PostgreSQL the default is 50, config.ts).
  if (config.heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  if (cluster.isWorker && process.env.CHORALE_PREPARE_ONLY === '1') await prepareOnly(config);
  else await runServer(config, cluster.isWorker);
}

/** The configuration from the environment; a wrong value stops the process with its message. */
async function configOrExit(): Promise<Config> {
  const { ConfigError, loadConfig } = await import('./config.ts');
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** A cluster's first, short-lived process: tells the primary its plan, prepares the database (migrations, demo data), then ends (0: done). */
async function prepareOnly(config: Config) {
  const plan: ClusterPlan = {
    kind: 'chorale-cluster-plan',
    workers: config.workers,
    port: config.port,
    publicUrl: config.publicUrl,
  };
  await new Promise<void>((resolve, reject) =>
    process.send!(plan, undefined, {}, (err) => (err ? reject(err) : resolve())),
  );
  const { openDatabase } = await import('@chorale/db');
  const { prepareDatabase } = await import('./prepare-database.ts');
  const database = openDatabase(config.databaseUrl);
  try {
    await prepareDatabase(config, database);
  } finally {
    await database.destroy();
  }
  process.exit(0);
}

/** Runs the preparing process and waits for its end: the plan it sent, or a failure that stops the primary. */
function prepareInWorker(): Promise<ClusterPlan> {
  return new Promise((resolve, reject) => {
    let plan: ClusterPlan | undefined;
    cluster
      .fork({ CHORALE_PREPARE_ONLY: '1' })
      .on('message', (message: Partial<ClusterPlan> | null) => {
        if (message?.kind === 'chorale-cluster-plan') plan = message as ClusterPlan;
      })
      .on('exit', (code, signal) => {
        if (code === 0 && plan) resolve(plan);
        else reject(new Error(`La préparation de la base s’est arrêtée (${signal ?? code}).`));
      });
  });
}

/**
 * WORKERS=N (issue 13): the database is prepared once (migrations, demo data) by a first process
 * that then ends, so that the primary, which only watches its workers, holds neither the
 * database driver, nor the application, nor the configuration's schema in memory (issue 13: it
 * held ~140 MB, then ~13 MB for the schema); that process sends it the plan (N, the port, the
 * public URL) it read from the configuration; then it starts N
 * server processes that share the port (node:cluster hands connections round-robin).
 * A process that dies is replaced; SIGTERM/SIGINT stop them all gracefully. Sessions, rate limits
 * and jobs live in the database, so the processes need nothing else in common.
 */
async function runPrimary() {
  let config: ClusterPlan;
  try {
    config = await prepareInWorker();
  } catch (err) {
    // The preparing process said why (a wrong configuration, the database unreachable…).
    console.error((err as Error).message);
    process.exit(1);
  }
  // The server processes with a smaller young generation (cluster-size.ts, issue 13).
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS) });
  let stopping = false;
  const fork = () => cluster.fork({ CHORALE_PREPARED: '1' });
  for (let i = 0; i < config.workers; i++) fork();
  let ready = 0;
  const listened = new Set<number>();
  cluster.on('listening', (worker) => {
    listened.add(worker.id);
    if (++ready === config.workers)
      console.log(`Chorale est prêt sur ${config.publicUrl} (${config.workers} processus)`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(stopCode);
      return;
    }
    if (!listened.has(worker.id) && signal === null) {
      // It ended by itself before it listened (port taken, configuration refused): a new one would
      // end the same way, in a loop that eats the machine. Stop everything and say so. (A worker
      // killed from outside while starting is replaced, as any other.)
      console.error(
        `Le processus ${worker.process.pid} s’est arrêté (${signal ?? code}) avant d’écouter sur le port ${config.port} : Chorale s’arrête (voir l’erreur ci-dessus).`,
      );
      stop('SIGTERM', 1);
      return;
    }
    console.error(`Le processus ${worker.process.pid} s’est arrêté (${signal ?? code}) ; il est remplacé.`);
    fork();
  });
  let stopCode = 0;
  const stop = (signal: NodeJS.Signals, code = 0) => {
    if (stopping) return;
    stopping = true;
    stopCode = code;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(code);
    for (const worker of workers) worker?.process.kill(signal);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + 5_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function runServer(config: Config, inCluster: boolean) {
  // Loaded here, not by the primary of a cluster: it only prepares the database and watches its
  // workers, and would otherwise hold the whole application in memory for nothing (issue 13).
  const { buildApp } = await import('./app.ts');
  const app = await buildApp({ config, prepared: inCluster && process.env.CHORALE_PREPARED === '1' });
  let closing = false;
  let sftp: SftpServer | null = null;
  const close = async (signal: string) => {
    // A terminal's Ctrl-C reaches the primary and its workers: the second signal changes nothing.
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Requests in flight and jobs in hand finish; past the grace period the process ends anyway.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await sftp?.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  // « mode EDI »: the SFTP server when SFTP_PORT is set (`npm start`: 2222); in a cluster every
  // process listens on it too (node:cluster shares the port), with the one host key of DATA_DIR.
  if (config.sftpPort !== null)
    sftp = await (
      await import('./modules/sftp/sftp-server.ts')
    ).startSftpServer(app.ctx, app.log, { port: config.sftpPort, host: config.sftpHost });
  if (!inCluster)
    app.log.info(
      `Chorale est prêt sur ${config.publicUrl}${config.devOutbox ? ` (courriels : ${config.publicUrl}/outbox)` : ''}${sftp ? ` ; SFTP (mode EDI) sur le port ${sftp.port}` : ''}`,
    );
}
