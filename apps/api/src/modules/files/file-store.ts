import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { blobStore } from './blob-store.ts';

/**
 * Content-addressed storage: a file is named by its SHA-256, written once and never changed, on
 * the local disk or in an S3-compatible store (blob-store.ts). The database keeps its size and hash.
 *
 * Storing is idempotent and safe in parallel (issue 15 defect 7): identical bytes give an
 * identical object, so whichever write lands last changes nothing; a file already there is not
 * written again; the same bytes asked for twice at once in one process are written once.
 */
type StoreContext = Pick<AppContext, 'config'>;

/** Writes being made, per store by hash. */
const writing = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Writes the bytes durably and gives their hash, without touching the database: callers do it
 * before their transaction, so that no transaction waits on the storage, and a batch starts the
 * writes of its files ahead so that they overlap (issue 9 bench). A file written for a transaction
 * that then fails is only an unreferenced copy, never a half file.
 */
export async function writeStoredFile(ctx: StoreContext, bytes: Buffer): Promise<{ sha256: string; size: number }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const store = blobStore(ctx.config);
  let inFlight = writing.get(store);
  if (!inFlight) writing.set(store, (inFlight = new Map()));
  let pending = inFlight.get(sha256);
  if (!pending) {
    pending = (async () => {
      if (!(await store.has(sha256, bytes.length))) await store.put(sha256, bytes);
    })().finally(() => inFlight.delete(sha256));
    inFlight.set(sha256, pending);
  }
  await pending;
  return { sha256, size: bytes.length };
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

function checked(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad file hash');
  return sha256;
}

export function readStoredFile(ctx: StoreContext, sha256: string): Promise<Buffer> {
  return blobStore(ctx.config).get(checked(sha256));
}

/** The file as a stream, for downloads: memory stays flat whatever its size. */
export function openStoredFile(ctx: StoreContext, sha256: string): Promise<Readable> {
  return blobStore(ctx.config).stream(checked(sha256));
}
