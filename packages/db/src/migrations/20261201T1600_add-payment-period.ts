import { sql, type Kysely } from 'kysely';
import { addDays, businessDate, paymentPeriodDays } from '@chorale/domain';

/**
 * Issue 12, payment delay and Rechercher:
 * - a public structure's payment period (DGP): its own number of days (60 where it says so), or
 *   by category (50 days for a public hospital, else 30);
 * - an invoice keeps the due date fixed when it reached its recipient (« Mise à disposition »),
 *   so that lists flag late invoices and the recipient's dashboard sorts by it;
 * - indexes for « Rechercher » sorted by the date of the current state, and for due dates.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('structures').addColumn('payment_period_days', 'integer').execute();
  await db.schema
    .alterTable('structures')
    .addColumn('public_hospital', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('invoices').addColumn('due_date', 'varchar(10)').execute();
  await db.schema
    .createIndex('invoices_supplier_status_at')
    .on('invoices')
    .columns(['supplier_structure_id', 'status_at'])
    .execute();
  await db.schema
    .createIndex('invoices_recipient_status_at')
    .on('invoices')
    .columns(['recipient_structure_id', 'status_at'])
    .execute();
  await db.schema
    .createIndex('invoices_recipient_due')
    .on('invoices')
    .columns(['recipient_structure_id', 'due_date'])
    .execute();

  // Invoices already delivered get the due date of the default rule (30 days; no structure had a
  // setting before this migration).
  const rows = await sql<{ id: number; made_available_at: string }>`
    select id, made_available_at from invoices where made_available_at is not null`.execute(db);
  const period = paymentPeriodDays({ paymentPeriodDays: null, publicHospital: false });
  for (const r of rows.rows)
    await sql`update invoices set due_date = ${addDays(businessDate(new Date(r.made_available_at)), period)}
      where id = ${r.id}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['invoices_recipient_due', 'invoices_recipient_status_at', 'invoices_supplier_status_at'])
    await db.schema.dropIndex(i).execute();
  await db.schema.alterTable('invoices').dropColumn('due_date').execute();
  await db.schema.alterTable('structures').dropColumn('public_hospital').execute();
  await db.schema.alterTable('structures').dropColumn('payment_period_days').execute();
}
