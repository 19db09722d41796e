import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stored_files')
    .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('counters')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('invoices'), db)
    .addColumn('draft_number', 'varchar(30)', (c) => c.notNull().unique())
    .addColumn('number', 'varchar(20)')
    .addColumn('supplier_structure_id', 'integer', (c) => c.notNull().references('structures.id'))
    .addColumn('supplier_service_id', 'integer', (c) => c.references('services.id'))
    .addColumn('recipient_structure_id', 'integer', (c) => c.references('structures.id'))
    .addColumn('recipient_service_id', 'integer', (c) => c.references('services.id'))
    .addColumn('billing_framework', 'varchar(60)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('type', 'varchar(10)', (c) => c.notNull())
    .addColumn('vat_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('exemption_reason', 'text')
    .addColumn('market_number', 'varchar(100)')
    .addColumn('commitment_number', 'varchar(100)')
    .addColumn('original_invoice_number', 'varchar(100)')
    .addColumn('payment_mode', 'varchar(20)', (c) => c.notNull())
    .addColumn('invoice_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('bank_account_id', 'integer', (c) => c.references('bank_accounts.id'))
    .addColumn('comment', 'text')
    .addColumn('global_discount', 'varchar(30)', (c) => c.notNull().defaultTo('0'))
    .addColumn('global_discount_reason', 'text')
    .addColumn('total_net_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_vat_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_gross_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('global_discount_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('net_payable_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(40)', (c) => c.notNull())
    .addColumn('status_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('deposited_at', 'varchar(30)')
    .addColumn('made_available_at', 'varchar(30)')
    .addColumn('certificate', 'varchar(100)')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoices_supplier')
    .on('invoices')
    .columns(['supplier_structure_id', 'status'])
    .execute();
  await db.schema
    .createIndex('invoices_recipient')
    .on('invoices')
    .columns(['recipient_structure_id', 'status'])
    .execute();
  // An invoice number is unique for its supplier (drafts have none yet).
  await db.schema
    .createIndex('invoices_supplier_number')
    .on('invoices')
    .columns(['supplier_structure_id', 'number'])
    .unique()
    .execute();

  await withId(db.schema.createTable('invoice_lines'), db)
    .addColumn('invoice_id', 'integer', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('reference', 'varchar(100)')
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('quantity', 'varchar(30)', (c) => c.notNull())
    .addColumn('unit', 'varchar(30)')
    .addColumn('unit_price', 'varchar(30)', (c) => c.notNull())
    .addColumn('discount', 'varchar(30)', (c) => c.notNull().defaultTo('0'))
    .addColumn('vat_rate', 'varchar(10)', (c) => c.notNull())
    .addColumn('net_cents', 'bigint', (c) => c.notNull())
    .addColumn('gross_cents', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoice_lines_invoice')
    .on('invoice_lines')
    .columns(['invoice_id', 'position'])
    .execute();

  await withId(db.schema.createTable('invoice_attachments'), db)
    .addColumn('invoice_id', 'integer', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('file_sha256', 'varchar(64)', (c) => c.notNull().references('stored_files.sha256'))
    .addColumn('file_name', 'varchar(50)', (c) => c.notNull())
    .addColumn('designation', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_attachments_invoice').on('invoice_attachments').column('invoice_id').execute();

  await withId(db.schema.createTable('invoice_history'), db)
    .addColumn('invoice_id', 'integer', (c) => c.notNull().references('invoices.id'))
    .addColumn('status', 'varchar(40)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('structure_label', 'varchar(300)', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_history_invoice').on('invoice_history').columns(['invoice_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['invoice_history', 'invoice_attachments', 'invoice_lines', 'invoices', 'counters', 'stored_files'])
    await db.schema.dropTable(t).execute();
}
