import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { COLUMNS, contributions, KEY_LIST, restoreDirectTriggers } from './20261202T0200_create-invoice-totals.ts';

/**
 * `invoice_totals` without a lock shared by the writers (PostgreSQL). With the triggers of
 * 20261202T0200, every transaction that writes an invoice updated the total rows of its keys and
 * held their lock until it committed: the invoices one supplier sends at once (same day, same
 * status), or those a large entity receives, would have been written one transaction after the
 * other (issue 13 throughput, 64 concurrent sends).
 *
 * Now a write only appends its changes, added up by key, to `invoice_totals_pending` (an insert
 * locks nothing another writer waits for). Now and then (one statement in FOLD_EVERY) the writer
 * also folds the pending rows into `invoice_totals` — a single statement, under a transaction
 * lock that one writer at a time gets (the others do not wait for it and leave the folding to a
 * later write). The dashboard reads `invoice_totals` and `invoice_totals_pending` together: the
 * same sums whether a change is folded yet or not.
 *
 * SQLite writes one transaction at a time anyway: its triggers go on updating `invoice_totals`
 * directly and its pending table stays empty.
 */
const FOLD_EVERY = 32;

const triggers = [
  { op: 'insert', tables: [{ table: 'new_rows', sign: 1 as const }] },
  { op: 'delete', tables: [{ table: 'old_rows', sign: -1 as const }] },
  {
    op: 'update',
    tables: [
      { table: 'old_rows', sign: -1 as const },
      { table: 'new_rows', sign: 1 as const },
    ],
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('invoice_totals_pending')
    .addColumn('structure_id', 'integer', (c) => c.notNull())
    .addColumn('side', 'varchar(10)', (c) => c.notNull())
    .addColumn('date_kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(40)', (c) => c.notNull())
    .addColumn('service_id', 'integer', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addColumn('cents', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoice_totals_pending_key')
    .on('invoice_totals_pending')
    .columns(['structure_id', 'side', 'date_kind', 'day'])
    .execute();
  if (!isPostgres) return;

  // One folder at a time per schema (tests share a database); the others go on without waiting.
  await sql
    .raw(
      `create function invoice_totals_fold() returns void language plpgsql as $$
       begin
         if pg_try_advisory_xact_lock(hashtext(current_schema() || '.invoice_totals')) then
           with moved as (delete from invoice_totals_pending returning ${COLUMNS})
           insert into invoice_totals as t (${COLUMNS})
           select ${KEY_LIST}, sum(n), sum(cents) from moved group by ${KEY_LIST} order by ${KEY_LIST}
           on conflict (${KEY_LIST}) do update set n = t.n + excluded.n, cents = t.cents + excluded.cents;
         end if;
       end $$`,
    )
    .execute(db);
  for (const t of triggers) {
    const rows = t.tables.flatMap(({ table, sign }) => contributions('r', sign, table, true)).join('\n union all ');
    await sql
      .raw(
        `create or replace function invoice_totals_on_${t.op}() returns trigger language plpgsql as $$
         begin
           insert into invoice_totals_pending (${COLUMNS})
           select ${KEY_LIST}, sum(n), sum(cents) from (${rows}) as d (${COLUMNS})
           group by ${KEY_LIST} having sum(n) <> 0 or sum(cents) <> 0;
           if random() * ${FOLD_EVERY} < 1 then
             perform invoice_totals_fold();
           end if;
           return null;
         end $$`,
      )
      .execute(db);
  }
  // What was pending (nothing yet) is folded now.
  await sql`select invoice_totals_fold()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (isPostgres) {
    await sql`select invoice_totals_fold()`.execute(db);
    await sql`drop function invoice_totals_fold()`.execute(db);
    // The trigger functions of 20261202T0200 back: the totals updated in place.
    await restoreDirectTriggers(db);
  }
  await db.schema.dropTable('invoice_totals_pending').execute();
}
