import {
  SingleConnectionProvider,
  type ConnectionProvider,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryExecutor,
  type TransactionSettings,
} from 'kysely';
import { atEndOfTurn } from './statements.ts';

/**
 * What one open transaction has in flight: its statements sent and not yet answered, on
 * PostgreSQL its BEGIN when it went out with the first statement instead of alone, and the answers
 * of its last statements when they were handed over to go out with the COMMIT (commitBehind).
 */
class OpenTransaction {
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Set once the transaction ends: why a statement issued from then on is refused. */
  private ending: string | undefined;
  begun: Promise<void> | undefined;
  last: Promise<unknown> | undefined;

  /** Runs one statement of the transaction now, without waiting for those already sent. */
  run<T>(statement: () => Promise<T>): Promise<T> {
    if (this.ending) return Promise.reject(new Error(this.ending));
    const sent = statement();
    // A statement sent behind a BEGIN that failed ran outside any transaction: it fails too, so
    // the work stops there and is rolled back (see deferredBegin).
    const answered = this.begun ? Promise.all([this.begun, sent]).then(([, result]) => result) : sent;
    this.track(answered);
    return answered;
  }

  track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    const done = () => this.inFlight.delete(promise);
    promise.then(done, done);
  }

  /** Waits for every statement sent to be answered (failed or not). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Refuses new statements (`why`); returns those in flight, in the order they were issued. */
  close(why: string): Promise<unknown>[] {
    this.ending = why;
    return [...this.inFlight];
  }

  /** Refuses new statements, then drains. */
  settle(): Promise<void> {
    this.close('transaction ending: statement refused');
    return this.drain();
  }
}

const open = new WeakMap<DatabaseConnection, OpenTransaction>();

/**
 * Set while commitBehind asks for its transaction's connection, not to run a statement: Kysely
 * wraps the consumer, so the mark is this flag, read synchronously by provideConnection.
 */
let handingOver = false;

/**
 * The driver side of concurrent statements in a transaction (see concurrentStatements): it knows
 * which connections are in a transaction, and commits or rolls back only once every statement
 * sent in it is answered, so that a statement still on its way when another failed can never land
 * after the ROLLBACK (outside the transaction), nor one still running be cut by the COMMIT.
 * `deferredBegin` (PostgreSQL, pipelined connections): BEGIN is sent without waiting for its
 * answer, in the same write as the transaction's first statement (one round trip less); its
 * outcome comes with that statement's, which fails if BEGIN failed, and COMMIT is refused then.
 * Risk accepted: BEGIN fails only when the connection does (the statements behind it then fail
 * too), never for what the statements do. On the same connections, a transaction whose last
 * statements were handed over (commitBehind) sends its COMMIT in the same write as them.
 */
class TransactionDriver implements Driver {
  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(
    private readonly inner: Driver,
    private readonly pipelined: boolean,
  ) {
    if (inner.savepoint)
      this.savepoint = (c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) =>
        this.afterSettled(c, () => inner.savepoint!(c, name, compile));
    if (inner.rollbackToSavepoint)
      this.rollbackToSavepoint = (c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) =>
        this.afterSettled(c, () => inner.rollbackToSavepoint!(c, name, compile));
    if (inner.releaseSavepoint)
      this.releaseSavepoint = (c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) =>
        this.afterSettled(c, () => inner.releaseSavepoint!(c, name, compile));
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return this.inner.acquireConnection();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const transaction = new OpenTransaction();
    open.set(connection, transaction);
    if (this.pipelined) {
      const begun = this.inner.beginTransaction(connection, settings);
      transaction.begun = begun;
      transaction.track(begun);
      // Once answered without error, the statements after it need not wait for it.
      begun.then(
        () => {
          if (transaction.begun === begun) transaction.begun = undefined;
        },
        () => undefined,
      );
      return;
    }
    try {
      await this.inner.beginTransaction(connection, settings);
    } catch (error) {
      open.delete(connection);
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const transaction = open.get(connection);
    try {
      if (transaction?.last && this.pipelined) return await this.commitBehind(connection, transaction);
      if (transaction) {
        try {
          // The last statements handed over are answered first, as if the work awaited them.
          await transaction.last;
        } finally {
          await transaction.settle();
        }
        // BEGIN failed (or a last statement did, above): nothing to commit (Kysely rolls back on
        // this error).
        await transaction.begun;
      }
      await this.inner.commitTransaction(connection);
    } finally {
      open.delete(connection);
    }
  }

  /**
   * COMMIT sent at the end of this turn of the event loop, in the same write as the transaction's
   * last statements (sendTogether), without waiting for their answers. PostgreSQL runs them in
   * order: if one fails, the transaction is aborted and COMMIT is answered with the tag ROLLBACK
   * and no error, which Kysely's PostgresDriver turns into an error. The error thrown is that of the
   * first statement issued that failed, whatever the COMMIT's answer: nothing is acknowledged that
   * is not committed. A statement issued once COMMIT is sent is refused (it would run outside the
   * transaction): the last statements must be issued when handed over, or without waiting for any
   * answer.
   */
  private async commitBehind(connection: DatabaseConnection, transaction: OpenTransaction): Promise<void> {
    const sent = await new Promise<{
      inFlight: Promise<unknown>[];
      committed: Promise<{ error: unknown } | undefined>;
    }>((resolve) =>
      atEndOfTurn(() => {
        const inFlight = transaction.close(
          'statement issued after the COMMIT sent behind the last statements of its transaction: refused',
        );
        const committed = this.inner.commitTransaction(connection).then(
          () => undefined,
          (error: unknown) => ({ error }),
        );
        resolve({ inFlight, committed });
      }),
    );
    const answers = await Promise.allSettled([...sent.inFlight, transaction.last]);
    const commit = await sent.committed;
    const failed = answers.find((a) => a.status === 'rejected');
    if (failed) throw failed.reason;
    if (commit) throw commit.error;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await open.get(connection)?.settle();
      await this.inner.rollbackTransaction(connection);
    } finally {
      open.delete(connection);
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    open.delete(connection);
    await this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  /** Savepoints mark a point in the sequence: everything sent before is answered first. */
  private async afterSettled(connection: DatabaseConnection, step: () => Promise<void>): Promise<void> {
    await open.get(connection)?.drain();
    await step();
  }
}

/**
 * `inner` whose transactions may run several statements at once (concurrentStatements), and on
 * pipelined PostgreSQL connections (`pipelined`), send BEGIN with their first statement and COMMIT
 * with their last ones (commitBehind).
 */
export function transactionDialect(inner: Dialect, options: { pipelined: boolean }): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createDriver: () => new TransactionDriver(inner.createDriver(), options.pipelined),
  };
}

