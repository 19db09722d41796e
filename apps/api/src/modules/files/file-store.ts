import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';

/**
 * Content-addressed storage on the local disk: a file is named by its SHA-256, written once
 * (temporary name then rename, so a crash never leaves half a file under a real name) and never
 * changed. The database keeps its size and hash.
 *
 * Storing is idempotent and safe in parallel (issue 15 defect 7: 30 parallel uploads of the same
 * bytes gave 12 × 500, their temporary names from pid + Date.now() colliding): each writer has
 * its own random temporary name, flushes it, and renames it over the final name atomically;
 * identical bytes give an identical file, so whichever rename lands last changes nothing. A file
 * already present (complete, since it only ever appears by rename) is not written again.
 */
function pathOf(ctx: Pick<AppContext, 'config'>, sha256: string): string {
  return join(ctx.config.dataDir, 'files', sha256.slice(0, 2), sha256);
}

/** Writes being made, by target path: the same bytes asked for twice at once are written once. */
const writing = new Map<string, Promise<void>>();

/**
 * Writes the bytes durably (flushed, renamed into place) and gives their hash, without touching the
 * database: callers do it before their transaction, so that no transaction waits on the disk, and a
 * batch starts the writes of its files ahead so that their flushes overlap (issue 9 bench). A file
 * written for a transaction that then fails is only an unreferenced copy, never a half file.
 */
export async function writeStoredFile(
  ctx: Pick<AppContext, 'config'>,
  bytes: Buffer,
): Promise<{ sha256: string; size: number }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = pathOf(ctx, sha256);
  let pending = writing.get(target);
  if (!pending) {
    pending = writeOnce(ctx, sha256, target, bytes).finally(() => writing.delete(target));
    writing.set(target, pending);
  }
  await pending;
  return { sha256, size: bytes.length };
}

/** Folders known to exist (256 at most per data folder): one mkdir each, not one per file. */
const folders = new Set<string>();

async function writeOnce(ctx: Pick<AppContext, 'config'>, sha256: string, target: string, bytes: Buffer) {
  const folder = join(ctx.config.dataDir, 'files', sha256.slice(0, 2));
  if (!folders.has(folder)) {
    await mkdir(folder, { recursive: true });
    folders.add(folder);
  }
  if (await isStored(target, bytes.length)) return;
  const temp = `${target}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temp, 'wx').catch(async (error: NodeJS.ErrnoException) => {
      // The folder went away (a data folder emptied under a running process): made again.
      if (error.code !== 'ENOENT') throw error;
      await mkdir(folder, { recursive: true });
      return open(temp, 'wx');
    });
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
}

/** The database's record of a written file (its hash and size), in the caller's transaction. */
export async function recordStoredFile(
  ctx: AppContext,
  trx: Db,
  file: { sha256: string; size: number },
): Promise<string> {
  await trx
    .insertInto('stored_files')
    .values({ sha256: file.sha256, size: file.size, created_at: isoNow(ctx) })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return file.sha256;
}

/** Writes the file and records it in the transaction (single uploads). */
export async function storeFile(ctx: AppContext, trx: Db, bytes: Buffer): Promise<string> {
  return recordStoredFile(ctx, trx, await writeStoredFile(ctx, bytes));
}

async function isStored(path: string, size: number): Promise<boolean> {
  try {
    return (await stat(path)).size === size;
  } catch {
    return false;
  }
}

export function readStoredFile(ctx: Pick<AppContext, 'config'>, sha256: string): Promise<Buffer> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad file hash');
  return readFile(pathOf(ctx, sha256));
}
