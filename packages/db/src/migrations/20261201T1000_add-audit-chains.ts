import type { Kysely } from 'kysely';
import { chainHash, CHAIN_KEY, type ChainTable } from '../audit-chain.ts';

// Tamper-evident history (issue 15): each row links to the previous one of its chain. Rows
// written before this migration are chained here, in id order.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['invoice_history', 'security_events'] as const) {
    await db.schema.alterTable(table).addColumn('prev_hash', 'varchar(64)').execute();
    await db.schema.alterTable(table).addColumn('hash', 'varchar(64)').execute();
    await chainExistingRows(db as Kysely<Record<ChainTable, Record<string, unknown>>>, table);
  }
  await db.schema.createIndex('invoice_history_chain').on('invoice_history').columns(['invoice_id', 'id']).execute();
  await db.schema.createIndex('security_events_chain').on('security_events').columns(['user_id', 'id']).execute();
}

async function chainExistingRows(db: Kysely<Record<ChainTable, Record<string, unknown>>>, table: ChainTable) {
  const key = CHAIN_KEY[table];
  const rows = await db.selectFrom(table).selectAll().orderBy(key).orderBy('id').execute();
  let chain: unknown = null;
  let previous: string | null = null;
  for (const row of rows) {
    if (row[key] !== chain) {
      chain = row[key];
      previous = null;
    }
    const hash = chainHash(table, previous, row);
    await db.updateTable(table).set({ prev_hash: previous, hash }).where('id', '=', row.id).execute();
    previous = hash;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('security_events_chain').execute();
  await db.schema.dropIndex('invoice_history_chain').execute();
  for (const table of ['invoice_history', 'security_events'] as const) {
    await db.schema.alterTable(table).dropColumn('hash').execute();
    await db.schema.alterTable(table).dropColumn('prev_hash').execute();
  }
}
