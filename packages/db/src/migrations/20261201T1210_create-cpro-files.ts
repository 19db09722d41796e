import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

/**
 * `transverses/v1/ajouter/fichier`: a file uploaded by a technical account before the call that
 * uses it (`soumettre`, `completer` take its `pieceJointeId`). The bytes live in the file store.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db.schema.createTable('cpro_files'), db)
    .addColumn('technical_account_id', 'integer', (c) => c.notNull().references('cpro_technical_accounts.id'))
    .addColumn('file_sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('mime_type', 'varchar(120)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cpro_files_account').on('cpro_files').column('technical_account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cpro_files').execute();
}
