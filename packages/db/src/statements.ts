import { createHash } from 'node:crypto';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import pg from 'pg';
import { sql, type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult } from 'kysely';

/**
 * What the database has been asked since it was opened: SQL statements (transaction control
 * excluded) and transactions. Tests and `npm run bench` read the difference around one request
 * to hold the statement budget of a use case (issue 13); the counting costs two additions.
 */
export interface StatementStats {
  statements: number;
  transactions: number;
  /**
   * PostgreSQL: writes to the database's sockets, each carrying every statement (BEGIN and COMMIT
   * included) issued on its connection in one turn of the event loop (sendTogether). Code that
   * awaits each answer before the next statement makes one per round trip: this is the count of
   * round trips.
   */
  roundTrips: number;
  /** When set, every statement's SQL is pushed here (a failing budget says which statements ran). */
  trace?: string[];
}

export function newStatementStats(): StatementStats {
  return { statements: 0, transactions: 0, roundTrips: 0 };
}

const TRANSACTION_CONTROL = /^\s*(begin|start transaction|commit|rollback|savepoint|release)\b/i;
const BEGIN = /^\s*(begin|start transaction)\b/i;
const counted = Symbol('chorale.counted');

/** Counts a statement run outside the counted connections (SQLite's reading connection). */
export function countStatement(stats: StatementStats, sql: string): void {
  stats.statements++;
  stats.trace?.push(sql);
}

function countConnection(connection: DatabaseConnection, stats: StatementStats): DatabaseConnection {
  const marked = connection as DatabaseConnection & { [counted]?: true };
  if (marked[counted]) return connection;
  const execute = connection.executeQuery.bind(connection);
  const stream = connection.streamQuery.bind(connection);
  const count = (query: CompiledQuery) => {
    if (!TRANSACTION_CONTROL.test(query.sql)) {
      stats.statements++;
      stats.trace?.push(query.sql);
    } else if (BEGIN.test(query.sql)) stats.transactions++;
  };
  marked.executeQuery = <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
    count(query);
    return execute(query);
  };
  marked.streamQuery = <R>(query: CompiledQuery, chunkSize?: number) => {
    count(query);
    return stream<R>(query, chunkSize);
  };
  marked[counted] = true;
  return connection;
}

/**
 * The engine's dialect whose connections go through `wrap` each time they are acquired (`wrap`
 * must leave a connection it has already wrapped as it is: a pool gives the same ones again).
 */
export function wrappingConnections(inner: Dialect, wrap: (c: DatabaseConnection) => DatabaseConnection): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createDriver: (): Driver => {
      const driver = inner.createDriver();
      const acquire = driver.acquireConnection.bind(driver);
      driver.acquireConnection = async () => wrap(await acquire());
      return driver;
    },
  };
}

/** The engine's dialect, every connection of which counts what it runs into `stats`. */
export function countingDialect(inner: Dialect, stats: StatementStats): Dialect {
  return wrappingConnections(inner, (connection) => countConnection(connection, stats));
}

