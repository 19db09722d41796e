import type { Kysely } from 'kysely';
import { ECB_MAIN_REFINANCING_RATES } from '@chorale/domain';

// Late-payment interest (issue 12): the ECB main refinancing rates are data an operator keeps
// up to date (npm run rates:ecb), seeded with the published history.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ecb_rates')
    .addColumn('effective_from', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('rate', 'varchar(12)', (c) => c.notNull())
    .execute();
  await (db as Kysely<{ ecb_rates: { effective_from: string; rate: string } }>)
    .insertInto('ecb_rates')
    .values(ECB_MAIN_REFINANCING_RATES.map((r) => ({ effective_from: r.from, rate: r.rate })))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ecb_rates').execute();
}
