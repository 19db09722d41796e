import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/** Units of one physical transaction at most (bounds the wait of the first one). */
export const GROUP_COMMIT_MAX_UNITS = 64;

export interface GroupCommitOptions {
  maxUnits?: number;
  /** Whether the engine still has a transaction open (better-sqlite3's `inTransaction`). */
  inTransaction?: () => boolean;
  /**
   * Runs a plain read-only query at once; undefined when the query is not one (it then waits for
   * the writing connection). `writerFree`: no transaction is open on the writing connection and
   * none waits, so the read may run there (its pages are in that connection's cache); otherwise it
   * runs on another connection to the same file, which sees only what is committed.
   */
  readPlain?: (query: CompiledQuery, writerFree: boolean) => QueryResult<unknown> | undefined;
}

// Immediate: the write lock from the start, so a group's snapshot cannot go stale behind another
// process writing the same file (SQLITE_BUSY_SNAPSHOT would fail every later unit of the group).
const BEGIN = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');
// Units of a batch run one after the other, each released before the next: one name serves.
const SAVEPOINT = CompiledQuery.raw('savepoint chorale_unit');
const RELEASE = CompiledQuery.raw('release chorale_unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to chorale_unit');

/** Units run in one physical transaction; `done` settles with its COMMIT. */
class Batch {
  next = 0;
  failure: { error: unknown } | undefined;
  readonly done: Promise<void>;
  resolve!: () => void;
  reject!: (e: unknown) => void;
  constructor(readonly units: Waiter[]) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A batch that fails may have no one left to hear it (units rolled back ignore it).
    this.done.catch(() => undefined);
  }
}

interface Waiter {
  kind: 'query' | 'unit';
  grant: (batch?: Batch) => void;
  refuse: (e: unknown) => void;
}

/**
 * What Kysely holds: the one physical connection, taken at the first statement (a plain query) or
 * at `begin` (a unit of the next batch). `own`: a transaction begun on a connection already held
 * (`db.connection()`), run as is.
 */
class SharedConnection implements DatabaseConnection {
  state: 'free' | 'query' | 'unit' | 'own' = 'free';
  batch: Batch | undefined;
  constructor(private readonly driver: GroupCommitDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.state === 'free') {
      const read = this.driver.readPlain?.(query, this.driver.free());
      if (read) return read as QueryResult<R>;
      await this.driver.takeForQuery(this);
    }
    return this.driver.physical.executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.state === 'free') await this.driver.takeForQuery(this);
    yield* this.driver.physical.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Group commit for SQLite (issue 13): the COMMIT was a third of SQLite's time per invoice (the
 * dirtied pages written to the WAL, checkpoints). SQLite has one connection, so transactions ran one
 * after the other anyway; here the transactions that come while one runs join it in ONE physical
 * transaction, each in its own savepoint (a unit that fails is rolled back alone), then one COMMIT
 * (at most GROUP_COMMIT_MAX_UNITS units; the others form the next group). A unit's `commit` returns
 * only once that COMMIT succeeded (nothing is acknowledged before it is durable); if it fails, every
 * unit of the group fails. A lone transaction waits for no timer (see advance). Plain queries
 * (outside transactions) never run inside a group: reads go to `readPlain` when given (committed
 * data, at once: on the writing connection when it is free, its cache warm, else on a read-only
 * one), other statements run between groups, ahead of the waiting units.
 * One pattern would now wait forever: a transaction whose work awaits another top-level transaction
 * started before it and not yet answered (both in one group, the first answered after the second).
 */
class GroupCommitDriver implements Driver {
  physical!: DatabaseConnection;
  readonly readPlain: GroupCommitOptions['readPlain'];
  private holder: 'query' | Batch | undefined;
  private queue: Waiter[] = [];
  private readonly maxUnits: number;

  constructor(
    private readonly inner: Driver,
    private readonly options: GroupCommitOptions,
  ) {
    this.maxUnits = options.maxUnits ?? GROUP_COMMIT_MAX_UNITS;
    this.readPlain = options.readPlain;
  }

  async init(): Promise<void> {
    await this.inner.init();
    // Held for good: this driver decides who uses it.
    this.physical = await this.inner.acquireConnection();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SharedConnection(this);
  }

  /** Nothing holds the writing connection, nothing waits for it, no transaction is open on it. */
  free(): boolean {
    return !this.holder && this.queue.length === 0 && !(this.options.inTransaction?.() ?? true);
  }

