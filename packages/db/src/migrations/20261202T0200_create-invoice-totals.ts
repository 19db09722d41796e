import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * « Tableau de bord » (issue 12, 1 million invoices): the charts read counts and amounts kept per
 * structure, side, kind of date, day, status, service and currency instead of adding up each
 * structure's invoices at every request (100 000 invoices for a large public entity: 100 ms and
 * more, where a few thousand total rows take a millisecond).
 *
 * `invoice_totals` holds, for each invoice, one row on the supplier's side (`issued`, its
 * structure and service) and, once it has a recipient, one on the recipient's side (`received`),
 * each by invoice date (`date_kind` = 'invoice') and, once it has a due date, by due date ('due').
 * Database triggers keep it exact in the same transaction as every insert, update or delete of an
 * invoice, whatever the code path (no extra round trip for the writers): row triggers on SQLite,
 * statement triggers over the transition tables on PostgreSQL (one statement per write, also for
 * a write of 100 000 rows). The migration fills it from the invoices already there.
 */

/** The totals' key, in the primary key's order (the dashboard reads by structure, side, kind, day). */
export const KEY = ['structure_id', 'side', 'date_kind', 'day', 'status', 'service_id', 'currency'] as const;
export const COLUMNS = [...KEY, 'n', 'cents'].join(', ');
export const KEY_LIST = KEY.join(', ');

/** Columns an invoice's totals depend on: an update of any other column leaves them as they are. */
export const TOTALLED_COLUMNS = [
  'supplier_structure_id',
  'supplier_service_id',
  'recipient_structure_id',
  'recipient_service_id',
  'invoice_date',
  'due_date',
  'status',
  'currency',
  'net_payable_cents',
] as const;

/**
 * The four contributions of the rows of `from` (`new`, `old`, or a table), counted `sign` times:
 * SELECTs joined by UNION ALL, each with the columns of COLUMNS.
 */
export function contributions(row: string, sign: 1 | -1, from: string | null, castText: boolean) {
  const text = (v: string) => (castText ? `'${v}'::varchar` : `'${v}'`);
  const parts: string[] = [];
  for (const [side, party] of [
    ['issued', 'supplier'],
    ['received', 'recipient'],
  ] as const)
    for (const [kind, day] of [
      ['invoice', 'invoice_date'],
      ['due', 'due_date'],
    ] as const) {
      const conditions = [
        ...(party === 'recipient' ? [`${row}.recipient_structure_id is not null`] : []),
        ...(day === 'due_date' ? [`${row}.due_date is not null`] : []),
      ];
      parts.push(
        `select ${row}.${party}_structure_id, ${text(side)}, ${text(kind)}, ${row}.${day}, ${row}.status, ` +
          `coalesce(${row}.${party}_service_id, 0), ${row}.currency, ${sign}, ${sign} * ${row}.net_payable_cents` +
          (from ? ` from ${from} ${row}` : '') +
          // The WHERE also keeps SQLite from reading ON CONFLICT as a join's ON.
          ` where ${conditions.length ? conditions.join(' and ') : 'true'}`,
      );
    }
  return parts;
}

const upsert = (select: string) =>
  `insert into invoice_totals as t (${COLUMNS}) ${select}
   on conflict (${KEY_LIST}) do update set n = t.n + excluded.n, cents = t.cents + excluded.cents`;

/** PostgreSQL: the rows written by one statement, added up by key before they touch the totals. */
function pgDelta(tables: { table: string; sign: 1 | -1 }[]) {
  const rows = tables.flatMap(({ table, sign }) => contributions('r', sign, table, true)).join('\n union all ');
  return upsert(
    `select ${KEY_LIST}, sum(n), sum(cents) from (${rows}) as d (${COLUMNS})
     group by ${KEY_LIST} having sum(n) <> 0 or sum(cents) <> 0
     order by ${KEY_LIST}`,
  );
}

