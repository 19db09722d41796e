import type { Kysely } from 'kysely';

/**
 * « Factures émises » follow-up (issue 12): when and by whom a rejection was acknowledged
 * (« Traiter le rejet »: the invoice leaves the Synthèse and the sign-in dialog), and the
 * « Instructeur » code each side may note on an invoice (the Synthèse filter and column).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invoices').addColumn('rejection_handled_at', 'varchar(30)').execute();
  await db.schema.alterTable('invoices').addColumn('rejection_handled_by', 'integer').execute();
  await db.schema.alterTable('invoices').addColumn('supplier_instructor', 'varchar(60)').execute();
  await db.schema.alterTable('invoices').addColumn('recipient_instructor', 'varchar(60)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['recipient_instructor', 'supplier_instructor', 'rejection_handled_by', 'rejection_handled_at'])
    await db.schema.alterTable('invoices').dropColumn(column).execute();
}
