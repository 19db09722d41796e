import { randomUUID } from 'node:crypto';
import { open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { Attributes, FileEntry, SFTPWrapper } from 'ssh2';
import { intakeLimits } from '@chorale/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { TechnicalAccount } from '../cpro/auth.ts';
import { depositUpload, isTemporaryName } from './depot.ts';
import { listReturnFiles, readReturnFile, removeReturnFile, statReturnFile } from './return-files.ts';
import { canonical, DEPOT, folders, PathEscape, resolvePath, RETOUR, type VirtualPath } from './sftp-paths.ts';

const { OPEN_MODE, STATUS_CODE } = ssh2.utils.sftp;

type Upload = { kind: 'upload'; name: string; temp: string; fd: FileHandle; size: number; failed: string | null };
type Handle = Upload | { kind: 'read'; bytes: Buffer } | { kind: 'dir'; entries: FileEntry[] };

/** A temporary upload closed under a temporary name (`.part`), waiting for its rename. */
type Parked = { temp: string; size: number };

const DIR_MODE = 0o40755;
const FILE_MODE = 0o100644;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const READDIR_CHUNK = 100;

function entry(name: string, mode: number, size: number, at: Date): FileEntry {
  const attrs: Attributes = {
    mode,
    uid: 0,
    gid: 0,
    size,
    atime: Math.floor(at.getTime() / 1000),
    mtime: Math.floor(at.getTime() / 1000),
  };
  const perms = mode === DIR_MODE ? 'drwxr-xr-x' : '-rw-r--r--';
  const date = `${MONTHS[at.getUTCMonth()]} ${String(at.getUTCDate()).padStart(2)} ${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  return {
    filename: name,
    longname: `${perms}    1 chorale  chorale  ${String(size).padStart(10)} ${date} ${name}`,
    attrs,
  };
}

/**
 * One SFTP session of a technical account: its root holds `depot/` (write-only drop folder: a file
 * is deposited once its upload is closed) and `retour/` (read and remove). Everything else is
 * refused with the SFTP status that says why.
 */
export function serveSftp(
  ctx: AppContext,
  account: TechnicalAccount,
  sftp: SFTPWrapper,
  uploadDir: string,
  log: FastifyBaseLogger,
) {
  const handles = new Map<string, Handle>();
  const parked = new Map<string, Parked>();
  let nextHandle = 1;
  const started = new Date();

  const open_ = (h: Handle) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(nextHandle++);
    handles.set(id.toString('hex'), h);
    return id;
  };
  const handleOf = (b: Buffer) => handles.get(b.toString('hex'));
  const fail = (id: number, code: number, message: string) => sftp.status(id, code, message);
  const denied = (id: number, message = 'Action refusée : depot/ reçoit des fichiers, retour/ se lit.') =>
    fail(id, STATUS_CODE.PERMISSION_DENIED, message);
  const missing = (id: number) => fail(id, STATUS_CODE.NO_SUCH_FILE, 'Fichier ou dossier introuvable.');

  /** Runs a request, turning an escape into « permission denied » and any other error into a failure. */
  const run = (id: number, work: () => Promise<void> | void) => {
    Promise.resolve()
      .then(work)
      .catch((e: unknown) => {
        if (e instanceof PathEscape) return denied(id, e.message);
        log.error({ err: e, account: account.id }, 'sftp request failed');
        return fail(id, STATUS_CODE.FAILURE, 'Erreur interne : réessayez.');
      })
      // The client went away meanwhile: there is no one left to answer.
      .catch(() => undefined);
  };

  const attrsOf = async (path: VirtualPath): Promise<Attributes | null> => {
    if (path.kind === 'root' || path.kind === 'folder') return entry('.', DIR_MODE, 0, started).attrs;
    if (path.kind !== 'file') return null;
    if (path.folder === RETOUR) {
      const f = await statReturnFile(ctx, account.id, path.name);
      return f ? entry(f.name, FILE_MODE, f.size, new Date(f.createdAt)).attrs : null;
    }
    const upload = [...handles.values()].find((h) => h.kind === 'upload' && h.name === path.name) as Upload | undefined;
    const size = upload?.size ?? parked.get(path.name)?.size;
    return size === undefined ? null : entry(path.name, FILE_MODE, size, new Date()).attrs;
  };

  const deposit = async (id: number, name: string, temp: string) => {
    const bytes = await readFile(temp);
    await rm(temp, { force: true });
    const outcome = await depositUpload(ctx, account, name, bytes);
    if ('refused' in outcome) return fail(id, STATUS_CODE.FAILURE, `Fichier refusé : ${outcome.refused}`);
    log.info({ account: account.id, flow: outcome.flowNumber }, 'sftp flow deposited');
    sftp.status(id, STATUS_CODE.OK);
  };

  sftp.on('REALPATH', (id, path) =>
    run(id, () => {
      const name = canonical(path);
      sftp.name(id, [{ filename: name, longname: name, attrs: {} as Attributes }]);
    }),
  );
  const stat = (id: number, path: string) =>
    run(id, async () => {
      const attrs = await attrsOf(resolvePath(path));
      if (attrs) sftp.attrs(id, attrs);
      else missing(id);
    });
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('FSTAT', (id, handle) => {
    const h = handleOf(handle);
    if (!h) return fail(id, STATUS_CODE.FAILURE, 'Descripteur inconnu.');
    const size = h.kind === 'upload' ? h.size : h.kind === 'read' ? h.bytes.length : 0;
    sftp.attrs(id, entry('.', h.kind === 'dir' ? DIR_MODE : FILE_MODE, size, new Date()).attrs);
  });

  sftp.on('OPENDIR', (id, path) =>
    run(id, async () => {
      const p = resolvePath(path);
      if (p.kind === 'root')
        return sftp.handle(id, open_({ kind: 'dir', entries: folders.map((f) => entry(f, DIR_MODE, 0, started)) }));
      if (p.kind === 'folder' && p.folder === DEPOT) return sftp.handle(id, open_({ kind: 'dir', entries: [] }));
      if (p.kind === 'folder') {
        const files = await listReturnFiles(ctx, account.id);
        return sftp.handle(
          id,
          open_({ kind: 'dir', entries: files.map((f) => entry(f.name, FILE_MODE, f.size, new Date(f.createdAt))) }),
        );
      }
      if (p.kind === 'file' && (await attrsOf(p)))
        return fail(id, STATUS_CODE.FAILURE, 'Ce chemin est un fichier, pas un dossier.');
      missing(id);
    }),
  );
  sftp.on('READDIR', (id, handle) => {
    const h = handleOf(handle);
    if (!h || h.kind !== 'dir') return fail(id, STATUS_CODE.FAILURE, 'Descripteur inconnu.');
    if (h.entries.length === 0) return sftp.status(id, STATUS_CODE.EOF);
    sftp.name(id, h.entries.splice(0, READDIR_CHUNK));
  });

  sftp.on('OPEN', (id, path, flags) =>
    run(id, async () => {
      const p = resolvePath(path);
      if (flags & OPEN_MODE.WRITE) {
        if (p.kind !== 'file' || p.folder !== DEPOT)
          return p.kind === 'none' ? missing(id) : denied(id, 'Déposez vos fichiers dans depot/ : retour/ se lit.');
        if (flags & OPEN_MODE.READ) return denied(id, 'Un fichier de depot/ s’écrit seulement.');
        const temp = join(uploadDir, `${account.id}-${randomUUID()}.upload`);
        const fd = await open(temp, 'wx', 0o600);
        return sftp.handle(id, open_({ kind: 'upload', name: p.name, temp, fd, size: 0, failed: null }));
      }
      if (p.kind === 'file' && p.folder === RETOUR) {
        const bytes = await readReturnFile(ctx, account.id, p.name);
        return bytes ? sftp.handle(id, open_({ kind: 'read', bytes })) : missing(id);
      }
      if (p.kind === 'file' && (await attrsOf(p))) return denied(id, 'Un fichier de depot/ ne se relit pas.');
      if (p.kind === 'root' || p.kind === 'folder') return fail(id, STATUS_CODE.FAILURE, 'Ce chemin est un dossier.');
      missing(id);
    }),
  );
  sftp.on('READ', (id, handle, offset, length) => {
    const h = handleOf(handle);
    if (!h || h.kind !== 'read') return fail(id, STATUS_CODE.FAILURE, 'Descripteur inconnu ou non lisible.');
    if (offset >= h.bytes.length) return sftp.status(id, STATUS_CODE.EOF);
    sftp.data(id, h.bytes.subarray(offset, offset + length));
  });
  sftp.on('WRITE', (id, handle, offset, data) =>
    run(id, async () => {
      const h = handleOf(handle);
      if (!h || h.kind !== 'upload') return fail(id, STATUS_CODE.FAILURE, 'Descripteur inconnu ou non inscriptible.');
      const max = intakeLimits.batchMaxBytes;
      if (offset + data.length > max)
        h.failed ??= `Ce fichier dépasse ${max / 1024 / 1024} Mo : déposez des lots plus petits.`;
      if (h.failed) return fail(id, STATUS_CODE.FAILURE, h.failed);
      await h.fd.write(data, 0, data.length, offset);
      h.size = Math.max(h.size, offset + data.length);
      sftp.status(id, STATUS_CODE.OK);
    }),
  );
  sftp.on('CLOSE', (id, handle) =>
    run(id, async () => {
      const key = handle.toString('hex');
      const h = handles.get(key);
      if (!h) return fail(id, STATUS_CODE.FAILURE, 'Descripteur inconnu.');
      handles.delete(key);
      if (h.kind !== 'upload') return sftp.status(id, STATUS_CODE.OK);
      await h.fd.close();
      if (h.failed) {
        await rm(h.temp, { force: true });
        return fail(id, STATUS_CODE.FAILURE, h.failed);
      }
      if (isTemporaryName(h.name)) {
        const before = parked.get(h.name);
        if (before) await rm(before.temp, { force: true });
        parked.set(h.name, { temp: h.temp, size: h.size });
        return sftp.status(id, STATUS_CODE.OK);
      }
      await deposit(id, h.name, h.temp);
    }),
  );
  sftp.on('RENAME', (id, from, to) =>
    run(id, async () => {
      const a = resolvePath(from);
      const b = resolvePath(to);
      const waiting = a.kind === 'file' && a.folder === DEPOT ? parked.get(a.name) : undefined;
      if (!waiting) return a.kind === 'file' && (await attrsOf(a)) ? denied(id) : missing(id);
      if (b.kind !== 'file' || b.folder !== DEPOT || isTemporaryName(b.name))
        return denied(id, 'Renommez le fichier dans depot/, sous son nom définitif.');
      parked.delete((a as { name: string }).name);
      await deposit(id, b.name, waiting.temp);
    }),
  );
  sftp.on('REMOVE', (id, path) =>
    run(id, async () => {
      const p = resolvePath(path);
      if (p.kind === 'file' && p.folder === RETOUR)
        return (await removeReturnFile(ctx, account.id, p.name)) ? sftp.status(id, STATUS_CODE.OK) : missing(id);
      const waiting = p.kind === 'file' && p.folder === DEPOT ? parked.get(p.name) : undefined;
      if (waiting) {
        parked.delete((p as { name: string }).name);
        await rm(waiting.temp, { force: true });
        return sftp.status(id, STATUS_CODE.OK);
      }
      if (p.kind === 'none' || p.kind === 'file') return missing(id);
      denied(id, 'Les dossiers depot/ et retour/ ne se suppriment pas.');
    }),
  );
  sftp.on('SETSTAT', (id, path) =>
    run(id, async () => {
      // Clients set times after an upload (`put -p`): accepted and ignored on the account's files.
      const p = resolvePath(path);
      if (p.kind === 'file' && (await attrsOf(p))) return sftp.status(id, STATUS_CODE.OK);
      if (p.kind === 'none') return missing(id);
      denied(id);
    }),
  );
  sftp.on('FSETSTAT', (id, handle) =>
    handleOf(handle) ? sftp.status(id, STATUS_CODE.OK) : fail(id, STATUS_CODE.FAILURE, 'Descripteur inconnu.'),
  );
  sftp.on('MKDIR', (id, path) =>
    run(id, () => {
      resolvePath(path);
      denied(id, 'Pas de sous-dossier : déposez vos fichiers directement dans depot/.');
    }),
  );
  sftp.on('RMDIR', (id, path) =>
    run(id, () => {
      resolvePath(path);
      denied(id, 'Les dossiers depot/ et retour/ ne se suppriment pas.');
    }),
  );
  sftp.on('READLINK', (id) => fail(id, STATUS_CODE.OP_UNSUPPORTED, 'Aucun lien symbolique ici.'));
  sftp.on('SYMLINK', (id) => fail(id, STATUS_CODE.OP_UNSUPPORTED, 'Les liens symboliques sont refusés.'));

  /** The session ended: an upload not closed leaves nothing (its temporary file is removed). */
  return async function end() {
    const uploads = [...handles.values()].filter((h): h is Upload => h.kind === 'upload');
    handles.clear();
    const temps = [...uploads.map((u) => u.temp), ...[...parked.values()].map((p) => p.temp)];
    parked.clear();
    await Promise.all(uploads.map((u) => u.fd.close().catch(() => undefined)));
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  };
}
