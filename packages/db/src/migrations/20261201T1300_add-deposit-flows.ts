import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

/**
 * Deposit flows (issue 10, DOMAIN.md §10): a deposit is a flow with its `syntaxeFlux` and the
 * Chorus Pro flow states (`flow_state` replaces the portal's EN_COURS / TERMINE / ECHEC, which is
 * derived from it). Each file of a flow is an entry, written in the same transaction as the
 * invoice it creates: a reader that crashed and resumes skips what is done and never creates an
 * invoice twice. `reader_until` is the lease of the one reader of a flow.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = db as Kysely<Record<string, Record<string, unknown>>>;
  await db.schema.alterTable('deposits').addColumn('syntax', 'varchar(40)').execute();
  await db.schema
    .alterTable('deposits')
    .addColumn('syntax_declared', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('deposits')
    .addColumn('flow_state', 'varchar(40)', (c) => c.notNull().defaultTo('IN_RECU'))
    .execute();
  await db.schema.alterTable('deposits').addColumn('flow_state_at', 'varchar(30)').execute();
  await db.schema.alterTable('deposits').addColumn('reader_until', 'varchar(30)').execute();

  await withId(db.schema.createTable('deposit_entries'), db)
    .addColumn('deposit_id', 'integer', (c) => c.notNull().references('deposits.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('invoice_id', 'integer', (c) => c.references('invoices.id').onDelete('set null'))
    .addColumn('outcome', 'varchar(10)')
    .addColumn('result', 'text')
    .execute();
  await db.schema
    .createIndex('deposit_entries_position')
    .unique()
    .on('deposit_entries')
    .columns(['deposit_id', 'position'])
    .execute();
  await db.schema.createIndex('deposit_entries_invoice').on('deposit_entries').column('invoice_id').execute();

  // Deposits read before this migration: their items become entries, their state a flow state.
  const rows = await d.selectFrom('deposits').select(['id', 'state', 'result', 'error', 'updated_at']).execute();
  for (const row of rows) {
    const items = row.result
      ? (JSON.parse(row.result as string) as { fileName: string; invoiceId: number | null; outcome: string }[])
      : [];
    for (const [position, item] of items.entries())
      await d
        .insertInto('deposit_entries')
        .values({
          deposit_id: row.id,
          position,
          file_name: String(item.fileName).slice(0, 255),
          invoice_id: item.invoiceId,
          outcome: item.outcome,
          result: JSON.stringify(item),
        })
        .execute();
    const integrated = items.filter((i) => i.outcome !== 'REFUSEE').length;
    const state =
      row.state === 'EN_COURS'
        ? 'IN_RECU'
        : row.state === 'ECHEC' || integrated === 0
          ? 'IN_REJETE'
          : integrated === items.length
            ? 'IN_INTEGRE'
            : 'IN_INTEGRE_PARTIEL';
    await d
      .updateTable('deposits')
      .set({ flow_state: state, flow_state_at: row.updated_at })
      .where('id', '=', row.id)
      .execute();
  }
  await db.schema.alterTable('deposits').dropColumn('state').execute();
  await db.schema.alterTable('deposits').dropColumn('result').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('deposits')
    .addColumn('state', 'varchar(10)', (c) => c.notNull().defaultTo('TERMINE'))
    .execute();
  await db.schema.alterTable('deposits').addColumn('result', 'text').execute();
  await db.schema.dropTable('deposit_entries').execute();
  for (const c of ['reader_until', 'flow_state_at', 'flow_state', 'syntax_declared', 'syntax'])
    await db.schema.alterTable('deposits').dropColumn(c).execute();
}