const pgTriggers = [
  { op: 'insert', referencing: 'new table as new_rows', tables: [{ table: 'new_rows', sign: 1 as const }] },
  { op: 'delete', referencing: 'old table as old_rows', tables: [{ table: 'old_rows', sign: -1 as const }] },
  {
    op: 'update',
    referencing: 'old table as old_rows new table as new_rows',
    tables: [
      { table: 'old_rows', sign: -1 as const },
      { table: 'new_rows', sign: 1 as const },
    ],
  },
];

/** PostgreSQL: the trigger functions that update the totals in place (also 20261202T0210's down). */
export async function restoreDirectTriggers(db: Kysely<unknown>) {
  for (const t of pgTriggers)
    await sql
      .raw(
        `create or replace function invoice_totals_on_${t.op}() returns trigger language plpgsql as $$
         begin
           ${pgDelta(t.tables)};
           return null;
         end $$`,
      )
      .execute(db);
}

async function createPostgresTriggers(db: Kysely<unknown>) {
  await restoreDirectTriggers(db);
  for (const t of pgTriggers)
    await sql
      .raw(
        `create trigger invoice_totals_${t.op} after ${t.op} on invoices
         referencing ${t.referencing} for each statement execute function invoice_totals_on_${t.op}()`,
      )
      .execute(db);
}

async function createSqliteTriggers(db: Kysely<unknown>) {
  const each = (row: 'new' | 'old', sign: 1 | -1) =>
    contributions(row, sign, null, false)
      .map((s) => `${upsert(s)};`)
      .join('\n');
  const changed = TOTALLED_COLUMNS.map((c) => `old.${c} is not new.${c}`).join(' or ');
  await sql
    .raw(`create trigger invoice_totals_insert after insert on invoices begin ${each('new', 1)} end`)
    .execute(db);
  await sql
    .raw(`create trigger invoice_totals_delete after delete on invoices begin ${each('old', -1)} end`)
    .execute(db);
  await sql
    .raw(
      `create trigger invoice_totals_update after update of ${TOTALLED_COLUMNS.join(', ')} on invoices
       when ${changed} begin ${each('old', -1)} ${each('new', 1)} end`,
    )
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('invoice_totals')
    .addColumn('structure_id', 'integer', (c) => c.notNull())
    .addColumn('side', 'varchar(10)', (c) => c.notNull())
    .addColumn('date_kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(40)', (c) => c.notNull())
    /** 0 for the invoices of no service. */
    .addColumn('service_id', 'integer', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addColumn('cents', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_totals_pk', [...KEY])
    // SQLite: the rows stored in the key's order, read without a second lookup.
    .$call((b) => (isPostgres ? b : b.modifyEnd(sql`without rowid`)))
    .execute();
  // The invoices already there (a single pass, the rows added up by key).
  await sql
    .raw(
      `insert into invoice_totals (${COLUMNS})
       with d (${COLUMNS}) as (${contributions('r', 1, 'invoices', isPostgres).join('\n union all ')})
       select ${KEY_LIST}, sum(n), sum(cents) from d group by ${KEY_LIST}`,
    )
    .execute(db);
  if (isPostgres) await createPostgresTriggers(db);
  else await createSqliteTriggers(db);

  // The supplier's urgent invoices (late or soon due, by due date then id, ten of them) read in
  // that order from the index and stop at the tenth, as the recipient's do (invoices_recipient_due).
  await db.schema
    .createIndex('invoices_supplier_due')
    .on('invoices')
    .columns(['supplier_structure_id', 'due_date', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropIndex('invoices_supplier_due').execute();
  for (const op of ['insert', 'update', 'delete']) {
    await sql.raw(`drop trigger invoice_totals_${op}${isPostgres ? ' on invoices' : ''}`).execute(db);
    if (isPostgres) await sql.raw(`drop function invoice_totals_on_${op}()`).execute(db);
  }
  await db.schema.dropTable('invoice_totals').execute();
}
