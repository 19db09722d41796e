import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Issue 13: numbering without a lock shared by every sender (PostgreSQL).
 *
 * - Automatic invoice numbers (« <année><10 chiffres> ») were drawn from one platform-wide row per
 *   year, `invoice-<année>`, whose lock every sending transaction held until it committed: all
 *   senders of the platform waited on each other. Each supplier now has its own counter,
 *   `invoice-<année>-<structure>`, which is also what a seller's numbering must be: one
 *   continuous chronological sequence (the global counter left gaps in each supplier's). Each
 *   supplier's counter starts at the highest automatic number it already has for that year, so its
 *   numbering goes on upward; its typed numbers above the global counter were never automatic and
 *   are left out (the counter skips any number the supplier typed anyway). The global rows go.
 * - Draft numbers (« TMP<année><12 chiffres> », temporary, unique platform-wide) come on
 *   PostgreSQL from the sequence `draft_numbers` (not transactional: no lock), started above the
 *   sequence of every existing draft number and of the former `draft-<année>` rows, which go.
 *   SQLite, one writer, keeps its `draft-<année>` rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // A number of the automatic form, its sequence read only then (PostgreSQL would refuse the cast).
  const automatic = isPostgres ? sql`number ~ '^[0-9]{14}$'` : sql`length(number) = 14 and number not glob '*[^0-9]*'`;
  await sql`
    insert into counters (name, value)
    select 'invoice-' || n.year || '-' || cast(n.supplier_structure_id as varchar(20)), cast(max(n.seq) as integer)
    from (
      select supplier_structure_id, substr(number, 1, 4) as year,
        case when ${automatic} then cast(substr(number, 5) as bigint) end as seq
      from invoices
      where number is not null
    ) as n
    join counters as c on c.name = 'invoice-' || n.year
    where n.seq is not null and n.seq > 0 and n.seq <= c.value
    group by n.supplier_structure_id, n.year`.execute(db);
  await sql`delete from counters where name like 'invoice-%' and length(name) = 12`.execute(db);
  if (!isPostgres) return;

  await sql`create sequence draft_numbers`.execute(db);
  await sql`
    select setval('draft_numbers', m.value)
    from (
      select max(v) as value from (
        select case when draft_number ~ '^TMP[0-9]{16}$' then cast(substr(draft_number, 8) as bigint) end as v
        from invoices
        union all
        select cast(value as bigint) from counters where name like 'draft-%'
      ) as all_values
    ) as m
    where m.value > 0`.execute(db);
  await sql`delete from counters where name like 'draft-%'`.execute(db);
}

/** Back to the platform-wide counters, each above every number the per-supplier ones gave. */
export async function down(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`
    insert into counters (name, value)
    select substr(name, 1, 12), max(value) from counters
    where name like 'invoice-%' and length(name) > 12
    group by substr(name, 1, 12)`.execute(db);
  await sql`delete from counters where name like 'invoice-%' and length(name) > 12`.execute(db);
  if (!isPostgres) return;
  // Every year's draft counter goes on from the sequence (the sequence did not restart each year).
  await sql`
    insert into counters (name, value)
    select distinct 'draft-' || substr(i.draft_number, 4, 4), cast(s.last_value as integer)
    from invoices as i cross join draft_numbers as s
    where i.draft_number like 'TMP%'`.execute(db);
  await sql`drop sequence draft_numbers`.execute(db);
}
