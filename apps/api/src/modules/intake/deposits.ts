import {
  finalFlowState,
  intakeLimits,
  openFlowStates,
  readableFlowSyntaxes,
  syntaxOfFormat,
  type FlowState,
  type FlowSyntax,
} from '@chorale/domain';
import type { DepositItem } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { HEARTBEAT_MS, LEASE_MS } from '../../platform/outbox-worker.ts';
import { readStoredFile, storeFile } from '../files/file-store.ts';
import { depositFiles, summarise, type FlowJournal } from './deposit-files.ts';
import { FileRefused, type IntakeActor } from './intake-file.ts';
import { announceFlowState, changeFlowState, flowReturning } from './flow-state.ts';
import { archiveKind } from './read-archive.ts';
import { depositResult } from './deposit-results.ts';

const WAITING = 'En attente de lecture';

export interface DepositCommand {
  fileName: string;
  bytes: Buffer;
  submit: boolean;
  supplierStructureId?: number;
  /** `syntaxeFlux` declared by the depositor (deposer/flux, EDI); detected from the content otherwise. */
  syntax?: FlowSyntax;
}

/** A declared syntax Chorale cannot read is refused at deposit, before anything is kept. */
export function declaredSyntax(syntax: FlowSyntax) {
  const format = readableFlowSyntaxes[syntax];
  if (!format)
    throw new FileRefused(
      `La syntaxe de flux ${syntax} n’est pas prise en charge : Chorale lit les flux ${Object.keys(readableFlowSyntaxes).join(', ')}.`,
    );
  return { name: syntax, format };
}

/** Keeps the deposited file and opens the flow (« IN_RECU ») that the depositor follows. */
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
  if (cmd.syntax) declaredSyntax(cmd.syntax);
  const now = isoNow(ctx);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const sha256 = await storeFile(ctx, trx, cmd.bytes);
    const row = await trx
      .insertInto('deposits')
      .values({
        user_id: actor.userId,
        file_sha256: sha256,
        file_name: (cmd.fileName.split(/[\\/]/).pop() ?? 'fichier').slice(0, 255),
        kind: batch ? 'LOT' : 'FICHIER',
        channel: actor.channel,
        flow_state: 'IN_RECU',
        flow_state_at: now,
        syntax: cmd.syntax ?? null,
        syntax_declared: cmd.syntax ? 1 : 0,
        progress: 0,
        stage: WAITING,
        submit: cmd.submit ? 1 : 0,
        supplier_structure_id: cmd.supplierStructureId ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning(flowReturning)
      .executeTakeFirstOrThrow();
    if (queue) await enqueue(trx, ctx, 'intake.read', { depositId: row.id });
    await announceFlowState(trx, ctx, row);
    return row.id;
  });
  if (queue) ctx.nudgeOutbox();
  return id;
}

/** The entries of a flow written before (a resumed flow), by position. */
async function knownEntries(db: Db, depositId: number): Promise<FlowJournal['known']> {
  const rows = await db
    .selectFrom('deposit_entries')
    .select(['position', 'file_name', 'invoice_id', 'result'])
    .where('deposit_id', '=', depositId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.position,
      {
        fileName: r.file_name,
        invoiceId: r.invoice_id,
        item: r.result ? (JSON.parse(r.result) as DepositItem) : null,
      },
    ]),
  );
}

/**
 * Writes the results of entries read: an entry whose invoice was created has its row already
 * (written with the invoice) and gets its result, a refused one gets its row now. One statement
 * for up to 200 entries.
 */
async function writeResults(trx: Db, depositId: number, results: Map<number, DepositItem>) {
  const rows = [...results].map(([position, item]) => ({
    deposit_id: depositId,
    position,
    file_name: item.fileName.slice(0, 255),
    invoice_id: item.invoiceId,
    outcome: item.outcome,
    result: JSON.stringify(item),
  }));
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('deposit_entries')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['deposit_id', 'position']).doUpdateSet((eb) => ({
          outcome: eb.ref('excluded.outcome'),
          result: eb.ref('excluded.result'),
        })),
      )
      .execute();
  results.clear();
}

/**
 * Reads a flow (from the job, or at once for the synchronous route), one crash-safe step at a
 * time: each file's invoice is written with its entry, the results and the progress at most every
 * 300 ms, the final state with the last results. One reader at a time holds the flow's lease
 * (renewed while it lives); after a crash the job runs again, takes the expired lease and resumes
 * where the entries stop, never creating an invoice twice.
 */
