import { ConfigError, loadConfig } from './config.ts';
import { restore } from './platform/backup.ts';

// `npm run restore -- DOSSIER`: puts a backup back into an empty database (DATABASE_URL) and
// DATA_DIR, server stopped (docs/operations.md).
const folder = process.argv[2];
if (!folder) {
  console.error('Usage : npm run restore -- DOSSIER');
  process.exit(2);
}
try {
  const config = loadConfig();
  const manifest = await restore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, folder }, (m) =>
    console.log(m),
  );
  console.log(`Restauration terminée : sauvegarde du ${manifest.createdAt}, ${manifest.files} fichiers.`);
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
}
