import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../config.ts';

/**
 * Where stored files' bytes live, by SHA-256: the local disk (the embedded default) or an
 * S3-compatible object store when S3_URL is set (several app machines then share files without
 * a shared file system). A file is written once under its hash and never changed.
 */
export interface BlobStore {
  /** Whether a complete copy of `size` bytes is there. */
  has(sha256: string, size: number): Promise<boolean>;
  /** Writes durably (after it returns, a crash never loses the file nor leaves half of it). */
  put(sha256: string, bytes: Buffer): Promise<void>;
  get(sha256: string): Promise<Buffer>;
  /** The bytes as they arrive, never the whole file in memory. */
  stream(sha256: string): Promise<Readable>;
}

/** Files under DATA_DIR/files/<2 first hex digits>/<sha256>, written to a temporary name then renamed. */
class DiskStore implements BlobStore {
  /** Folders known to exist (256 at most): one mkdir each, not one per file. */
  private readonly folders = new Set<string>();
  constructor(private readonly root: string) {}

  private path(sha256: string) {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string, size: number) {
    try {
      return (await stat(this.path(sha256))).size === size;
    } catch {
      return false;
    }
  }

  async put(sha256: string, bytes: Buffer) {
    const folder = join(this.root, sha256.slice(0, 2));
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    const target = this.path(sha256);
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

  get(sha256: string) {
    return readFile(this.path(sha256));
  }

  async stream(sha256: string) {
    await stat(this.path(sha256));
    return createReadStream(this.path(sha256), { highWaterMark: 1 << 16 });
  }
}

/**
 * `S3_URL=https://ACCESS_KEY:SECRET_KEY@host[:port]/bucket[/prefix]` — path-style addressing, which
 * every S3-compatible server accepts; `S3_REGION` (default us-east-1). A PUT is atomic: an object
 * is there whole or not at all.
 */
class S3Store implements BlobStore {
  /**
   * The SDK is loaded with the first store that needs it, not by every server: it weighs about
   * 17 MB of memory, for nothing on local disk (issue 13).
   */
  private readonly ready: Promise<{ sdk: typeof import('@aws-sdk/client-s3'); client: S3Client }>;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(url: string, region: string) {
    const u = new URL(url);
    const [bucket, ...prefix] = u.pathname.split('/').filter(Boolean);
    if (!bucket) throw new Error('S3_URL : le nom du compartiment (bucket) manque après l’adresse');
    this.bucket = bucket;
    this.prefix = prefix.length ? `${prefix.join('/')}/` : '';
    const options = {
      endpoint: `${u.protocol}//${u.host}`,
      region,
      forcePathStyle: true,
      credentials: {
        accessKeyId: decodeURIComponent(u.username),
        secretAccessKey: decodeURIComponent(u.password),
      },
      // Plain checksums only where the protocol requires them: S3-compatible servers differ on the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    } as const;
    this.ready = import('@aws-sdk/client-s3').then((sdk) => ({ sdk, client: new sdk.S3Client(options) }));
    // A failed load is reported by the first use, not as an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  private key(sha256: string) {
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }

  async has(sha256: string, size: number) {
    const { sdk, client } = await this.ready;
    try {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
      return head.ContentLength === size;
    } catch (error) {
      if (
        error instanceof sdk.NotFound ||
        (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
      )
        return false;
      throw error;
    }
  }

  async put(sha256: string, bytes: Buffer) {
    const { sdk, client } = await this.ready;
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(sha256),
        Body: bytes,
        ContentLength: bytes.length,
      }),
    );
  }

  async get(sha256: string) {
    const stream = await this.stream(sha256);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async stream(sha256: string) {
    const { sdk, client } = await this.ready;
    try {
      const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
      return object.Body as Readable;
    } catch (error) {
      if (error instanceof sdk.NoSuchKey)
        throw Object.assign(new Error(`stored file ${sha256} missing`), { code: 'ENOENT' });
      throw error;
    }
  }
}

const stores = new WeakMap<Config, BlobStore>();

/** The store of this configuration (one client per configuration, reused). */
export function blobStore(config: Pick<Config, 'dataDir' | 's3Url' | 's3Region'>): BlobStore {
  let store = stores.get(config as Config);
  if (!store) {
    store = config.s3Url ? new S3Store(config.s3Url, config.s3Region) : new DiskStore(join(config.dataDir, 'files'));
    stores.set(config as Config, store);
  }
  return store;
}
