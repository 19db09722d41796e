import { intakeLimits } from '@chorale/domain';
import type { DepositItem, DepositResult } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { readStoredFile, storeFile } from '../files/file-store.ts';
import { depositFiles, summarise } from './deposit-files.ts';
import { FileRefused, type IntakeActor } from './intake-file.ts';
import { archiveKind } from './read-archive.ts';

const WAITING = 'En attente de lecture';
const depositNotFound = () => new AppError('NOT_FOUND', 'Dépôt introuvable.');

export interface DepositCommand {
  fileName: string;
  bytes: Buffer;
  submit: boolean;
  supplierStructureId?: number;
}

/** Keeps the deposited file and opens the deposit row the portal polls. */
async function openDeposit(ctx: AppContext, actor: IntakeActor, cmd: DepositCommand, queue: boolean) {
  // Sizes are refused before anything is kept.
  const batch = archiveKind(cmd.bytes) !== null;
  const max = batch ? intakeLimits.batchMaxBytes : intakeLimits.fileMaxBytes;
  if (cmd.bytes.length > max)
    throw new FileRefused(
      batch
        ? `Ce lot dépasse ${max / 1024 / 1024} Mo : déposez des lots plus petits.`
        : `Ce fichier dépasse ${max / 1024 / 1024} Mo (${cmd.bytes.length} octets) : une facture déposée ne doit pas dépasser 10 Mo.`,
      'PAYLOAD_TOO_LARGE',
    );
  if (cmd.bytes.length === 0) throw new FileRefused('Ce fichier est vide.');
  const now = isoNow(ctx);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const sha256 = await storeFile(ctx, trx, cmd.bytes);
    const row = await trx
      .insertInto('deposits')
      .values({
        user_id: actor.userId,
        file_sha256: sha256,
        file_name: (cmd.fileName.split(/[\\/]/).pop() ?? 'fichier').slice(0, 255),
        kind: archiveKind(cmd.bytes) ? 'LOT' : 'FICHIER',
        channel: actor.channel,
        state: 'EN_COURS',
        progress: 0,
        stage: WAITING,
        submit: cmd.submit ? 1 : 0,
        supplier_structure_id: cmd.supplierStructureId ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (queue) await enqueue(trx, ctx, 'intake.read', { depositId: row.id });
    return row.id;
  });
  if (queue) ctx.nudgeOutbox();
  return id;
}

/**
 * Reads a deposit (from the job, or at once for the synchronous route). Progress is written as
 * it goes, at most every 300 ms, so that the portal's bar follows the real reading.
 */
export async function readDeposit(ctx: AppContext, depositId: number, bytes?: Buffer, rethrow = false): Promise<void> {
  // Only one reader takes a deposit, even if the job's lease expired during a long OCR.
  const claimed = await ctx.db
    .updateTable('deposits')
    .set({ stage: 'Lecture du fichier', updated_at: isoNow(ctx) })
    .where('id', '=', depositId)
    .where('state', '=', 'EN_COURS')
    .where('stage', '=', WAITING)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const d = await ctx.db.selectFrom('deposits').selectAll().where('id', '=', depositId).executeTakeFirstOrThrow();
  let last = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const onProgress = (fraction: number, stage: string) => {
    if (Date.now() - last < 300) return;
    last = Date.now();
    pending = pending.then(() =>
      ctx.db
        .updateTable('deposits')
        .set({
          progress: Math.min(99, Math.round(fraction * 100)),
          stage: stage.slice(0, 200),
          updated_at: isoNow(ctx),
        })
        .where('id', '=', depositId)
        .execute(),
    );
  };
  const finish = (values: { state: 'TERMINE' | 'ECHEC'; result?: string; error?: string }) =>
    pending.then(() =>
      ctx.db
        .updateTable('deposits')
        .set({
          ...values,
          progress: 100,
          stage: values.state === 'TERMINE' ? 'Terminé' : 'Refusé',
          updated_at: isoNow(ctx),
        })
        .where('id', '=', depositId)
        .execute(),
    );
  try {
    const outcome = await depositFiles(
      ctx,
      { userId: d.user_id, channel: d.channel as IntakeActor['channel'] },
      { fileName: d.file_name, bytes: bytes ?? (await readStoredFile(ctx, d.file_sha256)) },
      { submit: d.submit === 1, supplierStructureId: d.supplier_structure_id ?? undefined, onProgress },
    );
    await finish({ state: 'TERMINE', result: JSON.stringify(outcome.items) });
  } catch (e) {
    const message = e instanceof AppError ? e.message : 'Erreur interne pendant la lecture du dépôt : réessayez.';
    await finish({ state: 'ECHEC', error: message });
    if (!(e instanceof AppError) || rethrow) throw e;
  }
}

export async function depositResult(ctx: AppContext, userId: number, depositId: number): Promise<DepositResult> {
  const d = await ctx.db.selectFrom('deposits').selectAll().where('id', '=', depositId).executeTakeFirst();
  if (!d || d.user_id !== userId) throw depositNotFound();
  const items = d.result ? (JSON.parse(d.result) as DepositItem[]) : [];
  return {
    depositId: d.id,
    state: d.state,
    progress: d.progress,
    stage: d.stage,
    fileName: d.file_name,
    kind: d.kind,
    items,
    summary: summarise(items),
    error: d.error,
  };
}

/** POST /api/invoices/deposits: the file is kept and read by the job queue; poll its progress. */
export async function startDeposit(ctx: AppContext, actor: IntakeActor, cmd: DepositCommand) {
  return depositResult(ctx, actor.userId, await openDeposit(ctx, actor, cmd, true));
}

/**
 * POST /api/invoices/deposit: reads at once and answers with the drafts; a deposit refused as a
 * whole (not an invoice, hostile, too large) answers the French error.
 */
export async function depositNow(ctx: AppContext, actor: IntakeActor, cmd: DepositCommand) {
  const id = await openDeposit(ctx, actor, cmd, false);
  await readDeposit(ctx, id, cmd.bytes, true);
  return depositResult(ctx, actor.userId, id);
}
