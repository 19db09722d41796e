import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { TechnicalAccount } from '../cpro/auth.ts';
import { accountOf } from './sftp-auth.ts';
import { serveSftp } from './sftp-session.ts';
import { ed25519KeyPair } from './ed25519-key-pair.ts';

/**
 * The SFTP server of « mode EDI » (issue 11), in the app's process: technical accounts sign in
 * with their password or a registered public key and drop flows in `depot/`, read reports and
 * status returns in `retour/`. Only the SFTP subsystem is served: no shell, no command, no
 * forwarding. Its host key is generated once and kept in DATA_DIR.
 */
export interface SftpServer {
  port: number;
  /** The host key's public line (`ssh-ed25519 AAAA…`), for a client's known_hosts. */
  hostPublicKey: string;
  close(): Promise<void>;
}

/** Failed sign-in attempts allowed on one connection before it is cut. */
const MAX_AUTH_FAILURES = 5;
const LOGIN_GRACE_MS = 60_000;

async function hostKey(dataDir: string, log: FastifyBaseLogger): Promise<{ privateKey: string; publicKey: string }> {
  const folder = join(dataDir, 'sftp');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, 'ssh_host_ed25519_key');
  const existing = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
    return null;
  });
  if (existing) {
    try {
      return publicOf(existing);
    } catch (err) {
      // A host key this server cannot read never served a connection, so no client knows it: it is
      // put aside (kept for whoever wants to look at it) and a new one made. Before 05/12/2026 one
      // key in 256 was written so (ssh2's generator), and the server then failed at every start.
      const aside = `${path}.illisible-${Date.now()}`;
      // Unless another process of the cluster has already replaced it (then its new key is read below).
      if ((await readFile(path, 'utf8').catch(() => null)) === existing) {
        await rename(path, aside).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOENT') throw e;
        });
        log.warn({ err, aside }, 'sftp host key unreadable: put aside, a new one is made');
      }
    }
  }
  const pair = ed25519KeyPair('chorale-sftp');
  // Written aside, then linked into place: processes starting at once on one DATA_DIR (WORKERS=N)
  // all keep the first key linked, and none reads a half-written one.
  const temp = `${path}.${process.pid}.${Date.now()}`;
  await writeFile(temp, pair.private, { mode: 0o600 });
  try {
    await link(temp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    await rm(temp, { force: true });
  }
  const key = publicOf(await readFile(path, 'utf8'));
  await writeFile(`${path}.pub`, `${key.publicKey} chorale-sftp\n`, { mode: 0o644 });
  return key;
}

/** The public line of the host key is derived from the private key (the .pub file is for people). */
function publicOf(privateKey: string) {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  return { privateKey, publicKey: `${parsed.type} ${parsed.getPublicSSH().toString('base64')}` };
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startSftpServer(
  ctx: AppContext,
  log: FastifyBaseLogger,
  listen: { port: number; host: string },
): Promise<SftpServer> {
  const key = await hostKey(ctx.config.dataDir, log);
  // Uploads being received, one folder per process; those of a process that died (a crash) are
  // removed: nothing of them was deposited.
  const uploads = join(ctx.config.dataDir, 'sftp', 'uploads');
  await mkdir(uploads, { recursive: true, mode: 0o700 });
  for (const name of await readdir(uploads))
    if (!alive(Number(name))) await rm(join(uploads, name), { recursive: true, force: true });
  const uploadDir = join(uploads, String(process.pid));
  await rm(uploadDir, { recursive: true, force: true });
  await mkdir(uploadDir, { mode: 0o700 });

  const sessions = new Set<() => Promise<void>>();
  const clients = new Set<ssh2.Connection>();
  const server = new ssh2.Server({ hostKeys: [key.privateKey], ident: 'Chorale' }, (client, info) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    let account: TechnicalAccount | null = null;
    let failures = 0;
    // A connection that does not sign in within the grace time is cut (as OpenSSH's LoginGraceTime).
    const grace = setTimeout(() => client.end(), LOGIN_GRACE_MS);
    grace.unref();
    client.on('close', () => clearTimeout(grace));
    client.on('error', (err) => log.debug({ err, ip: info.ip }, 'sftp connection error'));
    client.on('authentication', (auth) => {
      if (auth.method !== 'password' && auth.method !== 'publickey') return auth.reject(['publickey', 'password']);
      accountOf(ctx, auth)
        .then((found) => {
          if (found) {
            account = found;
            return auth.accept();
          }
          failures++;
          auth.reject(['publickey', 'password']);
          if (failures >= MAX_AUTH_FAILURES) client.end();
        })
        .catch((err: unknown) => {
          log.error({ err }, 'sftp authentication failed');
          auth.reject(['publickey', 'password']);
        });
    });
    client.on('ready', () => {
      clearTimeout(grace);
      log.info({ account: account!.id, ip: info.ip }, 'sftp session opened');
      client.on('session', (accept) => {
        const session = accept();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          // The client ends its side (`bye`, end of a batch): the server ends its own, which closes
          // the channel; OpenSSH waits for that before it exits.
          sftp.on('end', () => sftp.end());
          const end = serveSftp(ctx, account!, sftp, uploadDir, log);
          sessions.add(end);
          const finish = () => {
            if (!sessions.delete(end)) return;
            void end();
          };
          client.on('close', finish);
          session.on('close', finish);
        });
        // No shell, command or terminal: SFTP only.
        for (const refused of ['exec', 'shell', 'pty', 'subsystem', 'x11', 'auth-agent'] as const)
          session.on(refused as 'exec', (_accept, reject) => reject?.());
      });
      client.on('tcpip', (_accept, reject) => reject());
      client.on('request', (_accept, reject) => reject?.());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err: Error) => log.error({ err }, 'sftp server error'));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  log.info({ port, host: listen.host }, 'sftp server listening');
  return {
    port,
    hostPublicKey: key.publicKey.trim(),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of clients) client.end();
      await closed;
      await Promise.all([...sessions].map((end) => end()));
      sessions.clear();
    },
  };
}
