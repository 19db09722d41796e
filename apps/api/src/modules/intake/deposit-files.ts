import { intakeLimits } from '@chorale/domain';
import type { DepositItem, ReportLine } from '@chorale/contracts';
import type { AppContext, Db } from '../../platform/context.ts';
import { FileRefused, intakeFile, precheckFile, type IntakeActor, type IntakeOptions } from './intake-file.ts';
import { validationPool } from '@chorale/einvoice';
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
  /** Writes these results and the flow's progress in the caller's transaction (a batch's group). */
  write(trx: Db, results: Map<number, DepositItem>, progress: { fraction: number; stage: string }): Promise<void>;
}

const archiveName = /\.(zip|tar\.gz|tgz)$/i;

/**
 * The invoices of a batch are written GROUP_SIZE to a transaction (issue 9: two commits, that is
 * two waits for the disk, per invoice kept PostgreSQL over 5 s for 500 invoices). A group commits
 * its invoices (drafted and sent), their flow entries with their results and the flow's progress
 * together, or nothing: a reader that dies mid-group leaves the flow where the previous group
 * ended, and the reader that takes it over resumes there, never creating an invoice twice. A group
 * whose transaction fails (two deposits of one number at once…) is written again one invoice to a
 * transaction, so that one failure never takes its neighbours with it; a failure that comes back
 * there stops the reading as before. A group holds its supplier's invoice-number counter, when it
 * takes automatic numbers, while it writes (~0.1 s): only that supplier's other senders wait that
 * long at most (draft numbers come from a sequence on PostgreSQL: no lock).
 */
export const GROUP_SIZE = 25;

/**
 * « Déposer facture »: one file, or a batch (.zip, .tar.gz) of XML / Factur-X files, each entry
 * through the same intake. The portal, the native API, the Chorus Pro-compatible API and the EDI
 * flows all call this. Throws FileRefused when the deposit as a whole is refused.
 */
export async function depositFiles(
  ctx: AppContext,
  actor: IntakeActor,
  file: { fileName: string; bytes: Buffer },
  options: IntakeOptions & { journal: FlowJournal },
): Promise<DepositOutcome> {
  const { journal } = options;
  const entryOf = (position: number) => ({ depositId: journal.depositId, position });
  /** An entry known from before a crash: its result, or its invoice finished now. */
  const resumed = async (position: number) => {
    const known = journal.known.get(position);
    if (!known) return null;
    return known.item ?? resumedItem(ctx, actor.userId, known, options.submit);
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
    if (!journal.known.get(0)?.item) journal.record(0, item);
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
    if (journal.known.has(i)) return null;
    try {
      precheckFile({ fileName: e.name, bytes: e.bytes });
      writeStoredFile(ctx, e.bytes).catch(() => undefined); // a failure shows again when the draft is written
      return validationPool.validate(e.bytes);
    } catch (error) {
      return error as FileRefused;
    }
  });
  /** One entry of a group: its result from before a crash, or read now through the intake. */
  const entryItem = async (group: AppContext, i: number) => {
    const known = journal.known.get(i);
    if (known) return known.item ?? resumedItem(group, actor.userId, known, options.submit);
    const { name, bytes } = entries[i]!;
    try {
      const validation = ahead[i]!;
      if (validation instanceof Error) throw validation;
      // No `entry`: the group writes the entries of all its files, with their results.
      return await intakeFile(
        group,
        cache,
        actor,
        { fileName: name, bytes },
        { ...options, inBatch: true, validation },
      );
    } catch (e) {
      // One bad entry is refused with its reason; the others of the batch go on.
      if (!(e instanceof FileRefused)) throw e;
      const report = (e as FileRefused & { report?: ReportLine[] }).report ?? [];
      return refused({ fileName: name, format: null }, `Refusée : ${e.message}`, report, e.fields);
    }
  };
  /** Entries [from, to) in one transaction, their results and the progress with them. */
  const writeGroup = (from: number, to: number) =>
    ctx.db.transaction().execute((trx) =>
      cache.within(trx, async () => {
        const done: DepositItem[] = [];
        const results = new Map<number, DepositItem>();
        for (let i = from; i < to; i++) {
          const item = await entryItem({ ...ctx, db: trx }, i);
          done.push(item);
          if (!journal.known.get(i)?.item) results.set(i, item);
        }
        const stage = `Factures ${from + 1} à ${to} sur ${entries.length} lues`;
        await journal.write(trx, results, { fraction: to / entries.length, stage });
        return done;
      }),
    );
  const items: DepositItem[] = [];
  for (let from = 0; from < entries.length; from += GROUP_SIZE) {
    const to = Math.min(entries.length, from + GROUP_SIZE);
    // The group's files are validated before its transaction opens: it only waits on the database.
    await Promise.all(ahead.slice(from, to));
    const done = await writeGroup(from, to).catch(async (e: unknown) => {
      if (to - from === 1) throw e;
      const one: DepositItem[] = [];
      for (let i = from; i < to; i++) one.push(...(await writeGroup(i, i + 1)));
      return one;
    });
    ctx.nudgeOutbox();
    items.push(...done);
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
