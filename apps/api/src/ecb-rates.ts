import { openDatabase, migrateToLatest } from '@chorale/db';
import { ConfigError, loadConfig } from './config.ts';
import { loadEcbRates, RateInputError, setEcbRate } from './modules/invoices/ecb-rates.ts';

// `npm run rates:ecb` lists the ECB main refinancing rates used for late-payment interest;
// `npm run rates:ecb -- DATE TAUX` records a new decision (README, « Exploitation »).
const [from, rate] = process.argv.slice(2);
if ((from && !rate) || process.argv.length > 4) {
  console.error('Usage : npm run rates:ecb [-- AAAA-MM-JJ TAUX]   (par exemple 2026-07-01 2,15)');
  process.exit(2);
}
try {
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db, { schema: database.schema });
    if (from && rate) {
      const saved = await setEcbRate(database.db, from, rate);
      console.log(`Taux enregistré : ${saved.rate.replace('.', ',')} % à compter du ${saved.from}.`);
    } else {
      for (const r of await loadEcbRates(database.db)) console.log(`${r.from}  ${r.rate.replace('.', ',')} %`);
    }
  } finally {
    await database.destroy();
  }
} catch (err) {
  console.error(
    err instanceof ConfigError || err instanceof RateInputError || err instanceof Error ? err.message : err,
  );
  process.exit(1);
}
