import type { Kysely } from 'kysely';

/**
 * « Tableau de bord » (issue 12): the charts count and add up the invoices of one structure over a
 * period of invoice dates, grouped by status (and month, and currency). Each side gets an index
 * holding every column those queries read, so that they are answered from the index alone
 * (an index-only scan on PostgreSQL, a covering index on SQLite), without visiting the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const side of ['supplier', 'recipient'] as const)
    await db.schema
      .createIndex(`invoices_${side}_dashboard`)
      .on('invoices')
      .columns([`${side}_structure_id`, 'invoice_date', 'status', 'currency', 'net_payable_cents'])
      .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const side of ['supplier', 'recipient'] as const)
    await db.schema.dropIndex(`invoices_${side}_dashboard`).execute();
}