/** How many distinct SQL texts keep their prepared statement (the app has a few hundred). */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * better-sqlite3 for Kysely with its prepared statements kept: Kysely prepares each query anew,
 * which cost 15 % of the CPU of a typed invoice (issue 13). A statement is reused for the same
 * SQL text; `all`/`run` are synchronous and SQLite has one connection behind a mutex, so a
 * statement is never run twice at once. Least recently used texts leave beyond the limit; a
 * statement that changes the schema empties the cache (its rows' columns may change).
 */
export function cachedStatements(sqlite: SqliteDatabase, size = STATEMENT_CACHE_SIZE) {
  const cache = new Map<string, Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string): Statement => {
      const hit = cache.get(sql);
      if (hit) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      if (SCHEMA_CHANGE.test(sql)) cache.clear();
      const statement = sqlite.prepare(sql);
      if (statement.reader) literalRows(statement);
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

type Row = Record<string, unknown>;

/**
 * A reading statement whose rows are built by one function made for its columns, an object
 * literal (`{ "id": r[0], "name": r[1] }`): better-sqlite3 builds each row key by key and looks
 * every column's name up in V8's string table, twice the cost of a 25-column row (issue 13,
 * docs/performance.md). The statement returns arrays (raw mode) and `all`, `get` and `iterate`
 * turn them into the same objects as before: same keys in the same order, the last of two
 * columns of one name kept. A row of another width than the function's (SQLite re-prepared the
 * statement after a change of schema made elsewhere) gets a new function.
 */
function literalRows(statement: Statement): void {
  let width = -1;
  let build: (raw: unknown[]) => Row = () => ({});
  const row = (raw: unknown[]): Row => {
    if (raw.length !== width) {
      const names = statement.columns().map((c) => c.name);
      // The names come from SQLite, quoted by JSON.stringify. (`"__proto__": v` sets the prototype,
      // as better-sqlite3's own rows do.)
      build = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as (
        raw: unknown[],
      ) => Row;
      width = raw.length;
    }
    return build(raw);
  };
  statement.raw(true);
  const all = statement.all.bind(statement) as (...p: unknown[]) => unknown[][];
  const get = statement.get.bind(statement) as (...p: unknown[]) => unknown[] | undefined;
  const iterate = statement.iterate.bind(statement) as (...p: unknown[]) => IterableIterator<unknown[]>;
  Object.assign(statement, {
    all: (...params: unknown[]) => {
      const rows = all(...params) as unknown[];
      for (let i = 0; i < rows.length; i++) rows[i] = row(rows[i] as unknown[]);
      return rows;
    },
    get: (...params: unknown[]) => {
      const raw = get(...params);
      return raw === undefined ? undefined : row(raw);
    },
    iterate: function* (...params: unknown[]) {
      for (const raw of iterate(...params)) yield row(raw);
    },
  });
}

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

const PLAN_EACH_RUN_MARK = '/* planned at each run */';

/**
 * The end of a statement whose best plan depends on its values — a search's criteria, some that
 * match a few invoices, others most of them (`query.modifyEnd(planEachRun)`): PostgreSQL plans it
 * at each run (plannedAtEachRun). Named, « Rechercher » on three criteria kept a generic plan
 * that took 61 ms (p50) on 200,000 invoices against 8 ms planned for its values (04/12/2026).
 */
export const planEachRun = sql.raw(PLAN_EACH_RUN_MARK);

/**
 * Statements that stay unnamed on PostgreSQL, planned at each run for their values and the tables'
 * size at that moment: those marked by planEachRun, and those that read a JSON array as a table
 * (a batch of ids or of rows, apps/api json-rows.ts). Named, a statement gets after five runs a
 * generic plan that the connection keeps until an ANALYZE of its tables: made while they were
 * small (a new database, a bench's fresh schema), it read the whole of `invoices` or
 * `outbox_jobs` for each batch of the routing — 6 to 10 ms a batch once they held ~50,000 rows,
 * 0.25 to 1.5 ms planned at each run (issue 13, docs/performance.md, 04/12/2026, 20 h). A batch
 * stands for many invoices, a search for a user's click: planning it again costs little.
 */
const plannedAtEachRun = (text: string) =>
  text.endsWith(PLAN_EACH_RUN_MARK) || /\bjson_to_recordset\(|\bjson_array_elements_text\(/.test(text);

/**
 * PostgreSQL: the data statements run as named prepared statements, parsed and planned once per
 * connection (pg keeps the names it has prepared on each connection), except those planned at
 * each run (plannedAtEachRun). DDL and transaction control stay unnamed. Names come from the SQL
 * text, so the same text is the same statement on every connection; past `size` distinct texts
 * new ones run unnamed.
 */
export function namePreparedStatements(pool: pg.Pool, size = STATEMENT_CACHE_SIZE): void {
  const names = new Map<string, string>();
  const shapes = new Map<string, RowShape>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < size) {
      // '': unnamed, planned at each run.
      name = plannedAtEachRun(text) ? '' : `chorale_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return name || undefined;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [text, values] = args;
      if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && DATA_STATEMENT.test(text)) {
        const name = nameOf(text);
        if (name)
          return new Promise((resolve, reject) => {
            query(
              new NamedQuery(name, text, values, shapes, (error, result) => (error ? reject(error) : resolve(result))),
            );
          });
      }
      return query(...args);
    };
  });
}

/** How pg reads the rows of a named statement's answer: built at its first answer, then reused. */
interface RowShape {
  fields: pg.FieldDef[];
  parsers: unknown[];
  empty: Record<string, null>;
}

/** pg's Result and Query members that NamedQuery reads and sets (pg 8). */
interface PgResult {
  fields: pg.FieldDef[];
  _parsers?: unknown[];
  _prebuiltEmptyResultObject?: Record<string, null>;
}
interface PgQuery {
  name?: string;
  _result: PgResult;
  _accumulateRows: boolean;
  _checkForMultirow(): void;
  handleRowDescription(msg: { fields: pg.FieldDef[] }): void;
}
type QueryCallback = (error: Error | null, result: pg.QueryResult) => void;
const PgQueryClass = pg.Query as unknown as new (text: string, values: unknown[], callback: QueryCallback) => PgQuery;

/**
 * A named statement given to pg as a query object (issue 13, ~5 % of a server process's CPU under
 * the one-call send): pg copies a configuration object's every property descriptor at each call
 * (`{ name, text, values }`), and at each answer builds again, column by column, the parsers and
 * the empty row of the statement's row description, which a named statement repeats unchanged.
 * The description is still compared, column by column, with the one the parsers were built for.
 */
class NamedQuery extends PgQueryClass {
  constructor(
    name: string,
    text: string,
    values: unknown[],
    private readonly shapes: Map<string, RowShape>,
    callback: QueryCallback,
  ) {
    super(text, values, callback);
    this.name = name;
  }

  override handleRowDescription(msg: { fields: pg.FieldDef[] }): void {
    const shape = this.shapes.get(this.name!);
    if (!shape || !sameColumns(shape.fields, msg.fields)) {
      super.handleRowDescription(msg);
      const result = this._result;
      if (result._parsers && result._prebuiltEmptyResultObject)
        this.shapes.set(this.name!, {
          fields: msg.fields,
          parsers: result._parsers,
          empty: result._prebuiltEmptyResultObject,
        });
      return;
    }
    this._checkForMultirow();
    const result = this._result;
    result.fields = msg.fields;
    result._parsers = shape.parsers;
    result._prebuiltEmptyResultObject = shape.empty;
    // As pg does when the query has a callback: the rows are kept for it.
    this._accumulateRows = true;
  }
}

function sameColumns(a: pg.FieldDef[], b: pg.FieldDef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.dataTypeID !== y.dataTypeID || x.format !== y.format) return false;
  }
  return true;
}

interface PgSocketHolder {
  connection: { stream: { cork?: () => void; uncork?: () => void } };
}

/** The sockets corked in this turn of the event loop, and what runs just before they are uncorked. */
const turn = { scheduled: false, corked: new Set<() => void>(), ending: [] as (() => void)[] };

function scheduleEndOfTurn(): void {
  if (turn.scheduled) return;
  turn.scheduled = true;
  process.nextTick(endTurn);
}

function endTurn(): void {
  try {
    // What these send joins the writes of this turn (a COMMIT behind a transaction's last statements).
    for (let step = turn.ending.shift(); step; step = turn.ending.shift()) step();
  } finally {
    turn.scheduled = false;
    const corked = [...turn.corked];
    turn.corked.clear();
    for (const uncork of corked) uncork();
  }
}

/**
 * Runs `step` once the current microtasks have run (every statement issued without waiting for
 * an answer is then issued), just before the sockets corked in this turn are written: a statement
 * `step` sends on a pipelined connection goes out in the same write as those (sendTogether).
 */
export function atEndOfTurn(step: () => void): void {
  turn.ending.push(step);
  scheduleEndOfTurn();
}

/**
 * PostgreSQL, pipelined connections: the statements issued on a connection in one turn of the
 * event loop (a transaction's BEGIN and first statement, its writes under `Promise.all`, …) leave
 * in one socket write instead of one each: pg corks and uncorks the socket around each statement,
 * and a write is a system call (27 % of a server's CPU went to `writev` to PostgreSQL, issue 13).
 * The socket stays corked until the current microtasks have run (`process.nextTick`), never longer.
 * Counts each such write in `stats.roundTrips`.
 */
export function sendTogether(pool: pg.Pool, stats: StatementStats): void {
  pool.on('connect', (client) => {
    const stream = (client as unknown as PgSocketHolder).connection.stream;
    if (!stream.cork || !stream.uncork) return;
    let corked = false;
    const uncork = () => {
      corked = false;
      stream.uncork!();
    };
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (!corked) {
        corked = true;
        stats.roundTrips++;
        stream.cork!();
        turn.corked.add(uncork);
        scheduleEndOfTurn();
      }
      return query(...args);
    };
  });
}
