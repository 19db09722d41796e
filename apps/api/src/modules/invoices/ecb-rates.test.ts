// Issue 12: the ECB rate table is data in the database, seeded with the published history and
// kept up to date by an operator command; the interest uses what it holds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ECB_MAIN_REFINANCING_RATES, lateInterest } from '@chorale/domain';
import { databaseKinds, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { loadEcbRates, setEcbRate } from './ecb-rates.ts';

for (const kind of databaseKinds) {
  describe(`issue 12: ECB rate table (${kind.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    test('seeded with the published rates; a new decision is recorded and used', async () => {
      const db = t.database.db;
      assert.deepEqual(await loadEcbRates(db), ECB_MAIN_REFINANCING_RATES);
      await setEcbRate(db, '2026-06-10', '1,90');
      const rates = await loadEcbRates(db);
      assert.deepEqual(rates.at(-1), { from: '2026-06-10', rate: '1.90' });
      // Due 31 July 2026, late from 1 August: the rate of 1 July 2026 is the new one (1.90 + 8).
      assert.equal(lateInterest(100_000, '2026-07-31', '2026-08-10', rates)?.ratePercent, '9.9');
      await setEcbRate(db, '2026-06-10', '1.95');
      assert.equal((await loadEcbRates(db)).at(-1)?.rate, '1.95');
    });

    test('a wrong date or rate is refused with a French message', async () => {
      await assert.rejects(setEcbRate(t.database.db, '2026-02-30', '2'), /Date invalide/);
      await assert.rejects(setEcbRate(t.database.db, '2026-07-01', 'deux'), /Taux invalide/);
    });
  });
}
