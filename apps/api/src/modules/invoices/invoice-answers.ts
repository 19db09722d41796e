import { z } from 'zod';
import { failures } from '../../platform/responses.ts';
import { requireUser } from '../../plugins/session.ts';
import { loadInvoiceRow, requireEitherSide } from './invoice-access.ts';
import { invoiceView, type KnownInvoice } from './invoice-view.ts';

/** What the invoice routes share (invoices.routes.ts, invoice-files.routes.ts). */
export const invoiceParams = z.object({ id: z.coerce.number().int().positive() });
export const invoiceTags = ['Factures'];
// An invoice is hidden (404) from who may not see it; 403 when he sees it but may not act.
export const readsInvoice = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND');
export const changesInvoice = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED');

type Request = Parameters<typeof requireUser>[0];

export const user = (req: Request) => requireUser(req).userId;

/**
 * The invoice as its caller sees it, from either side (each request's context, `req.ctx`: its
 * scope of reads, request-scope.ts). The answer of a change is made of the rows the use case just
 * wrote (`known`, issue 13).
 */
export async function view(req: Request, invoiceId: number, known: KnownInvoice = {}) {
  const userId = user(req);
  const inv = known.inv ?? (await loadInvoiceRow(req.ctx.db, invoiceId));
  const side = await requireEitherSide(req.ctx, userId, inv);
  return { side, ...(await invoiceView(req.ctx, invoiceId, req.ctx.now(), { ...known, inv })) };
}
