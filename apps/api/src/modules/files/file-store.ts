import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';

/**
 * Content-addressed storage on the local disk: a file is named by its SHA-256, written once
 * (temporary name then rename, so a crash never leaves half a file under a real name) and never
 * changed. The database keeps its size and hash.
 */
function pathOf(ctx: Pick<AppContext, 'config'>, sha256: string): string {
  return join(ctx.config.dataDir, 'files', sha256.slice(0, 2), sha256);
}

export async function storeFile(ctx: AppContext, trx: Db, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = pathOf(ctx, sha256);
  await mkdir(join(ctx.config.dataDir, 'files', sha256.slice(0, 2)), { recursive: true });
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, bytes, { flag: 'wx' });
  await rename(temp, target);
  await trx
    .insertInto('stored_files')
    .values({ sha256, size: bytes.length, created_at: isoNow(ctx) })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return sha256;
}

export function readStoredFile(ctx: Pick<AppContext, 'config'>, sha256: string): Promise<Buffer> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad file hash');
  return readFile(pathOf(ctx, sha256));
}
