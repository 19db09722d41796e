import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

// « Rattacher un utilisateur » (issue 15 defect 9): an invitation waits for the invitee to accept
// it; no membership exists, and no data of the invitee is shown, before that.
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db.schema.createTable('invitations'), db)
    .addColumn('structure_id', 'integer', (c) => c.notNull().references('structures.id'))
    .addColumn('service_id', 'integer', (c) => c.references('services.id'))
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('invited_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('decided_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('invitations_email_status').on('invitations').columns(['email', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invitations').execute();
}
