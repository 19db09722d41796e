import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('is_operator', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db.schema.createTable('tickets'), db)
    .addColumn('number', 'varchar(20)', (c) => c.unique())
    .addColumn('status', 'varchar(30)', (c) => c.notNull())
    .addColumn('category', 'varchar(100)', (c) => c.notNull())
    .addColumn('subcategory', 'varchar(150)', (c) => c.notNull())
    .addColumn('object_type', 'varchar(30)')
    .addColumn('object_number', 'varchar(50)')
    .addColumn('object_invoice_id', 'integer', (c) => c.references('invoices.id'))
    .addColumn('emitter_structure_id', 'integer', (c) => c.notNull().references('structures.id'))
    .addColumn('emitter_service_id', 'integer', (c) => c.references('services.id'))
    .addColumn('recipient_structure_id', 'integer', (c) => c.references('structures.id'))
    .addColumn('contact_email', 'varchar(320)', (c) => c.notNull())
    .addColumn('contact_phone', 'varchar(30)')
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('opened_at', 'varchar(30)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tickets_emitter').on('tickets').columns(['emitter_structure_id', 'status']).execute();
  await db.schema
    .createIndex('tickets_recipient')
    .on('tickets')
    .columns(['recipient_structure_id', 'status'])
    .execute();

  await withId(db.schema.createTable('ticket_activities'), db)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('side', 'varchar(10)', (c) => c.notNull())
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('author_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('status_to', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_activities_ticket')
    .on('ticket_activities')
    .columns(['ticket_id', 'id'])
    .execute();

  await withId(db.schema.createTable('ticket_attachments'), db)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('file_sha256', 'varchar(64)', (c) => c.notNull().references('stored_files.sha256'))
    .addColumn('file_name', 'varchar(50)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('side', 'varchar(10)', (c) => c.notNull())
    .addColumn('added_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['ticket_attachments', 'ticket_activities', 'tickets']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('users').dropColumn('is_operator').execute();
}
