import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db.schema.createTable('memberships'), db)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('structure_id', 'integer', (c) => c.notNull().references('structures.id'))
    .addColumn('service_id', 'integer', (c) => c.references('services.id'))
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(30)', (c) => c.notNull())
    .addColumn('request_comment', 'text')
    .addColumn('decision_comment', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').columns(['user_id', 'status']).execute();
  await db.schema.createIndex('memberships_structure').on('memberships').columns(['structure_id', 'status']).execute();

  await withId(db.schema.createTable('membership_profiles'), db)
    .addColumn('membership_id', 'integer', (c) => c.notNull().references('memberships.id').onDelete('cascade'))
    .addColumn('application', 'varchar(40)', (c) => c.notNull())
    .addColumn('level', 'varchar(20)', (c) => c.notNull())
    .addUniqueConstraint('membership_profiles_unique', ['membership_id', 'application', 'level'])
    .execute();

  await withId(db.schema.createTable('bank_accounts'), db)
    .addColumn('structure_id', 'integer', (c) => c.notNull().references('structures.id'))
    .addColumn('holder_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('iban', 'varchar(34)', (c) => c.notNull())
    .addColumn('bic', 'varchar(11)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bank_accounts_structure').on('bank_accounts').column('structure_id').execute();

  await withId(db.schema.createTable('structure_events'), db)
    .addColumn('structure_id', 'integer', (c) => c.notNull().references('structures.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['structure_events', 'bank_accounts', 'membership_profiles', 'memberships'])
    await db.schema.dropTable(t).execute();
}
