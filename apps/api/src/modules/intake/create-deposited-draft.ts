import { businessYear, type DepositFormat, type DepositMode } from '@chorale/domain';
import type { Guess, ReportLine } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, isoNow } from '../../platform/context.ts';
import { recordStoredFile, writeStoredFile } from '../files/file-store.ts';
import { newDraftNumber } from '../invoices/counters.ts';
import { recordStatus } from '../invoices/invoice-history.ts';
import type { HeldDraft } from '../invoices/invoice-access.ts';
import type { MappedInvoice } from './map-invoice.ts';
import type { DirectoryCache } from './resolve-parties.ts';
import type { typedAmounts } from './typed-totals.ts';

export interface DepositedDraft {
  supplierStructureId: number;
  recipientStructureId: number | null;
  recipientServiceId: number | null;
  bankAccountId: number | null;
  header: MappedInvoice['header'];
  lines: MappedInvoice['lines'];
  totals: MappedInvoice['totals'];
  /** The file's amounts as written, or a plain PDF's typed totals (typed-totals.ts). */
  amounts: MappedInvoice['amounts'] | ReturnType<typeof typedAmounts> | null;
  attachments: MappedInvoice['attachments'];
  original: { fileName: string; bytes: Buffer; format: DepositFormat };
  depositMode: DepositMode;
  report: ReportLine[];
  guesses: Guess[];
  /** The flow entry this file is: written with the invoice, so that a resumed flow never creates it twice. */
  entry?: FlowEntryRef;
}

/** A file of a flow: its deposit and 0-based position. */
export interface FlowEntryRef {
  depositId: number;
  position: number;
}

/**
 * Writes a deposited invoice as a draft, in one transaction: the file (byte for byte, by its
 * hash), the invoice row with its report, its lines (one multi-row insert), the file's own
 * attachments, the « Brouillon » history row and the flow entry it is (a batch's group writes its
 * entries itself). Nothing is half-created. In a transaction of its own, or in the one of a batch's
 * group (deposit-files.ts): there the rows written are returned as a held draft, which « Valider et
 * envoyer » sends in the same transaction without holding and reading them again.
 */
export async function createDepositedDraft(
  ctx: AppContext,
  cache: DirectoryCache,
  d: DepositedDraft,
): Promise<{ id: number; draftNumber: string; held: HeldDraft }> {
  const actor = await cache.actor(d.supplierStructureId);
  // The files are on disk, flushed, before the transaction: it never waits on the disk.
  const original = await writeStoredFile(ctx, d.original.bytes);
  const attachmentFiles = await Promise.all(d.attachments.map((a) => writeStoredFile(ctx, a.bytes)));
  return inTransaction(ctx.db, async (trx) => {
    const draftNumber = await newDraftNumber(trx, businessYear(ctx.now()));
    const now = isoNow(ctx);
    const sha256 = await recordStoredFile(ctx, trx, original);
    const row = await trx
      .insertInto('invoices')
      .values({
        ...d.header,
        supplier_structure_id: d.supplierStructureId,
        supplier_service_id: null,
        recipient_structure_id: d.recipientStructureId,
        recipient_service_id: d.recipientServiceId,
        billing_framework: 'A1_FACTURE_FOURNISSEUR',
        bank_account_id: d.bankAccountId,
        global_discount: '0',
        global_discount_reason: null,
        ...d.totals,
        draft_number: draftNumber,
        status: 'BROUILLON',
        status_at: now,
        created_by: cache.userId,
        created_at: now,
        updated_at: now,
        deposit_mode: d.depositMode,
        original_format: d.original.format,
        original_sha256: sha256,
        original_file_name: d.original.fileName.slice(0, 255),
        original_size: d.original.bytes.length,
        deposit_report: JSON.stringify(d.report),
        deposit_guesses: JSON.stringify(d.guesses),
        deposit_amounts: d.amounts ? JSON.stringify(d.amounts) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const lines = d.lines.length
      ? await trx
          .insertInto('invoice_lines')
          .values(d.lines.map((l) => ({ ...l, invoice_id: row.id })))
          .returningAll()
          .execute()
      : [];
    lines.sort((a, b) => a.position - b.position);
    const attachments = [];
    for (const [i, a] of d.attachments.entries()) {
      const fileSha = await recordStoredFile(ctx, trx, attachmentFiles[i]!);
      const attachment = await trx
        .insertInto('invoice_attachments')
        .values({
          invoice_id: row.id,
          file_sha256: fileSha,
          file_name: a.fileName,
          designation: a.designation,
          kind: 'COMPLEMENTAIRE',
          size: a.bytes.length,
          added_by: cache.userId,
          added_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      attachments.push(attachment);
    }
    // A new invoice: its history starts here, nobody else can append to it yet.
    const first = await recordStatus(trx, ctx, row.id, 'BROUILLON', actor, null, { previous: null, at: now });
    if (d.entry)
      await trx
        .insertInto('deposit_entries')
        .values({
          deposit_id: d.entry.depositId,
          position: d.entry.position,
          file_name: d.original.fileName.slice(0, 255),
          invoice_id: row.id,
          outcome: null,
          result: null,
        })
        .execute();
    return { id: row.id, draftNumber: row.draft_number, held: { inv: row, lines, attachments, history: [first] } };
  });
}
