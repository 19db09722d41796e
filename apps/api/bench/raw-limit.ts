// The raw insert limit of throughput.bench.ts (issue 13): the rows one sent invoice writes, written
// straight through the driver, one transaction per invoice, with no server in between.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sqlitePath, type ChoraleDb } from '@chorale/db';

type Row = Record<string, unknown>;
type SentRows = Awaited<ReturnType<typeof sentRows>>;

/** The rows one sent invoice writes, copied from one the server wrote: the raw limit's payload. */
export async function sentRows(db: ChoraleDb) {
  const inv = await db.db
    .selectFrom('invoices')
    .selectAll()
    .where('status', '!=', 'BROUILLON')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const lines = await db.db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', inv.id).execute();
  const history = await db.db
    .selectFrom('invoice_history')
    .selectAll()
    .where('invoice_id', '=', inv.id)
    .orderBy('id')
    .limit(2)
    .execute();
  const job = await db.db
    .selectFrom('outbox_jobs')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const strip = (r: Row, ...drop: string[]) =>
    Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'id' && !drop.includes(k)));
  const jobRow = { ...strip(job), status: 'pending', attempts: 0, locked_until: null };
  return {
    invoice: strip(inv),
    lines: lines.map((l) => strip(l, 'invoice_id')),
    history: history.map((h) => strip(h, 'invoice_id')),
    jobs: [jobRow, jobRow],
  };
}

/** Invoices/s written straight through better-sqlite3, one transaction each, same pragmas as Chorale. */
function rawSqlite(path: string, rows: SentRows, seconds: number): number {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  const insert = (table: string, row: Row) =>
    db.prepare(
      `insert into ${table} (${Object.keys(row).join(', ')}) values (${Object.keys(row)
        .map(() => '?')
        .join(', ')})`,
    );
  const value = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);
  const invoice = insert('invoices', rows.invoice);
  const line = insert('invoice_lines', { invoice_id: 0, ...rows.lines[0] });
  const history = insert('invoice_history', { invoice_id: 0, ...rows.history[0] });
  const job = insert('outbox_jobs', rows.jobs[0]!);
  const tag = randomBytes(3).toString('hex');
  const one = db.transaction((i: number) => {
    const id = invoice.run(
      ...Object.entries(rows.invoice).map(([k, v]) =>
        k === 'number' ? `R${tag}${i}` : k === 'draft_number' ? `RD${tag}${i}` : value(v),
      ),
    ).lastInsertRowid;
    for (const l of rows.lines) line.run(id, ...Object.values(l).map(value));
    for (const h of rows.history) history.run(id, ...Object.values(h).map(value));
    for (const j of rows.jobs) job.run(...Object.values(j).map(value));
  });
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) one(n++);
  const rate = n / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

/**
 * Invoices/s written straight through pg: one statement per invoice (a CTE inserting the invoice,
 * its line, its two history rows and its two jobs: one round trip, one commit), `connections`
 * concurrent writers on 16 connections, so that group commit helps as it can.
 */
async function rawPostgres(url: string, rows: SentRows, seconds: number, connections: number): Promise<number> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const pool = new pg.Pool({ connectionString: parsed.toString(), max: 16, options: `-c search_path=${schema}` });
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const cols = (r: Row) => Object.keys(r).join(', ');
  const invoiceValues = Object.entries(rows.invoice).map(([k, v]) =>
    k === 'number' ? '$NUMBER' : k === 'draft_number' ? '$DRAFT' : p(v),
  );
  const child = (table: string, r: Row, alias: string) =>
    `${alias} as (insert into ${table} (invoice_id, ${cols(r)}) select id, ${Object.values(r).map(p).join(', ')} from i)`;
  const text =
    [
      `with i as (insert into invoices (${cols(rows.invoice)}) values (${invoiceValues.join(', ')}) returning id)`,
      ...rows.lines.map((l, k) => child('invoice_lines', l, `l${k}`)),
      ...rows.history.map((h, k) => child('invoice_history', h, `h${k}`)),
      `o as (insert into outbox_jobs (${cols(rows.jobs[0]!)}) values ${rows.jobs
        .map((j) => `(${Object.values(j).map(p).join(', ')})`)
        .join(', ')})`,
    ].join(',\n') + '\nselect id from i';
  const numberAt = params.length + 1;
  const sql = text.replace('$NUMBER', `$${numberAt}`).replace('$DRAFT', `$${numberAt + 1}`);
  const tag = randomBytes(3).toString('hex');
  let n = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const i = n++;
        await pool.query({ name: 'raw-invoice', text: sql, values: [...params, `R${tag}${i}`, `RD${tag}${i}`] });
      }
    }),
  );
  const rate = n / ((performance.now() - start) / 1000);
  await pool.end();
  return rate;
}

/** Invoices/s the target's driver writes the same rows at, for `seconds`. */
export function rawLimit(
  target: { name: 'sqlite' | 'postgres'; url: string },
  rows: SentRows,
  options: { seconds: number; connections: number },
): Promise<number> {
  return target.name === 'sqlite'
    ? Promise.resolve(rawSqlite(sqlitePath(target.url), rows, options.seconds))
    : rawPostgres(target.url, rows, options.seconds, options.connections);
}
