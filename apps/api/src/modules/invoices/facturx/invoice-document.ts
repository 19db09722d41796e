import type { AppContext } from '../../../platform/context.ts';
import { readStoredFile } from '../../files/file-store.ts';
import { originalFile } from '../../intake/deposited-original.ts';
import { loadInvoiceRow } from '../invoice-access.ts';
import type { InvoiceView } from '../invoice-view.ts';
import { invoicePdf } from '../pdf/invoice-pdf.ts';
import { invoiceToEn16931 } from './invoice-to-en16931.ts';
import { wrapFacturx } from './wrap-facturx.ts';

export interface InvoiceDocument {
  fileName: string;
  bytes: Uint8Array;
  contentType: string;
}

/**
 * « Visualiser la facture » and the recipient's download (access checked by the caller): a
 * deposited invoice is its deposited file, byte for byte (the legal original: a UBL or CII stays
 * XML, a Factur-X or a PDF stays that PDF); a sent typed invoice is its Factur-X twin (the French
 * layout with the CII XML and the attachments embedded); a draft, which is not yet an invoice, is
 * only its layout, marked « BROUILLON » (ADR 0006).
 */
export async function invoiceDocument(
  ctx: Pick<AppContext, 'config' | 'db'>,
  v: InvoiceView,
): Promise<InvoiceDocument> {
  const original = await originalFile(ctx, await loadInvoiceRow(ctx.db, v.id));
  if (original) return original;
  const number = v.number ?? v.draftNumber;
  const layout = await invoicePdf(v);
  if (!v.depositedAt) return { fileName: `facture-${number}.pdf`, bytes: layout, contentType: 'application/pdf' };
  const attachments = await Promise.all(
    v.attachments.map(async (a) => ({
      fileName: a.fileName,
      description: a.designation,
      bytes: new Uint8Array(await readStoredFile(ctx, a.sha256)),
    })),
  );
  const bytes = await wrapFacturx(layout, invoiceToEn16931(v), attachments, { now: new Date(v.depositedAt) });
  return { fileName: `facture-${number}.pdf`, bytes, contentType: 'application/pdf' };
}
