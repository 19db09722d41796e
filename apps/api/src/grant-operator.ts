import { migrateToLatest, openDatabase } from '@chorale/db';
import { ConfigError, loadConfig } from './config.ts';
import { setOperator } from './modules/support/grant-operator.ts';
import { AppError } from './platform/app-error.ts';

// `npm run support:operator -- ADRESSE [--retirer]`: platform support operators answer the tickets
// addressed to the platform (subcategories without « M - »).
const [email, flag] = process.argv.slice(2);
if (!email) {
  console.error('Usage : npm run support:operator -- <adresse de connexion> [--retirer]');
  process.exit(1);
}
try {
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl);
  await migrateToLatest(database.db);
  await setOperator(
    { config, db: database.db, dialect: database.dialect, now: () => new Date(), nudgeOutbox: () => undefined },
    email,
    flag !== '--retirer',
  );
  console.log(
    flag === '--retirer'
      ? `${email} n’est plus opérateur du support.`
      : `${email} est désormais opérateur du support de la plateforme.`,
  );
  await database.destroy();
} catch (err) {
  console.error(err instanceof AppError || err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
