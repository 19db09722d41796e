import { ConfigError, loadConfig } from './config.ts';
import { backup } from './platform/backup.ts';

// `npm run backup -- DOSSIER`: a consistent copy of the configured database and of the stored
// files, while the server runs (docs/operations.md).
const folder = process.argv[2];
if (!folder) {
  console.error('Usage : npm run backup -- DOSSIER');
  process.exit(2);
}
try {
  const config = loadConfig();
  const manifest = await backup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, folder }, (m) =>
    console.log(m),
  );
  console.log(`Sauvegarde terminée dans ${folder} : base ${manifest.databaseFile}, ${manifest.files} fichiers.`);
  if (config.s3Url)
    console.log(
      'Les fichiers déposés sont dans le stockage objet (S3_URL) : cette sauvegarde ne les copie pas ; ' +
        'sauvegardez le compartiment lui-même (versionnage ou réplication, docs/deployment.md).',
    );
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
}