  takeForQuery(connection: SharedConnection): Promise<void> {
    return new Promise<void>((grant, refuse) => {
      this.queue.push({ kind: 'query', grant: () => grant(), refuse });
      this.schedule();
    }).then(() => {
      connection.state = 'query';
    });
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as SharedConnection;
    if (c.state === 'query') {
      await this.physical.executeQuery(BEGIN);
      c.state = 'own';
      return;
    }
    const batch = await new Promise<Batch>((grant, refuse) => {
      this.queue.push({ kind: 'unit', grant: (b) => grant(b as Batch), refuse });
      this.schedule();
    });
    try {
      await this.physical.executeQuery(SAVEPOINT);
    } catch (error) {
      this.fail(batch, error);
      this.advance(batch);
      throw error;
    }
    c.state = 'unit';
    c.batch = batch;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as SharedConnection;
    if (c.state === 'own') {
      await this.physical.executeQuery(COMMIT);
      c.state = 'query';
      return;
    }
    const batch = this.leaveUnit(c);
    await this.endUnit(batch, [RELEASE]);
    await batch.done;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as SharedConnection;
    if (c.state === 'own') {
      c.state = 'query';
      await this.physical.executeQuery(ROLLBACK);
      return;
    }
    // Not in a unit any more: its batch's COMMIT failed, there is nothing left to undo.
    if (c.state !== 'unit') return;
    const batch = this.leaveUnit(c);
    await this.endUnit(batch, [ROLLBACK_TO, RELEASE]);
    // Its failure may come from what earlier units of the batch wrote: told once that is settled.
    await batch.done.catch(() => undefined);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as SharedConnection;
    if (c.state === 'unit') await this.rollbackTransaction(c);
    if (c.state === 'own') await this.rollbackTransaction(c).catch(() => undefined);
    if (c.state === 'query') {
      c.state = 'free';
      this.holder = undefined;
      this.schedule();
    }
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.savepoint!(this.physical, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.rollbackToSavepoint!(this.physical, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.inner.releaseSavepoint!(this.physical, name, compile);
  }

  async destroy(): Promise<void> {
    if (this.physical) await this.inner.releaseConnection(this.physical);
    await this.inner.destroy();
  }

  /**
   * Gives the connection to the oldest waiting plain query, or when none waits, to the waiting
   * units (the oldest first, up to the cap). Queries first: a unit may wait on a read its request
   * started before it (a request-scoped load), which must not wait for the unit's group.
   */
  private schedule(): void {
    if (this.holder || this.queue.length === 0) return;
    const query = this.queue.findIndex((w) => w.kind === 'query');
    if (query >= 0) {
      const [head] = this.queue.splice(query, 1);
      this.holder = 'query';
      head!.grant();
      return;
    }
    const units = this.queue.splice(0, this.maxUnits);
    const batch = new Batch(units);
    this.holder = batch;
    void this.physical.executeQuery(BEGIN).then(
      () => this.advance(batch),
      (error) => {
        for (const u of units) u.refuse(error);
        this.holder = undefined;
        this.schedule();
      },
    );
  }

  private leaveUnit(c: SharedConnection): Batch {
    const batch = c.batch;
    if (c.state !== 'unit' || !batch) throw new Error('group commit: no transaction to end');
    c.state = 'free';
    c.batch = undefined;
    return batch;
  }

  /** Ends the running unit with `statements`, then lets the next one run. */
  private async endUnit(batch: Batch, statements: CompiledQuery[]): Promise<void> {
    try {
      for (const s of statements) await this.physical.executeQuery(s);
      // Some errors (I/O, disk full) make SQLite roll the whole transaction back.
      if (this.options.inTransaction && !this.options.inTransaction())
        throw new Error('SQLite a annulé la transaction groupée.');
    } catch (error) {
      this.fail(batch, error);
    }
    this.advance(batch);
  }

  private fail(batch: Batch, error: unknown): void {
    batch.failure ??= { error };
  }

  private advance(batch: Batch): void {
    if (!batch.failure && batch.next < batch.units.length) {
      batch.units[batch.next++]!.grant(batch);
      return;
    }
    if (!batch.failure && batch.units.length < this.maxUnits) {
      // Node runs one request at a time and a transaction's statements resolve at once: no other
      // transaction can be waiting yet. Before the COMMIT, the requests already arrived (their I/O
      // ready) run up to their transactions, which join this one; when none did, the COMMIT runs
      // in the same turn of the event loop (no timer: an idle server commits at once).
      setImmediate(() => this.gather(batch));
      return;
    }
    // Units not begun when the batch failed lost nothing: they wait for the next one.
    this.queue.unshift(...batch.units.slice(batch.next));
    void this.finish(batch);
  }

  /** Takes the units that came meanwhile, or commits; plain writes waiting first (see schedule). */
  private gather(batch: Batch): void {
    if (!this.queue.some((w) => w.kind === 'query')) {
      const more = this.queue.splice(0, this.maxUnits - batch.units.length);
      if (more.length) {
        batch.units.push(...more);
        this.advance(batch);
        return;
      }
    }
    void this.finish(batch);
  }

  private async finish(batch: Batch): Promise<void> {
    let failure = batch.failure;
    if (!failure) {
      try {
        await this.physical.executeQuery(COMMIT);
      } catch (error) {
        failure = { error };
      }
    }
    if (failure && (this.options.inTransaction?.() ?? true))
      await this.physical.executeQuery(ROLLBACK).catch(() => undefined);
    this.holder = undefined;
    if (failure) batch.reject(failure.error);
    else batch.resolve();
    this.schedule();
  }
}

/** `inner` (SQLite's dialect) with its transactions committed in groups (see GroupCommitDriver). */
export function groupCommitDialect(inner: Dialect, options: GroupCommitOptions = {}): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createDriver: () => new GroupCommitDriver(inner.createDriver(), options),
  };
}
