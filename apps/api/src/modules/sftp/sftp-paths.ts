/**
 * The folders an SFTP account sees: its root `/` holds `depot/` (flows dropped by the account)
 * and `retour/` (reports and status returns written by Chorale), nothing else. Every path the
 * client sends is resolved within that root: an absolute path is the account's own (`/etc` is
 * simply absent), `..` above the root is an escape and is refused, no link is ever followed
 * (there are none). The account never learns anything of the server's disk or of other accounts.
 */
export const DEPOT = 'depot';
export const RETOUR = 'retour';
export const folders = [DEPOT, RETOUR] as const;

export type VirtualPath =
  | { kind: 'root' }
  | { kind: 'folder'; folder: (typeof folders)[number] }
  | { kind: 'file'; folder: (typeof folders)[number]; name: string }
  /** Within the root but nothing there (`/etc`, `/depot/a/b`): no such file. */
  | { kind: 'none' };

export class PathEscape extends Error {
  constructor() {
    super('Chemin refusé : il sort de votre dossier SFTP (seuls depot/ et retour/ existent).');
  }
}

/** A file name the folders accept: printable, no separator, at most 255 bytes. */
export function validFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name !== '.' &&
    name !== '..' &&
    Buffer.byteLength(name) <= 255 &&
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    !/[\u0000-\u001f\u007f/\\]/.test(name)
  );
}

/** The segments of a path from the root, `.` and `..` applied; throws PathEscape above the root. */
export function normalise(path: string, cwd = '/'): string[] {
  const full = path.startsWith('/') ? path : `${cwd}/${path}`;
  const segments: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) throw new PathEscape();
      segments.pop();
      continue;
    }
    segments.push(part);
  }
  return segments;
}

export function resolvePath(path: string): VirtualPath {
  const segments = normalise(path);
  if (segments.length === 0) return { kind: 'root' };
  const folder = folders.find((f) => f === segments[0]);
  if (!folder || segments.length > 2) return { kind: 'none' };
  if (segments.length === 1) return { kind: 'folder', folder };
  const name = segments[1]!;
  return validFileName(name) ? { kind: 'file', folder, name } : { kind: 'none' };
}

/** The canonical form (REALPATH). */
export const canonical = (path: string) => `/${normalise(path).join('/')}`;