export async function readDeposit(ctx: AppContext, depositId: number, bytes?: Buffer, rethrow = false): Promise<void> {
  const claimed = await ctx.db.transaction().execute((trx) =>
    changeFlowState(trx, ctx, depositId, 'IN_EN_COURS_TRAITEMENT_CPP', {
      from: openFlowStates,
      leaseFreeAt: isoNow(ctx),
      set: { reader_until: isoNow(ctx, LEASE_MS), stage: 'Lecture du fichier' },
    }),
  );
  if (!claimed) return;
  const heartbeat = setInterval(() => {
    void ctx.db
      .updateTable('deposits')
      .set({ reader_until: isoNow(ctx, LEASE_MS) })
      .where('id', '=', depositId)
      .where('flow_state', '=', 'IN_EN_COURS_TRAITEMENT_CPP')
      .execute()
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const d = await ctx.db.selectFrom('deposits').selectAll().where('id', '=', depositId).executeTakeFirstOrThrow();
  const results = new Map<number, DepositItem>();
  const progressOf = (fraction: number, stage: string) => ({
    progress: Math.min(99, Math.round(fraction * 100)),
    stage: stage.slice(0, 200),
    updated_at: isoNow(ctx),
  });
  const journal: FlowJournal = {
    depositId,
    known: await knownEntries(ctx.db, depositId),
    record: (position, item) => results.set(position, item),
    write: async (trx, written, { fraction, stage }) => {
      await writeResults(trx, depositId, written);
      await trx.updateTable('deposits').set(progressOf(fraction, stage)).where('id', '=', depositId).execute();
    },
  };
  let last = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const onProgress = (fraction: number, stage: string) => {
    if (Date.now() - last < 300) return;
    last = Date.now();
    pending = pending.then(() =>
      ctx.db.transaction().execute(async (trx) => {
        await writeResults(trx, depositId, results);
        await trx.updateTable('deposits').set(progressOf(fraction, stage)).where('id', '=', depositId).execute();
      }),
    );
  };
  const finish = (state: FlowState, values: { syntax?: string | null; error?: string | null }) =>
    pending.then(() =>
      ctx.db.transaction().execute(async (trx) => {
        await writeResults(trx, depositId, results);
        await changeFlowState(trx, ctx, depositId, state, {
          set: { ...values, reader_until: null, progress: 100, stage: state === 'IN_REJETE' ? 'Rejeté' : 'Terminé' },
        });
        // A flow dropped by SFTP gets its reports in the account's retour/ (mode EDI, issue 11).
        if (d.channel === 'EDI') await enqueue(trx, ctx, 'edi.report', { depositId });
      }),
    );
  try {
    const declared = d.syntax_declared === 1 && d.syntax ? declaredSyntax(d.syntax as FlowSyntax) : undefined;
    const outcome = await depositFiles(
      ctx,
      { userId: d.user_id, channel: d.channel as IntakeActor['channel'] },
      { fileName: d.file_name, bytes: bytes ?? (await readStoredFile(ctx, d.file_sha256)) },
      {
        submit: d.submit === 1,
        supplierStructureId: d.supplier_structure_id ?? undefined,
        onProgress,
        journal,
        syntax: declared,
      },
    );
    const s = summarise(outcome.items);
    const detected = outcome.items.find((i) => i.format !== null)?.format;
    await finish(finalFlowState(s.drafts + s.sent, s.refused), {
      syntax: declared ? d.syntax : detected ? syntaxOfFormat[detected] : null,
    });
  } catch (e) {
    if (e instanceof AppError) await finish('IN_REJETE', { error: e.message });
    else if (rethrow) await finish('IN_REJETE', { error: 'Erreur interne pendant la lecture du dépôt : réessayez.' });
    else
      // Not the file's fault (the database went away…): the lease is let go and the job, run again
      // later, resumes the flow where its entries stop.
      await pending
        .catch(() => undefined)
        .then(() => ctx.db.updateTable('deposits').set({ reader_until: null }).where('id', '=', depositId).execute())
        .catch(() => undefined);
    if (!(e instanceof AppError) || rethrow) throw e;
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * The job of the outbox (« intake.read »): the outbox runs these jobs side by side, at most
 * FLOWS_IN_PARALLEL of them read at once in this process; a flow waiting for its turn is
 * « IN_EN_ATTENTE_TRAITEMENT_CPP ».
 */
export const FLOWS_IN_PARALLEL = 2;
export function flowReader(ctx: AppContext) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async ({ depositId }: { depositId: number }) => {
    await ctx.db
      .transaction()
      .execute((trx) => changeFlowState(trx, ctx, depositId, 'IN_EN_ATTENTE_TRAITEMENT_CPP', { from: ['IN_RECU'] }));
    if (running >= FLOWS_IN_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      await readDeposit(ctx, depositId);
    } finally {
      running--;
      waiting.shift()?.();
    }
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
