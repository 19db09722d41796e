import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { dialectOf, sqlitePath } from './dialect.ts';

/**
 * Backups of the database alone; apps/api/src/platform/backup.ts adds the stored files.
 * SQLite: the online backup API (a consistent copy while the server writes). PostgreSQL:
 * pg_dump in its custom format, restored by pg_restore (both from PostgreSQL's client tools).
 */
export const BACKUP_FILES = { sqlite: 'chorale.sqlite', postgres: 'chorale.pgdump' } as const;

/** The URL without Chorale's own `?schema=` parameter, and that schema, for the PostgreSQL tools. */
function pgTarget(url: string): { url: string; schema: string | null } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema };
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', (e) => reject(new Error(`${command} introuvable ou inutilisable : ${e.message}`)));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} a échoué (code ${code}) : ${errors.trim()}`)),
    );
  });
}

/** Writes a consistent copy of the database into `folder`; returns the file written. */
export async function backupDatabase(url: string, folder: string): Promise<string> {
  mkdirSync(folder, { recursive: true });
  if (dialectOf(url) === 'sqlite') {
    const target = join(folder, BACKUP_FILES.sqlite);
    rmSync(target, { force: true });
    const source = new SQLite(sqlitePath(url), { readonly: true, fileMustExist: true });
    try {
      await source.backup(target);
    } finally {
      source.close();
    }
    return target;
  }
  const { url: plain, schema } = pgTarget(url);
  const target = join(folder, BACKUP_FILES.postgres);
  await run('pg_dump', [
    '--format=custom',
    '--no-owner',
    '--no-privileges',
    ...(schema ? ['--schema', schema] : []),
    '--file',
    target,
    '--dbname',
    plain,
  ]);
  return target;
}

/**
 * Puts a backup back into the database of `url`, which must be empty (a new SQLite path, or a
 * PostgreSQL database or schema without Chorale's tables): a restore never overwrites live data.
 */
export async function restoreDatabase(url: string, folder: string): Promise<void> {
  if (dialectOf(url) === 'sqlite') {
    const source = join(folder, BACKUP_FILES.sqlite);
    if (!existsSync(source)) throw new Error(`Sauvegarde SQLite absente : ${source}`);
    const target = sqlitePath(url);
    if (existsSync(target)) throw new Error(`La base ${target} existe déjà : restaurez vers un nouveau fichier.`);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    return;
  }
  const source = join(folder, BACKUP_FILES.postgres);
  if (!existsSync(source)) throw new Error(`Sauvegarde PostgreSQL absente : ${source}`);
  const { url: plain } = pgTarget(url);
  // The dump names its schema; pg_restore recreates it (it must not exist yet, or be empty).
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', plain, source]);
}
