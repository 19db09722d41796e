import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('bank_accounts')
    .addColumn('proof_sha256', 'varchar(64)', (c) => c.references('stored_files.sha256'))
    .execute();
  await db.schema.alterTable('bank_accounts').addColumn('proof_file_name', 'varchar(50)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('bank_accounts').dropColumn('proof_file_name').execute();
  await db.schema.alterTable('bank_accounts').dropColumn('proof_sha256').execute();
}