/**
 * A transaction's connection for Kysely without its one-statement-at-a-time queue: Kysely runs a
 * transaction's statements one after the other (SingleConnectionProvider), each sent once the
 * previous one is answered, even under `Promise.all`. Here the statements a transaction issues
 * together are sent together: on a pipelined PostgreSQL connection they share one round trip; pg
 * queues them on its connection in the order they were issued, and better-sqlite3 runs each at
 * once (synchronously), so nothing else changes on SQLite. A connection taken outside a
 * transaction (`db.connection()`) keeps Kysely's queue.
 */
class TransactionConnectionProvider implements ConnectionProvider {
  private connection: DatabaseConnection | undefined;
  private readonly acquired: Promise<DatabaseConnection>;

  constructor(private readonly single: SingleConnectionProvider) {
    this.acquired = single.provideConnection(async (c) => (this.connection = c));
  }

  async provideConnection<T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    const connection = this.connection ?? (await this.acquired);
    const transaction = open.get(connection);
    if (!transaction) return this.single.provideConnection(consumer);
    // Not a statement: not to wait for a BEGIN sent with the first one (commitBehind).
    if (handingOver) return consumer(connection);
    return transaction.run(() => consumer(connection));
  }
}

/**
 * Lets the transactions of `db` (whose dialect is a transactionDialect) run statements
 * concurrently: `Promise.all` of independent writes in a transaction sends them together. Kysely
 * builds each transaction's executor with `withConnectionProvider(new SingleConnectionProvider(…))`
 * on the executor of `db`; that one call is redirected (tested by pipelined-transactions.test.ts).
 */
export function concurrentStatements<DB>(db: Kysely<DB>): void {
  redirect(db.getExecutor());
}

/** Also the executors made from it: a transaction begun on `db.connection()` is one too. */
function redirect(executor: QueryExecutor): QueryExecutor {
  const withConnectionProvider = executor.withConnectionProvider.bind(executor);
  executor.withConnectionProvider = (provider: ConnectionProvider) =>
    redirect(
      withConnectionProvider(
        provider instanceof SingleConnectionProvider ? new TransactionConnectionProvider(provider) : provider,
      ),
    );
  return executor;
}

/**
 * Hands over the last statements of a transaction of `trx` (a transactionDialect's), issued on it
 * and not awaited (`last`, their answers): the transaction's callback then returns at once, and its
 * COMMIT goes out behind them. On pipelined PostgreSQL connections, in the same write, without
 * waiting for their answers (one round trip less); if one of them fails, the commit fails with its
 * error and nothing is kept. Elsewhere (SQLite), COMMIT follows their answers as usual. Await
 * `last` once the transaction is committed. Every statement of `last` must be issued by then or
 * without waiting for anything (no answer, no I/O): one issued later is refused. Returns false when
 * `trx` is not such a transaction: then await `last` before the callback returns.
 */
export async function commitBehind(
  trx: Pick<Kysely<never>, 'isTransaction' | 'getExecutor'>,
  last: Promise<unknown>,
): Promise<boolean> {
  // Its failure is the transaction's: the commit throws it (no unhandled rejection meanwhile).
  last.catch(() => undefined);
  if (!trx.isTransaction) return false;
  let handed = false;
  const hand = async (connection: DatabaseConnection) => {
    const transaction = open.get(connection);
    if (transaction) {
      transaction.last = last;
      handed = true;
    }
  };
  handingOver = true;
  let provided: Promise<void>;
  try {
    provided = trx.getExecutor().provideConnection(hand);
  } finally {
    handingOver = false;
  }
  await provided;
  return handed;
}
