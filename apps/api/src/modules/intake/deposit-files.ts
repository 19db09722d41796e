import { intakeLimits } from '@chorale/domain';
import type { DepositItem, ReportLine } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { FileRefused, intakeFile, precheckFile, type IntakeActor, type IntakeOptions } from './intake-file.ts';
import { validationPool } from './validation-pool.ts';
import { writeStoredFile } from '../files/file-store.ts';
import { archiveKind, readArchive } from './read-archive.ts';
import { refused, resumedItem } from './deposit-item.ts';
import { DirectoryCache } from './resolve-parties.ts';

export interface DepositOutcome {
  kind: 'FICHIER' | 'LOT';
  items: DepositItem[];
}

/**
 * The entries of a flow being read. A resumed flow (its reader crashed) knows the entries done
 * before: those with a result are kept as they are, those whose invoice was created without a
 * result are finished from that invoice; the others are read, each new invoice written with its
 * entry (create-deposited-draft.ts), so that none is created twice.
 */
export interface FlowJournal {
  depositId: number;
  known: Map<number, { fileName: string; invoiceId: number | null; item: DepositItem | null }>;
  /** The result of an entry read now (written with the progress, and all with the final state). */
  record(position: number, item: DepositItem): void;
}

const archiveName = /\.(zip|tar\.gz|tgz)$/i;

/**
 * « Déposer facture »: one file, or a batch (.zip, .tar.gz) of XML / Factur-X files, each entry
 * through the same intake. The portal, the native API, the Chorus Pro-compatible API and the EDI
 * flows all call this. Throws FileRefused when the deposit as a whole is refused.
 */
export async function depositFiles(
  ctx: AppContext,
  actor: IntakeActor,
  file: { fileName: string; bytes: Buffer },
  options: IntakeOptions & { journal?: FlowJournal },
): Promise<DepositOutcome> {
  const { journal } = options;
  const entryOf = (position: number) => (journal ? { depositId: journal.depositId, position } : undefined);
  /** An entry known from before a crash: its result, or its invoice finished now. */
  const resumed = async (position: number) => {
    const known = journal?.known.get(position);
    if (!known) return null;
    if (known.item) return known.item;
    const item = await resumedItem(ctx, actor.userId, known, options.submit);
    journal!.record(position, item);
    return item;
  };
  const fileName = file.fileName.split(/[\\/]/).pop()?.trim() || 'fichier';
  const cache = new DirectoryCache(ctx.db, actor.userId);
  const kind = archiveKind(file.bytes);
  if (!kind) {
    if (archiveName.test(fileName))
      throw new FileRefused(`Le contenu de « ${fileName} » n’est pas une archive .zip ou .tar.gz.`);
    options.onProgress?.(0, 'Lecture du fichier');
    const item =
      (await resumed(0)) ??
      (await intakeFile(ctx, cache, actor, { fileName, bytes: file.bytes }, { ...options, entry: entryOf(0) }));
    journal?.record(0, item);
    return { kind: 'FICHIER', items: [item] };
  }
  if (!archiveName.test(fileName))
    throw new FileRefused(
      `Le contenu de « ${fileName} » est une archive ${kind} : nommez-la en « .${kind} » pour la déposer comme un lot.`,
    );
  if (file.bytes.length > intakeLimits.batchMaxBytes)
    throw new FileRefused(
      `Ce lot dépasse ${intakeLimits.batchMaxBytes / 1024 / 1024} Mo : déposez des lots plus petits.`,
      'PAYLOAD_TOO_LARGE',
    );
  options.onProgress?.(0, 'Décompression du lot');
  const entries = readArchive(kind, file.bytes);
  // Every entry is checked, then validated in the pool ahead of its turn: validation runs on the
  // other cores while this thread writes the invoices before it.
  // Their files are written ahead too, so that the flushes to disk overlap.
  const ahead = entries.map((e, i) => {
    if (journal?.known.has(i)) return null;
    try {
      precheckFile({ fileName: e.name, bytes: e.bytes });
      writeStoredFile(ctx, e.bytes).catch(() => undefined); // a failure shows again when the draft is written
      return validationPool.validate(e.bytes);
    } catch (error) {
      return error as FileRefused;
    }
  });
  const items: DepositItem[] = [];
  for (const [i, entry] of entries.entries()) {
    options.onProgress?.(i / entries.length, `Facture ${i + 1} sur ${entries.length} : ${entry.name}`);
    const done = await resumed(i);
    if (done) {
      items.push(done);
      continue;
    }
    let item: DepositItem;
    try {
      const validation = ahead[i]!;
      if (validation instanceof Error) throw validation;
      item = await intakeFile(
        ctx,
        cache,
        actor,
        { fileName: entry.name, bytes: entry.bytes },
        { ...options, inBatch: true, validation, entry: entryOf(i) },
      );
    } catch (e) {
      // One bad entry is refused with its reason; the others of the batch go on.
      if (!(e instanceof FileRefused)) throw e;
      const report = (e as FileRefused & { report?: ReportLine[] }).report ?? [];
      item = refused({ fileName: entry.name, format: null }, `Refusée : ${e.message}`, report, e.fields);
    }
    journal?.record(i, item);
    items.push(item);
  }
  return { kind: 'LOT', items };
}

export function summarise(items: DepositItem[]) {
  return {
    total: items.length,
    drafts: items.filter((i) => i.outcome === 'BROUILLON').length,
    sent: items.filter((i) => i.outcome === 'ENVOYEE').length,
    refused: items.filter((i) => i.outcome === 'REFUSEE').length,
  };
}
