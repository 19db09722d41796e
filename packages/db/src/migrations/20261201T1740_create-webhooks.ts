import type { Kysely } from 'kysely';
import { withId } from './id-column.ts';

/**
 * Issue 10, « What Chorus Pro lacks »: webhooks per API connection. A connection's managers
 * register an https URL; each status change of an invoice of the connection's structures, and
 * each state change of a flow, becomes one delivery per webhook (unique event id per webhook: a
 * change is queued once), pushed by the outbox job `webhook.deliver` with retries; every attempt
 * is logged. The secret signs the deliveries (HMAC-SHA256): it must be readable by the sender,
 * so it is stored as generated (it gives no access to Chorale, only the power to sign).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db.schema.createTable('cpro_webhooks'), db)
    .addColumn('connection_id', 'integer', (c) => c.notNull().references('cpro_connections.id'))
    .addColumn('url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('secret', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('cpro_webhooks_connection').on('cpro_webhooks').column('connection_id').execute();

  await withId(db.schema.createTable('cpro_webhook_deliveries'), db)
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('cpro_webhooks.id'))
    .addColumn('event_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('event_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    // pending → delivered | failed (after the last attempt).
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_http_status', 'integer')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_attempt_at', 'varchar(30)')
    .addColumn('delivered_at', 'varchar(30)')
    .execute();
  await db.schema
    .createIndex('cpro_webhook_deliveries_event')
    .unique()
    .on('cpro_webhook_deliveries')
    .columns(['webhook_id', 'event_id'])
    .execute();

  await withId(db.schema.createTable('cpro_webhook_attempts'), db)
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('cpro_webhook_deliveries.id'))
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('cpro_webhooks.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'varchar(300)')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cpro_webhook_attempts_webhook')
    .on('cpro_webhook_attempts')
    .columns(['webhook_id', 'id'])
    .execute();
  await db.schema
    .createIndex('cpro_webhook_attempts_delivery')
    .on('cpro_webhook_attempts')
    .column('delivery_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['cpro_webhook_attempts', 'cpro_webhook_deliveries', 'cpro_webhooks'])
    await db.schema.dropTable(table).execute();
}
