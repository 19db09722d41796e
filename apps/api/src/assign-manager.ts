import { migrateToLatest, openDatabase } from '@chorale/db';
import { ConfigError, loadConfig } from './config.ts';
import { assignMainManager } from './modules/organisation/assign-main-manager.ts';
import { AppError } from './platform/app-error.ts';

// `npm run organisation:assign-manager -- IDENTIFIANT ADRESSE`: operator command (see README).
const [identifier, email] = process.argv.slice(2);
if (!identifier || !email) {
  console.error(
    'Usage : npm run organisation:assign-manager -- <SIRET de la structure> <adresse de connexion du compte>',
  );
  process.exit(1);
}
try {
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl);
  await migrateToLatest(database.db);
  const result = await assignMainManager(
    { config, db: database.db, dialect: database.dialect, now: () => new Date(), nudgeOutbox: () => undefined },
    { identifier, email },
  );
  console.log(`${email} est désormais gestionnaire principal de ${result.structure}.`);
  await database.destroy();
} catch (err) {
  console.error(err instanceof AppError || err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
