import { attachmentLimits } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { checkUpload } from '../files/check-upload.ts';
import { readStoredFile, storeFile } from '../files/file-store.ts';
import { loadTicket, ticketNotFound } from './ticket-access.ts';

/** « Ajouter des pièces jointes »: either side, while the ticket is not closed. */
export async function addTicketAttachment(
  ctx: AppContext,
  userId: number,
  ticketId: number,
  file: { fileName: string; bytes: Buffer },
) {
  const { ticket, side } = await loadTicket(ctx.db, userId, ticketId, 'modification');
  if (ticket.status === 'FERME') throw new AppError('CONFLICT', 'Ce ticket est fermé.');
  const fileName = checkUpload(file.fileName, file.bytes);
  await ctx.db.transaction().execute(async (trx) => {
    const used = await trx
      .selectFrom('ticket_attachments')
      .select((eb) => eb.fn.sum<number>('size').as('total'))
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst();
    if (Number(used?.total ?? 0) + file.bytes.length > attachmentLimits.invoiceMaxBytes)
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        'Les pièces jointes d’un ticket ne doivent pas dépasser 120 Mo au total.',
        { file: 'Le total dépasserait 120 Mo.' },
      );
    const sha256 = await storeFile(ctx, trx, file.bytes);
    await trx
      .insertInto('ticket_attachments')
      .values({
        ticket_id: ticketId,
        file_sha256: sha256,
        file_name: fileName,
        size: file.bytes.length,
        side,
        added_by: userId,
        added_at: isoNow(ctx),
      })
      .execute();
  });
}

export async function downloadTicketAttachment(
  ctx: AppContext,
  userId: number,
  ticketId: number,
  attachmentId: number,
) {
  await loadTicket(ctx.db, userId, ticketId, 'consultation');
  const a = await ctx.db
    .selectFrom('ticket_attachments')
    .selectAll()
    .where('id', '=', attachmentId)
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  if (!a) throw ticketNotFound();
  return { fileName: a.file_name, bytes: await readStoredFile(ctx, a.file_sha256) };
}
