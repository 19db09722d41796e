import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

/**
 * Issue 11, « mode EDI »: technical accounts exchange flows by SFTP. An account may sign in with a
 * public key its structure's managers registered (`edi_ssh_keys`, the key's SSH wire form and its
 * SHA-256 fingerprint, never a private key). Its `retour/` folder lists `edi_return_files`: flow
 * reports and status returns written by Chorale through the outbox (one row per file, unique per
 * account and name, so that a job run twice writes nothing twice). Small documents are kept in the
 * row; larger ones (PDF reports) in the file store.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db.schema.createTable('edi_ssh_keys'), db)
    .addColumn('technical_account_id', 'integer', (c) => c.notNull().references('cpro_technical_accounts.id'))
    .addColumn('algorithm', 'varchar(40)', (c) => c.notNull())
    // Base64 of the public key blob as SSH sends it during authentication.
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'varchar(80)', (c) => c.notNull())
    .addColumn('label', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(30)')
    .execute();
  await db.schema
    .createIndex('edi_ssh_keys_fingerprint')
    .unique()
    .on('edi_ssh_keys')
    .columns(['technical_account_id', 'fingerprint'])
    .execute();

  await withId(db.schema.createTable('edi_return_files'), db)
    .addColumn('technical_account_id', 'integer', (c) => c.notNull().references('cpro_technical_accounts.id'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('deposit_id', 'integer', (c) => c.references('deposits.id'))
    .addColumn('invoice_id', 'integer', (c) => c.references('invoices.id'))
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('file_sha256', 'varchar(64)')
    .addColumn('content', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    // Removed by the account from its retour/ folder (the flow and its reports stay in the portal).
    .addColumn('removed_at', 'varchar(30)')
    .execute();
  await db.schema
    .createIndex('edi_return_files_name')
    .unique()
    .on('edi_return_files')
    .columns(['technical_account_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('edi_return_files').execute();
  await db.schema.dropTable('edi_ssh_keys').execute();
}
