import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db.schema.createTable('structures'), db)
    .addColumn('identifier_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('identifier', 'varchar(80)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('company_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('label', 'varchar(200)')
    .addColumn('email', 'varchar(320)')
    .addColumn('phone', 'varchar(30)')
    .addColumn('address', 'varchar(300)')
    .addColumn('address_complement1', 'varchar(300)')
    .addColumn('address_complement2', 'varchar(300)')
    .addColumn('postal_code', 'varchar(20)')
    .addColumn('city', 'varchar(100)')
    .addColumn('country_code', 'varchar(2)', (c) => c.notNull())
    .addColumn('non_diffusible', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('service_code_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('commitment_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('service_or_commitment_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('payment_status_managed', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('structures_identifier', ['identifier_type', 'identifier'])
    .execute();
  await db.schema.createIndex('structures_company_name').on('structures').column('company_name').execute();
  await db.schema.createIndex('structures_postal_code').on('structures').column('postal_code').execute();

  await withId(db.schema.createTable('services'), db)
    .addColumn('structure_id', 'integer', (c) => c.notNull().references('structures.id'))
    .addColumn('code', 'varchar(100)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('commitment_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('services_structure_code', ['structure_id', 'code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('services').execute();
  await db.schema.dropTable('structures').execute();
}
