import { migrateToLatest, type ChoraleDb } from '@chorale/db';
import type { Config } from './config.ts';
import { loadDemoDirectory } from './modules/directory/demo-directory.ts';

/** Brings the database up to date and loads the demo directory when configured; returns how many entities it created. */
export async function prepareDatabase(config: Config, database: ChoraleDb, now: () => Date = () => new Date()) {
  await migrateToLatest(database.db, { schema: database.schema });
  if (!config.demoData) return 0;
  const ctx = { config, db: database.db, dialect: database.dialect, now, nudgeOutbox: () => undefined };
  return loadDemoDirectory(ctx);
}
