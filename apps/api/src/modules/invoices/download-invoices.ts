import type { Readable } from 'node:stream';
import type { AppContext } from '../../platform/context.ts';
import { openStoredFile } from '../files/file-store.ts';
import { invoiceDocument } from './facturx/invoice-document.ts';
import { loadInvoiceRow, requireEitherSide } from './invoice-access.ts';
import { invoiceView } from './invoice-view.ts';
import { invoicePdf } from './pdf/invoice-pdf.ts';

/** How many invoices one « Télécharger » of ticked rows takes at most (a page of « Rechercher » is 50). */
export const ZIP_MAX_INVOICES = 100;

/** A name safe as one path segment of a zip entry (no folder, no « .. », no control character). */
export function zipSegment(name: string): string {
  const cleaned = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^\.+/, '_')
    .trim();
  return cleaned.slice(0, 120) || '_';
}

/**
 * « Télécharger » the ticked invoices of « Rechercher » (webinar: « supprimer ou télécharger
 * plusieurs factures en même temps »): one zip, a folder per invoice with its document as
 * « Visualiser » gives it (the Factur-X of a sent typed invoice, the deposited original, a draft's
 * layout), its PDF layout too when the original is not a PDF (UBL, CII), and its attachments.
 * Every invoice is checked first (either side may download what it sees): one that is not the
 * user's refuses the whole download. The zip is streamed; an invoice is read only when the
 * previous one is written.
 */
export async function invoicesZip(ctx: AppContext, userId: number, ids: number[]): Promise<Readable> {
  const unique = [...new Set(ids)];
  for (const id of unique) await requireEitherSide(ctx, userId, await loadInvoiceRow(ctx.db, id));
  // Loaded with the first zip, not at start-up (issue 13).
  const { default: archiver } = await import('archiver');
  const zip = archiver('zip', { zlib: { level: 6 } });
  /** Resolves once `count` more entries are written (the reader keeps up), fails if the download stops. */
  const written = (count: number) =>
    new Promise<void>((resolve, reject) => {
      let left = count;
      const done = (error?: Error) => {
        zip.off('entry', onEntry).off('close', onClose).off('error', done);
        if (error) reject(error);
        else resolve();
      };
      const onEntry = () => {
        if (--left === 0) done();
      };
      const onClose = () => done(new Error('download stopped'));
      zip.on('entry', onEntry).once('close', onClose).once('error', done);
    });
  (async () => {
    for (const id of unique) {
      const v = await invoiceView(ctx, id, ctx.now());
      const folder = zipSegment(`facture-${v.number ?? v.draftNumber}`);
      const document = await invoiceDocument(ctx, v);
      const layout = document.contentType === 'application/pdf' ? null : await invoicePdf(v);
      const entries = written(1 + (layout ? 1 : 0) + v.attachments.length);
      zip.append(Buffer.from(document.bytes), { name: `${folder}/${zipSegment(document.fileName)}` });
      if (layout) zip.append(Buffer.from(layout), { name: `${folder}/${folder}.pdf` });
      let n = 0;
      for (const a of v.attachments) {
        const position = String(++n).padStart(2, '0');
        zip.append(await openStoredFile(ctx, a.sha256), {
          name: `${folder}/pieces-jointes/${position}-${zipSegment(a.fileName)}`,
        });
      }
      await entries;
    }
    await zip.finalize();
  })().catch((err: unknown) => {
    if (!zip.destroyed) zip.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return zip;
}
