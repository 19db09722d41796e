import { intakeLimits } from '@chorale/domain';
import type { DepositItem, ReportLine } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { FileRefused, intakeFile, precheckFile, type IntakeActor, type IntakeOptions } from './intake-file.ts';
import { validationPool } from './validation-pool.ts';
import { archiveKind, readArchive } from './read-archive.ts';
import { refused } from './deposit-item.ts';
import { DirectoryCache } from './resolve-parties.ts';

export interface DepositOutcome {
  kind: 'FICHIER' | 'LOT';
  items: DepositItem[];
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
  options: IntakeOptions,
): Promise<DepositOutcome> {
  const fileName = file.fileName.split(/[\\/]/).pop()?.trim() || 'fichier';
  const cache = new DirectoryCache(ctx.db, actor.userId);
  const kind = archiveKind(file.bytes);
  if (!kind) {
    if (archiveName.test(fileName))
      throw new FileRefused(`Le contenu de « ${fileName} » n’est pas une archive .zip ou .tar.gz.`);
    options.onProgress?.(0, 'Lecture du fichier');
    const item = await intakeFile(ctx, cache, actor, { fileName, bytes: file.bytes }, options);
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
  const ahead = entries.map((e) => {
    try {
      precheckFile({ fileName: e.name, bytes: e.bytes });
      return validationPool.validate(e.bytes);
    } catch (error) {
      return error as FileRefused;
    }
  });
  const items: DepositItem[] = [];
  for (const [i, entry] of entries.entries()) {
    options.onProgress?.(i / entries.length, `Facture ${i + 1} sur ${entries.length} : ${entry.name}`);
    try {
      const validation = ahead[i]!;
      if (validation instanceof Error) throw validation;
      items.push(
        await intakeFile(
          ctx,
          cache,
          actor,
          { fileName: entry.name, bytes: entry.bytes },
          { ...options, inBatch: true, validation },
        ),
      );
    } catch (e) {
      // One bad entry is refused with its reason; the others of the batch go on.
      if (!(e instanceof FileRefused)) throw e;
      const report = (e as FileRefused & { report?: ReportLine[] }).report ?? [];
      items.push(refused({ fileName: entry.name, format: null }, `Refusée : ${e.message}`, report, e.fields));
    }
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
