import { sql, type Kysely } from 'kysely';

/**
 * The worklists of issue 12 (« Synthèse » of Factures émises, « Factures à traiter » of Factures
 * reçues), on 1 million invoices: each side gets a partial index holding only the invoices on its
 * worklist, in the list's order (newest state first). A page reads its 50 rows and a capped count
 * its first 1 001, whatever the structure's other invoices, on both engines and with PostgreSQL's
 * generic plan (the structure is the only parameter; the states are written in the query as here).
 * Before, PostgreSQL read the supplier's invoices newest first through invoices_supplier_status_at
 * until it met 50 of the Synthèse (48 000 rows, 0.5 s, when they were the oldest).
 * The order key is `coalesce(status_at, '')` (status_at is never null): only these indexes give
 * that order, so SQLite takes them even without statistics instead of the status_at indexes.
 * The predicates and the key must stay word for word those of
 * `apps/api/src/modules/invoices/worklist.ts` (worklist.test.ts checks that the lists read them).
 */
const SUPPLIER_WORKLIST = `status in ('BROUILLON', 'A_RECYCLER', 'SUSPENDUE') or (status = 'REJETEE' and rejection_handled_at is null)`;
const RECIPIENT_WORKLIST = `status in ('MISE_A_DISPOSITION', 'PRISE_EN_COMPTE_DESTINATAIRE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'COMPLETEE')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index invoices_supplier_worklist on invoices (supplier_structure_id, (coalesce(status_at, '')), id) where ${sql.raw(SUPPLIER_WORKLIST)}`.execute(
    db,
  );
  await sql`create index invoices_recipient_worklist on invoices (recipient_structure_id, (coalesce(status_at, '')), id) where ${sql.raw(RECIPIENT_WORKLIST)}`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('invoices_recipient_worklist').execute();
  await db.schema.dropIndex('invoices_supplier_worklist').execute();
}
