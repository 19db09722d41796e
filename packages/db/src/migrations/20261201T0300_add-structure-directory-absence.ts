import type { Kysely } from 'kysely';

/**
 * When a public structure is missing from a full directory export, the import deactivates it and
 * records since when, so that a later export bringing it back reactivates it (and only it: a
 * structure the export itself marks inactive stays inactive).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('structures').addColumn('directory_absent_since', 'varchar(30)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('structures').dropColumn('directory_absent_since').execute();
}
