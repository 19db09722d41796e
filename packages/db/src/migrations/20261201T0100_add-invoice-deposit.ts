import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

/**
 * « Déposer facture »: an invoice remembers how it came in and keeps the deposited file (the legal
 * original, by its hash in the file store) with its validation report; a deposit (one file or a
 * batch) is a row the portal polls while it is read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const columns: [string, 'varchar(30)' | 'varchar(20)' | 'varchar(64)' | 'varchar(255)' | 'integer' | 'text'][] = [
    ['original_format', 'varchar(20)'],
    ['original_file_name', 'varchar(255)'],
    ['original_size', 'integer'],
    ['deposit_report', 'text'],
    ['deposit_guesses', 'text'],
    ['deposit_amounts', 'text'],
  ];
  await db.schema
    .alterTable('invoices')
    .addColumn('deposit_mode', 'varchar(30)', (c) => c.notNull().defaultTo('SAISIE_PORTAIL'))
    .execute();
  await db.schema
    .alterTable('invoices')
    .addColumn('original_sha256', 'varchar(64)', (c) => c.references('stored_files.sha256'))
    .execute();
  for (const [name, type] of columns) await db.schema.alterTable('invoices').addColumn(name, type).execute();

  await withId(db.schema.createTable('deposits'), db)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('file_sha256', 'varchar(64)', (c) => c.notNull().references('stored_files.sha256'))
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('channel', 'varchar(10)', (c) => c.notNull())
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stage', 'varchar(200)', (c) => c.notNull())
    .addColumn('submit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('supplier_structure_id', 'integer', (c) => c.references('structures.id'))
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deposits_user').on('deposits').columns(['user_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('deposits').execute();
  for (const c of [
    'deposit_amounts',
    'deposit_guesses',
    'deposit_report',
    'original_size',
    'original_file_name',
    'original_format',
    'original_sha256',
    'deposit_mode',
  ])
    await db.schema.alterTable('invoices').dropColumn(c).execute();
}
