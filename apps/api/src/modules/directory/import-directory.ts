import { createWriteStream, type WriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@chorale/db';
import {
  detectLayout,
  DirectoryFormatError,
  readServiceRow,
  readStructureRow,
  sheetKind,
  sheetLabels,
  type ServiceValues,
  type SheetKind,
  type SheetLayout,
  type StructureValues,
} from './directory-columns.ts';
import { detectFormat, readCsvHeader, readSheets, type SourceSheet } from './directory-file-reader.ts';
import { DirectoryWriter, type BatchItem, type ImportCounts, type StructureRef } from './directory-writer.ts';
import { CSV_BOM, csvLine } from '../../platform/csv.ts';

/**
 * « Annuaire » import (issue 3): loads the official export of public entities, structures then
 * services, from CSV or XLSX files. Everything happens in ONE transaction so that a broken file
 * never leaves half a directory behind; rows with a problem are skipped and reported instead.
 */

export type { ImportCounts, StructureRef } from './directory-writer.ts';
export { DirectoryFormatError } from './directory-columns.ts';

const BATCH_SIZE = 500;
/** Rejections kept in the returned summary; the report file has all of them. */
const MAX_REJECTIONS_IN_SUMMARY = 1000;

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
  elapsedMs: number;
}

export interface Rejection {
  file: string;
  sheet: SheetKind;
  line: number;
  identifier: string;
  reason: string;
}

export interface ImportSummary {
  structures: ImportCounts;
  services: ImportCounts;
  rows: number;
  rejectionCount: number;
  rejections: Rejection[];
  /** Rejection reports written next to the input files. */
  reportFiles: string[];
  /** Worksheets of a workbook that are neither structures nor services. */
  ignoredSheets: string[];
  /**
   * Public structures this full export no longer lists, now inactive (ADR 0005); empty for a
   * partial import.
   */
  deactivated: StructureRef[];
  /** Structures an earlier export had left out and that this one lists again. */
  reactivated: StructureRef[];
  durationMs: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /**
   * The files are only a part of the directory (a few corrected rows): structures they do not
   * list are left as they are. By default an import with a structures sheet is a full export.
   */
  partial?: boolean;
}

export type ImportTarget = Kysely<Database> | { db: Kysely<Database>; now?: () => Date };

/** A problem with a whole file: nothing was imported. The message is for the user, in French. */
export class DirectoryImportError extends Error {}

