import { textProblem } from '@chorale/contracts';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { intakeLimits } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';

export interface ArchiveEntry {
  name: string;
  bytes: Buffer;
}

const refuse = (message: string, code: 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE' = 'VALIDATION_FAILED') =>
  new AppError(code, message, { file: message });

const tooBig = () =>
  refuse(
    `Lot refusé : une fois décompressé, il dépasse ${intakeLimits.batchMaxUncompressedBytes / 1024 / 1024} Mo, ou l’un de ses fichiers dépasse ${intakeLimits.fileMaxBytes / 1024 / 1024} Mo (archive piégée ou trop volumineuse). Déposez des lots plus petits.`,
    'PAYLOAD_TOO_LARGE',
  );
const tooMany = () =>
  refuse(`Lot refusé : il contient plus de ${intakeLimits.batchMaxInvoices} fichiers. Déposez des lots plus petits.`);

/**
 * An entry name is kept for the report only, and only when it is a plain relative path: absolute
 * paths, « .. », drive letters and control characters are a trick, and the whole batch is refused.
 */
function safeName(raw: string): string {
  const name = raw.replace(/\\/g, '/');
  if (
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((s) => s === '..') ||
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    /[\u0000-\u001f]/.test(name)
  )
    throw refuse(`Lot refusé : le chemin « ${name.slice(0, 80)} » sort du lot (chemin absolu ou « .. »).`);
  // The names inside a batch are shown to people like any file name: no bidi or control character
  // that would make « facture.pdf » of « facture\u202Efdp.exe » (issue 15 defect 14).
  const problem = textProblem(name, 'Nom de fichier du lot');
  if (problem) throw refuse(`Lot refusé : ${problem}`);
  return name;
}

const skipped = (name: string) => name.endsWith('/') || name.startsWith('__MACOSX/');

/** Counts what is inflated against the limits as it goes: declared sizes are never trusted. */
class Budget {
  private total = 0;
  private count = 0;
  take(bytes: number) {
    if (bytes > intakeLimits.fileMaxBytes) throw tooBig();
    this.total += bytes;
    if (this.total > intakeLimits.batchMaxUncompressedBytes) throw tooBig();
  }
  entry() {
    if (++this.count > intakeLimits.batchMaxInvoices) throw tooMany();
  }
  /** The most one entry may still inflate to. */
  get room() {
    return Math.min(intakeLimits.fileMaxBytes, intakeLimits.batchMaxUncompressedBytes - this.total);
  }
}

function inflateBounded(data: Buffer, room: number): Buffer {
  try {
    // maxOutputLength stops the inflation itself past the room left: a bomb never expands.
    return inflateRawSync(data, { maxOutputLength: room + 1 });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw tooBig();
    throw refuse('Lot refusé : archive .zip endommagée (une entrée ne se décompresse pas).');
  }
}

/** Reads a .zip from its central directory; stored and deflated entries only, no encryption, no zip64. */
export function readZip(zip: Buffer): ArchiveEntry[] {
  const damaged = () => refuse('Lot refusé : archive .zip endommagée ou incomplète.');
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged();
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  if (count > intakeLimits.batchMaxInvoices * 2) throw tooMany();
  const budget = new Budget();
  const entries: ArchiveEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw damaged();
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const rawName = zip.subarray(p + 46, p + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const name = safeName(rawName);
    if (skipped(name)) continue;
    budget.entry();
    if (flags & 0x1) throw refuse(`Lot refusé : « ${name} » est chiffré.`);
    if (compressed === 0xffffffff || local === 0xffffffff) throw tooBig();
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw damaged();
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + compressed > zip.length) throw damaged();
    const data = zip.subarray(start, start + compressed);
    let bytes: Buffer;
    if (method === 0) bytes = data;
    else if (method === 8) bytes = inflateBounded(data, budget.room);
    else throw refuse(`Lot refusé : « ${name} » utilise une compression non prise en charge.`);
    budget.take(bytes.length);
    entries.push({ name, bytes: Buffer.from(bytes) });
  }
  return entries;
}

const octal = (b: Buffer) => parseInt(b.toString('latin1').replace(/\0.*$/, '').trim() || '0', 8);

/** Reads a .tar.gz (ustar, GNU long names, pax paths); links and devices are refused. */
export function readTarGz(gz: Buffer): ArchiveEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: intakeLimits.batchMaxUncompressedBytes + 1 });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw tooBig();
    throw refuse('Lot refusé : archive .tar.gz endommagée.');
  }
  if (tar.length > intakeLimits.batchMaxUncompressedBytes) throw tooBig();
  const budget = new Budget();
  const entries: ArchiveEntry[] = [];
  let longName: string | null = null;
  for (let p = 0; p + 512 <= tar.length;) {
    const header = tar.subarray(p, p + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 48);
    const body = tar.subarray(p + 512, p + 512 + size);
    if (body.length !== size || !Number.isFinite(size)) throw refuse('Lot refusé : archive .tar.gz incomplète.');
    p += 512 + Math.ceil(size / 512) * 512;
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const own = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      longName = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? longName;
      continue;
    }
    if (type === 'g') continue;
    const name = safeName(longName ?? (prefix ? `${prefix}/${own}` : own));
    longName = null;
    if (type === '5' || skipped(name)) continue;
    if (type !== '0' && type !== '\0' && type !== '7')
      throw refuse(`Lot refusé : « ${name} » n’est pas un fichier ordinaire (lien ou périphérique).`);
    budget.entry();
    budget.take(size);
    entries.push({ name, bytes: Buffer.from(body) });
  }
  return entries;
}

export type ArchiveKind = 'zip' | 'tar.gz';

/** What the bytes are (the name is never trusted). */
export function archiveKind(bytes: Buffer): ArchiveKind | null {
  if (bytes.length >= 4 && (bytes.readUInt32LE(0) === 0x04034b50 || bytes.readUInt32LE(0) === 0x06054b50)) return 'zip';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'tar.gz';
  return null;
}

export function readArchive(kind: ArchiveKind, bytes: Buffer): ArchiveEntry[] {
  const entries = kind === 'zip' ? readZip(bytes) : readTarGz(bytes);
  if (entries.length === 0) throw refuse('Lot refusé : il ne contient aucun fichier.');
  return entries;
}
