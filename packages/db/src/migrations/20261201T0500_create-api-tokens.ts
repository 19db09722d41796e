import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

/** Personal API tokens: software acting as their user on the native API, without a person. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db.schema.createTable('api_tokens'), db)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    // SHA-256 of the secret: the secret itself is shown once and never stored.
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    // The first characters of the secret, so that its owner recognises it in the list.
    .addColumn('prefix', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)')
    .addColumn('last_used_at', 'varchar(30)')
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_tokens').execute();
}
