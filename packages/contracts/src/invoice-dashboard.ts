import { z } from 'zod';
import { DASHBOARD_MAX_MONTHS, delayBuckets, invoiceStatuses, monthsBetween } from '@chorale/domain';
import { invoiceSummarySchema } from './invoice-responses.ts';
import { searchDate } from './invoices.ts';

/**
 * « Tableau de bord » of « Factures émises » and « Factures reçues » (issue 12): a period of
 * invoice dates (« date fournisseur », as in « Rechercher »), one structure or all the user's.
 * Without a period: the current month and the eleven before it.
 */
export const invoiceDashboardQuerySchema = z
  .object({
    structureId: z.coerce.number().int().positive().optional().describe('Ma structure (toutes sans elle)'),
    from: searchDate('Période, du').describe('Date fournisseur, du (AAAA-MM-JJ)'),
    to: searchDate('Période, au').describe('Date fournisseur, au (AAAA-MM-JJ)'),
  })
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    if (q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'La fin de la période doit suivre son début.' });
    else if (monthsBetween(q.from, q.to).length > DASHBOARD_MAX_MONTHS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `La période couvre au plus ${DASHBOARD_MAX_MONTHS} mois : rapprochez les deux dates.`,
      });
  });
export type InvoiceDashboardQuery = z.output<typeof invoiceDashboardQuerySchema>;

/** Amounts TTC, one per currency (an invoice may be in another currency than the euro). */
const amounts = z.array(z.object({ currency: z.string(), cents: z.number().int() }));
const status = z.enum(invoiceStatuses);

export const invoiceDashboardSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    /** The business day the due dates are compared with. */
    today: z.string(),
    byStatus: z.array(z.object({ status, count: z.number().int(), amounts })),
    byMonth: z.array(z.object({ month: z.string(), status, count: z.number().int(), amounts })),
    /** Invoices whose payment period runs, whatever their date: late, due soon, on time. */
    delay: z.array(z.object({ bucket: z.enum(delayBuckets), count: z.number().int(), amounts })),
    /** The first late or soon-due invoices, the oldest due date first. */
    urgent: z.array(invoiceSummarySchema),
  })
  .describe('Tableau de bord : factures par état, par mois et par échéance');
export type InvoiceDashboard = z.infer<typeof invoiceDashboardSchema>;
