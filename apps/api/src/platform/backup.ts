import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backupDatabase, dialectOf, restoreDatabase } from '@chorale/db';

/**
 * A backup folder holds the database copy, then the stored files (content-addressed, written
 * before the rows that name them and never changed or deleted): copying the files after the
 * database guarantees that every file the copy refers to is in the backup.
 */
export interface BackupManifest {
  format: 'chorale-backup-1';
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  databaseFile: string;
  databaseSha256: string;
  files: number;
}

async function sha256Of(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** Copies every stored file of `from` missing in `to`, checking each against its name (its SHA-256). */
async function copyStoredFiles(from: string, to: string, onProgress: (copied: number) => void): Promise<number> {
  let count = 0;
  const shards = await readdir(from).catch(() => [] as string[]);
  for (const shard of shards) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    await mkdir(join(to, shard), { recursive: true });
    for (const name of await readdir(join(from, shard))) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue; // temporary files of writes in progress
      const source = join(from, shard, name);
      const target = join(to, shard, name);
      const present = await stat(target).catch(() => null);
      if (!present) {
        if ((await sha256Of(source)) !== name) throw new Error(`Fichier altéré dans le stockage : ${source}`);
        await copyFile(source, target);
      }
      count++;
      if (count % 1000 === 0) onProgress(count);
    }
  }
  return count;
}

export async function backup(
  options: { databaseUrl: string; dataDir: string; folder: string; now?: Date },
  onProgress: (message: string) => void = () => {},
): Promise<BackupManifest> {
  await mkdir(options.folder, { recursive: true });
  onProgress('Copie de la base de données…');
  const databaseFile = await backupDatabase(options.databaseUrl, options.folder);
  onProgress('Copie des fichiers déposés…');
  const files = await copyStoredFiles(join(options.dataDir, 'files'), join(options.folder, 'files'), (n) =>
    onProgress(`${n} fichiers copiés…`),
  );
  const manifest: BackupManifest = {
    format: 'chorale-backup-1',
    createdAt: (options.now ?? new Date()).toISOString(),
    dialect: dialectOf(options.databaseUrl),
    databaseFile: databaseFile.slice(options.folder.length).replace(/^\/+/, ''),
    databaseSha256: await sha256Of(databaseFile),
    files,
  };
  await writeFile(join(options.folder, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export async function restore(
  options: { databaseUrl: string; dataDir: string; folder: string },
  onProgress: (message: string) => void = () => {},
): Promise<BackupManifest> {
  const manifest = JSON.parse(await readFile(join(options.folder, 'manifest.json'), 'utf8')) as BackupManifest;
  if (manifest.format !== 'chorale-backup-1') throw new Error('Ce dossier n’est pas une sauvegarde Chorale.');
  if (manifest.dialect !== dialectOf(options.databaseUrl))
    throw new Error(`Sauvegarde ${manifest.dialect} : DATABASE_URL doit désigner une base du même type.`);
  if ((await sha256Of(join(options.folder, manifest.databaseFile))) !== manifest.databaseSha256)
    throw new Error('La copie de la base de données est altérée (empreinte différente du manifeste).');
  onProgress('Restauration de la base de données…');
  await restoreDatabase(options.databaseUrl, options.folder);
  onProgress('Restauration des fichiers déposés…');
  const files = await copyStoredFiles(join(options.folder, 'files'), join(options.dataDir, 'files'), (n) =>
    onProgress(`${n} fichiers restaurés…`),
  );
  if (files < manifest.files) throw new Error(`Fichiers manquants : ${files} sur ${manifest.files}.`);
  return manifest;
}
