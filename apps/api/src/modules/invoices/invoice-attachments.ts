import { attachmentLimits } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { openStoredFile, storeFile } from '../files/file-store.ts';
import { checkUpload } from '../files/check-upload.ts';
import { invoiceNotFound, loadInvoiceRow, requireEitherSide, requireSupplier } from './invoice-access.ts';

/** Statuses in which the supplier may add files: while typing, and to complete a suspended invoice. */
const openForFiles = new Set(['BROUILLON', 'SUSPENDUE']);

/** « Pièces jointes »: name, extension, real content, 10 MB a file, 120 MB an invoice; the designation was checked by its schema. */
export async function addAttachment(
  ctx: AppContext,
  userId: number,
  invoiceId: number,
  cmd: { fileName: string; designation: string; kind: 'PRINCIPALE' | 'COMPLEMENTAIRE'; bytes: Buffer },
) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, inv, 'modification');
  if (!openForFiles.has(inv.status))
    throw new AppError('CONFLICT', 'Des pièces jointes ne s’ajoutent qu’à un brouillon ou à une facture suspendue.');
  const fileName = checkUpload(cmd.fileName, cmd.bytes);
  return ctx.db.transaction().execute(async (trx) => {
    const used = await trx
      .selectFrom('invoice_attachments')
      .select((eb) => eb.fn.sum<number>('size').as('total'))
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirst();
    if (Number(used?.total ?? 0) + cmd.bytes.length > attachmentLimits.invoiceMaxBytes)
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        'Les pièces jointes d’une facture ne doivent pas dépasser 120 Mo au total.',
        { file: 'Le total des pièces jointes dépasserait 120 Mo.' },
      );
    const sha256 = await storeFile(ctx, trx, cmd.bytes);
    const row = await trx
      .insertInto('invoice_attachments')
      .values({
        invoice_id: invoiceId,
        file_sha256: sha256,
        file_name: fileName,
        designation: cmd.designation,
        kind: cmd.kind,
        size: cmd.bytes.length,
        added_by: userId,
        added_at: isoNow(ctx),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, sha256 };
  });
}

export async function removeAttachment(ctx: AppContext, userId: number, invoiceId: number, attachmentId: number) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireSupplier(ctx, userId, inv, 'modification');
  if (inv.status !== 'BROUILLON')
    throw new AppError('CONFLICT', 'Les pièces jointes d’une facture envoyée sont conservées.');
  const r = await ctx.db
    .deleteFrom('invoice_attachments')
    .where('id', '=', attachmentId)
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) throw invoiceNotFound();
}

export async function downloadAttachment(ctx: AppContext, userId: number, invoiceId: number, attachmentId: number) {
  const inv = await loadInvoiceRow(ctx.db, invoiceId);
  await requireEitherSide(ctx, userId, inv);
  const a = await ctx.db
    .selectFrom('invoice_attachments')
    .selectAll()
    .where('id', '=', attachmentId)
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
  if (!a) throw invoiceNotFound();
  // Streamed from the store: up to 10 MB per attachment, never held whole in memory.
  return { fileName: a.file_name, bytes: await openStoredFile(ctx, a.file_sha256) };
}
