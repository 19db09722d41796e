import { migrateToLatest, openDatabase } from '@chorale/db';
import { ConfigError, loadConfig } from './config.ts';
import {
  DirectoryImportError,
  importDirectory,
  type ImportCounts,
  type ImportProgress,
  type StructureRef,
} from './modules/directory/import-directory.ts';

// `npm run directory:import -- FILE [FILE2]`: imports the official directory export (CSV or XLSX)
// into the configured database, then exits 0, or 1 with a French message when nothing was imported.

const numberFormat = new Intl.NumberFormat('fr-FR');
const fmt = (n: number) => numberFormat.format(Math.round(n));

function progressLine(p: ImportProgress): string {
  const ratio = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : 1;
  const width = 30;
  const filled = Math.round(ratio * width);
  const perSecond = p.elapsedMs > 0 ? (p.rows * 1000) / p.elapsedMs : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)} % — ${fmt(p.rows)} lignes — ${fmt(perSecond)} lignes/s`;
}

/** On a terminal the bar redraws in place; in a log file one line every few seconds is enough. */
function progressReporter(): { update(p: ImportProgress): void; done(): void } {
  const tty = process.stderr.isTTY;
  let lastDrawAt = 0;
  let latest: ImportProgress | null = null;
  let drawn: ImportProgress | null = null;
  const draw = (p: ImportProgress) => {
    drawn = p;
    lastDrawAt = Date.now();
    process.stderr.write(tty ? `\r${progressLine(p)}` : `${progressLine(p)}\n`);
  };
  return {
    update(p) {
      latest = p;
      if (Date.now() - lastDrawAt >= (tty ? 100 : 5000)) draw(p);
    },
    done() {
      // The last state is always shown, even when it came within the throttle delay.
      if (latest && latest !== drawn) draw(latest);
      if (drawn && tty) process.stderr.write('\n');
    },
  };
}

function countsLine(label: string, c: ImportCounts): string {
  return `${label} : ${fmt(c.created)} créée(s), ${fmt(c.updated)} mise(s) à jour, ${fmt(c.unchanged)} inchangée(s), ${fmt(c.rejected)} rejetée(s)`;
}

function printStructures(what: string, list: StructureRef[]): void {
  if (!list.length) return;
  console.log(`\n${fmt(list.length)} structure(s) ${what} :`);
  for (const s of list.slice(0, 50)) console.log(`  - ${s.identifierType} ${s.identifier} ${s.name}`);
  if (list.length > 50) console.log(`  … et ${fmt(list.length - 50)} autre(s).`);
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const partial = args.includes('--partiel');
const files = args.filter((a) => a !== '--partiel');
if (!files.length) {
  console.error(
    'Usage : npm run directory:import -- [--partiel] FICHIER [FICHIER2]\n(export de l’annuaire des destinataires publics : CSV séparé par « ; » ou classeur XLSX ; un export complet désactive les structures qu’il ne contient plus, --partiel les laisse telles quelles)',
  );
  process.exit(1);
}

let exitCode = 0;
let database: ReturnType<typeof openDatabase> | null = null;
const bar = progressReporter();
try {
  const config = loadConfig();
  database = openDatabase(config.databaseUrl);
  await migrateToLatest(database.db);
  const summary = await importDirectory(database.db, files, { onProgress: (p) => bar.update(p), partial });
  bar.done();
  const seconds = summary.durationMs / 1000;
  console.log(
    `Import de l’annuaire terminé en ${seconds.toFixed(1)} s (${fmt(summary.rows)} lignes, ${fmt(summary.rows / Math.max(seconds, 0.001))} lignes/s).`,
  );
  console.log(countsLine('Structures', summary.structures));
  console.log(countsLine('Services', summary.services));
  printStructures('absente(s) de cet export complet, désactivée(s)', summary.deactivated);
  printStructures('de retour dans cet export, réactivée(s)', summary.reactivated);
  for (const sheet of summary.ignoredSheets) console.log(`Feuille ignorée (ni structures ni services) : ${sheet}`);
  if (summary.rejectionCount) {
    console.log(`\n${fmt(summary.rejectionCount)} ligne(s) rejetée(s) :`);
    for (const r of summary.rejections.slice(0, 50))
      console.log(`  - ${r.file}, ligne ${r.line}${r.identifier ? ` (${r.identifier})` : ''} : ${r.reason}`);
    if (summary.rejectionCount > 50) console.log(`  … et ${fmt(summary.rejectionCount - 50)} autre(s).`);
    console.log(`Détail complet : ${summary.reportFiles.join(', ')}`);
  }
} catch (err) {
  bar.done();
  exitCode = 1;
  if (err instanceof DirectoryImportError || err instanceof ConfigError)
    console.error(`Import impossible : ${err.message}`);
  else
    console.error(
      `Import interrompu, aucune donnée n’a été importée : ${err instanceof Error ? err.message : String(err)}`,
    );
} finally {
  await database?.destroy();
}
process.exit(exitCode);
