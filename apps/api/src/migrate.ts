import { migrateToLatest, openDatabase } from '@chorale/db';
import { ConfigError, loadConfig } from './config.ts';

// `npm run migrate`: brings the configured database up to date, then exits.
try {
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl);
  const applied = await migrateToLatest(database.db, { schema: database.schema });
  console.log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'La base de données est déjà à jour.');
  await database.destroy();
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
}
