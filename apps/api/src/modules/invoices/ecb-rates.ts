import type { EcbRate } from '@chorale/domain';
import type { Db } from '../../platform/context.ts';

/** The ECB rates the late-payment interest uses, oldest first. */
export async function loadEcbRates(db: Db): Promise<EcbRate[]> {
  const rows = await db.selectFrom('ecb_rates').select(['effective_from', 'rate']).orderBy('effective_from').execute();
  return rows.map((r) => ({ from: r.effective_from, rate: r.rate }));
}

export class RateInputError extends Error {}

/**
 * Records a new ECB main refinancing rate (or corrects one) from its effective date. French
 * decimal commas are accepted; the rate is stored with a dot.
 */
export async function setEcbRate(db: Db, from: string, rateInput: string): Promise<EcbRate> {
  const [y, m, d] = from.split('-').map(Number);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && new Date(Date.UTC(y!, m! - 1, d!)).toISOString().startsWith(from);
  if (!valid) throw new RateInputError(`Date invalide : « ${from} » (attendu AAAA-MM-JJ, par exemple 2026-07-01).`);
  const rate = rateInput.trim().replace(',', '.');
  if (!/^-?\d{1,2}(\.\d{1,4})?$/.test(rate))
    throw new RateInputError(`Taux invalide : « ${rateInput} » (un pourcentage, par exemple 2,15).`);
  await db
    .insertInto('ecb_rates')
    .values({ effective_from: from, rate })
    .onConflict((oc) => oc.column('effective_from').doUpdateSet({ rate }))
    .execute();
  return { from, rate };
}
