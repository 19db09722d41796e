import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as platform from './migrations/20261128T0800_create-platform-tables.ts';
import * as accounts from './migrations/20261128T0810_create-accounts.ts';
import * as directory from './migrations/20261128T0820_create-directory.ts';
import * as organisation from './migrations/20261128T0900_create-organisation.ts';
import * as invoices from './migrations/20261128T1000_create-invoices.ts';
import * as tickets from './migrations/20261128T1100_create-tickets.ts';
import * as bankProof from './migrations/20261128T1200_add-bank-account-proof.ts';
import * as invoiceDeposit from './migrations/20261201T0100_add-invoice-deposit.ts';
import * as directoryAbsence from './migrations/20261201T0300_add-structure-directory-absence.ts';
import * as apiTokens from './migrations/20261201T0500_create-api-tokens.ts';
import * as invitations from './migrations/20261201T0900_create-invitations.ts';
import * as auditChains from './migrations/20261201T1000_add-audit-chains.ts';
import * as ecbRates from './migrations/20261201T1100_create-ecb-rates.ts';
import * as invoiceFollowUp from './migrations/20261201T1500_add-invoice-follow-up.ts';
import * as cpro from './migrations/20261201T1200_create-cpro.ts';
import * as depositFlows from './migrations/20261201T1300_add-deposit-flows.ts';
import * as paymentPeriod from './migrations/20261201T1600_add-payment-period.ts';
import * as cproFiles from './migrations/20261201T1210_create-cpro-files.ts';
import * as ediSftp from './migrations/20261201T1710_create-edi-sftp.ts';
import * as dashboardIndexes from './migrations/20261201T1730_add-dashboard-indexes.ts';
import * as webhooks from './migrations/20261201T1740_create-webhooks.ts';
import * as worklistIndexes from './migrations/20261202T0100_add-worklist-indexes.ts';
import * as invoiceTotals from './migrations/20261202T0200_create-invoice-totals.ts';
import * as invoiceTotalsPending from './migrations/20261202T0210_add-invoice-totals-pending.ts';
import * as perSupplierNumbers from './migrations/20261202T0500_per-supplier-invoice-numbers.ts';
import * as duplicateHistoryIndex from './migrations/20261202T0600_drop-duplicate-history-index.ts';
import * as outboxPendingIndex from './migrations/20261202T0700_add-outbox-pending-index.ts';
import * as outboxClaimFunction from './migrations/20261202T0850_add-outbox-claim-function.ts';

// Listed explicitly (not read from disk) so that order and content are fixed at build time.
const migrations: Record<string, Migration> = {
  '20261128T0800_create-platform-tables': platform,
  '20261128T0810_create-accounts': accounts,
  '20261128T0820_create-directory': directory,
  '20261128T0900_create-organisation': organisation,
  '20261128T1000_create-invoices': invoices,
  '20261128T1100_create-tickets': tickets,
  '20261128T1200_add-bank-account-proof': bankProof,
  '20261201T0100_add-invoice-deposit': invoiceDeposit,
  '20261201T0300_add-structure-directory-absence': directoryAbsence,
  '20261201T0500_create-api-tokens': apiTokens,
  '20261201T0900_create-invitations': invitations,
  '20261201T1000_add-audit-chains': auditChains,
  '20261201T1100_create-ecb-rates': ecbRates,
  '20261201T1500_add-invoice-follow-up': invoiceFollowUp,
  '20261201T1200_create-cpro': cpro,
  '20261201T1300_add-deposit-flows': depositFlows,
  '20261201T1600_add-payment-period': paymentPeriod,
  '20261201T1210_create-cpro-files': cproFiles,
  '20261201T1710_create-edi-sftp': ediSftp,
  '20261201T1730_add-dashboard-indexes': dashboardIndexes,
  '20261201T1740_create-webhooks': webhooks,
  '20261202T0100_add-worklist-indexes': worklistIndexes,
  '20261202T0200_create-invoice-totals': invoiceTotals,
  '20261202T0210_add-invoice-totals-pending': invoiceTotalsPending,
  '20261202T0500_per-supplier-invoice-numbers': perSupplierNumbers,
  '20261202T0600_drop-duplicate-history-index': duplicateHistoryIndex,
  '20261202T0700_add-outbox-pending-index': outboxPendingIndex,
  '20261202T0850_add-outbox-claim-function': outboxClaimFunction,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; throws with the failing migration's name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>, options: { schema?: string } = {}): Promise<string[]> {
  // With several schemas in one database (tests), the migrator must look in its own only.
  // Helpers working in parallel get their own timestamp prefixes: a database migrated with a
  // later one must still take an earlier one that lands after it.
  const migrator = new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'inconnue';
    throw new Error(`La migration ${failed} a échoué : ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