/** `annuaire.csv` -> `annuaire.rejets.csv`, beside the input. */
export function reportPathFor(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.rejets.csv`);
}

class RejectionReport {
  private stream: WriteStream | null = null;
  constructor(readonly path: string) {}

  write(r: Rejection): void {
    if (!this.stream) {
      this.stream = createWriteStream(this.path, { encoding: 'utf8' });
      // BOM and ';' so that French spreadsheets open it as is.
      this.stream.write(CSV_BOM + csvLine(['Ligne', 'Feuille', 'Identifiant', 'Motif']));
    }
    this.stream.write(csvLine([r.line, sheetLabels[r.sheet], r.identifier, r.reason]));
  }

  get written(): boolean {
    return this.stream !== null;
  }

  async close(): Promise<void> {
    if (!this.stream) return;
    this.stream.end();
    await finished(this.stream);
  }

  async discard(): Promise<void> {
    if (!this.stream) return;
    // Writes still queued fail once the stream is destroyed: the report is being thrown away.
    this.stream.on('error', () => undefined);
    this.stream.destroy();
    await unlink(this.path).catch(() => undefined);
  }
}

/** Structures first, so that services find them: a services CSV given first waits its turn. */
async function importOrder(files: string[]): Promise<string[]> {
  const ranked = await Promise.all(
    files.map(async (file, index) => {
      if ((await detectFormat(file)) === 'xlsx') return { file, rank: 0, index };
      const header = await readCsvHeader(file).catch(() => null);
      // A broken file keeps its place: the import reports it when it gets there.
      const kind = header ? sheetKind(header) : null;
      return { file, rank: kind === 'services' ? 1 : 0, index };
    }),
  );
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.file);
}

export async function importDirectory(
  target: ImportTarget,
  files: string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = Date.now();
  const db = 'selectFrom' in target ? target : target.db;
  const clock = 'selectFrom' in target ? () => new Date() : (target.now ?? (() => new Date()));
  if (!files.length) throw new DirectoryImportError('Indiquez au moins un fichier à importer (CSV ou XLSX).');
  let totalBytes = 0;
  for (const file of files) {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new DirectoryImportError(`Fichier introuvable ou illisible : ${file}.`);
    totalBytes += info.size;
  }

  let bytesRead = 0;
  let rows = 0;
  const progress = () => options.onProgress?.({ bytesRead, totalBytes, rows, elapsedMs: Date.now() - started });
  const reports = new Map<string, RejectionReport>();
  const rejections: Rejection[] = [];
  let rejectionCount = 0;
  const ignoredSheets: string[] = [];

  try {
    const summary = await db.transaction().execute(async (trx) => {
      const writer = await new DirectoryWriter(trx, clock().toISOString()).start();
      const reject = (file: string, sheet: SheetKind, line: number, identifier: string, reason: string) => {
        (sheet === 'structures' ? writer.structures : writer.services).rejected++;
        rejectionCount++;
        const r = { file, sheet, line, identifier, reason };
        if (rejections.length < MAX_REJECTIONS_IN_SUMMARY) rejections.push(r);
        let report = reports.get(file);
        if (!report) reports.set(file, (report = new RejectionReport(reportPathFor(file))));
        report.write(r);
      };
      // Where each key was first read, to report duplicates (the second one would silently win).
      const seenStructures = new Map<string, string>();
      const seenServices = new Map<string, string>();
      // Every structure identifier the export lists, rejected rows included (see deactivateAbsent).
      const listed = new Set<string>();
      let structureSheets = 0;
      // Services whose structure comes later (a workbook with the services sheet first).
      const waiting: (BatchItem<ServiceValues> & { file: string })[] = [];

      const importSheet = async (file: string, sheet: SourceSheet, layout: SheetLayout) => {
        const where = (line: number) => (files.length > 1 ? `ligne ${line} de ${basename(file)}` : `ligne ${line}`);
        if (layout.kind === 'structures') {
          structureSheets++;
          let batch: BatchItem<StructureValues>[] = [];
          for await (const { line, values } of sheet.rows) {
            rows++;
            const read = readStructureRow(layout, values);
            if (read.ok) listed.add(read.values.identifier);
            else listed.add(read.identifier).add(read.identifier.replace(/\s/g, ''));
            if (!read.ok) {
              reject(file, 'structures', line, read.identifier, read.reason);
              continue;
            }
            const key = `${read.values.identifier_type} ${read.values.identifier}`;
            const first = seenStructures.get(key);
            if (first) {
              reject(
                file,
                'structures',
                line,
                read.values.identifier,
                `Doublon : la structure ${key} figure déjà à la ${first}.`,
              );
              continue;
            }
            seenStructures.set(key, where(line));
            batch.push({ line, values: read.values });
            if (batch.length >= BATCH_SIZE) {
              await writer.writeStructures(batch);
              batch = [];
              progress();
            }
          }
          await writer.writeStructures(batch);
        } else {
          let batch: BatchItem<ServiceValues>[] = [];
          const flush = async () => {
            for (const item of await writer.writeServices(batch)) waiting.push({ ...item, file });
            batch = [];
            progress();
          };
          for await (const { line, values } of sheet.rows) {
            rows++;
            const read = readServiceRow(layout, values);
            if (!read.ok) {
              reject(file, 'services', line, read.identifier, read.reason);
              continue;
            }
            const key = `${read.values.structureIdentifier} / ${read.values.code}`;
            const first = seenServices.get(key);
            if (first) {
              reject(file, 'services', line, key, `Doublon : le service ${key} figure déjà à la ${first}.`);
              continue;
            }
            seenServices.set(key, where(line));
            batch.push({ line, values: read.values });
            if (batch.length >= BATCH_SIZE) await flush();
          }
          await flush();
        }
        progress();
      };

      for (const file of await importOrder(files)) {
        const format = await detectFormat(file);
        let imported = 0;
        for await (const sheet of readSheets(file, (n) => (bytesRead += n))) {
          const layout = detectLayout(sheet.header);
          if (layout) {
            await importSheet(file, sheet, layout);
            imported++;
            continue;
          }
          if (format === 'csv') {
            throw new DirectoryFormatError(
              `En-tête non reconnu dans ${sheet.name} : la première ligne doit nommer les colonnes de la feuille des structures (TypeIdentifiant;Identifiant;RaisonSociale;…) ou de celle des services (Identifiant;RaisonSociale;Code;Nom;…), séparées par des points-virgules.`,
            );
          }
          ignoredSheets.push(sheet.name);
          for await (const _row of sheet.rows) {
            // A workbook's extra sheet (notice, legend) is read through, not imported.
          }
        }
        if (format === 'xlsx' && imported === 0) {
          throw new DirectoryFormatError(
            `Le classeur ${basename(file)} ne contient ni la feuille des structures ni celle des services : aucune feuille ne commence par les colonnes attendues (TypeIdentifiant, Identifiant, RaisonSociale… ou Identifiant, RaisonSociale, Code, Nom…).`,
          );
        }
      }

      // Services whose structure never appeared: reported one by one, never silently dropped.
      for (let i = 0; i < waiting.length; i += BATCH_SIZE) {
        const chunk = waiting.slice(i, i + BATCH_SIZE);
        const left = new Set(await writer.writeServices(chunk));
        for (const item of chunk.filter((c) => left.has(c))) {
          reject(
            item.file,
            'services',
            item.line,
            `${item.values.structureIdentifier} / ${item.values.code}`,
            `Structure inconnue : aucune structure publique d'identifiant ${item.values.structureIdentifier} dans l'annuaire ni dans le fichier importé.`,
          );
        }
      }
      const deactivated = structureSheets > 0 && !options.partial ? await writer.deactivateAbsent(listed) : [];
      return {
        structures: writer.structures,
        services: writer.services,
        deactivated,
        reactivated: writer.reactivated,
      };
    });
    for (const report of reports.values()) await report.close();
    // Fresh planner statistics after a bulk load, else both engines may keep plans made for an
    // empty table. Same statement on SQLite and PostgreSQL; a failure only costs speed.
    for (const table of ['structures', 'services'])
      await sql`analyze ${sql.table(table)}`.execute(db).catch(() => undefined);
    progress();
    return {
      ...summary,
      rows,
      rejectionCount,
      rejections,
      reportFiles: [...reports.values()].filter((r) => r.written).map((r) => r.path),
      ignoredSheets,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    // Nothing was imported: a report would describe rows that are not in the database.
    for (const report of reports.values()) await report.discard();
    if (err instanceof DirectoryFormatError)
      throw new DirectoryImportError(`${err.message} Aucune donnée n'a été importée.`);
    throw err;
  }
}
