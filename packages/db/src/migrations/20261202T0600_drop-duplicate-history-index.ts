import type { Kysely } from 'kysely';

/**
 * `invoice_history_chain` (20261201T1000) repeats `invoice_history_invoice` (invoice_id, id), made
 * with the table: every « Suivi du traitement » row was written into two identical indexes. One is
 * enough for both the chain's head and the history read (issue 13: three rows per sent invoice).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('invoice_history_chain').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('invoice_history_chain').on('invoice_history').columns(['invoice_id', 'id']).execute();
}
