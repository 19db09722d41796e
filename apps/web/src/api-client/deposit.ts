import type { DepositPage, DepositResult, InvoiceDeposit, TypedTotalsInput } from '@chorale/contracts';
import { api } from './client.ts';

export type {
  DepositItem,
  DepositPage,
  DepositResult,
  DepositSummary,
  Guess,
  InvoiceDeposit,
  ReportLine,
} from '@chorale/contracts';

export interface NewDeposit {
  file: File;
  /** The structure chosen before the file (a plain PDF whose SIRET is not read needs it). */
  supplierStructureId: number | null;
}

/** « Déposer facture »: the file goes up, the server reads it in the background (progress polled). */
export const depositApi = {
  start: (deposit: NewDeposit) => {
    const form = new FormData();
    // Fields before the file: the server reads the parts in order.
    form.append('submit', 'false');
    if (deposit.supplierStructureId) form.append('supplierStructureId', String(deposit.supplierStructureId));
    form.append('file', deposit.file, deposit.file.name);
    return api<DepositResult>('POST', '/api/invoices/deposits', form);
  },
  get: (depositId: number) => api<DepositResult>('GET', `/api/invoices/deposits/${depositId}`),
  /** « Suivi des flux »: my flows, most recent first. */
  list: (filter: { flowState: string; page: number }) => {
    const q = new URLSearchParams({ page: String(filter.page), pageSize: '20' });
    if (filter.flowState) q.set('flowState', filter.flowState);
    return api<DepositPage>('GET', `/api/invoices/deposits?${q}`);
  },
  ofInvoice: (invoiceId: number) => api<InvoiceDeposit>('GET', `/api/invoices/${invoiceId}/deposit`),
  /** « Montants totaux » and « Saisir le détail de la TVA » of a plain PDF. */
  saveTotals: (invoiceId: number, totals: TypedTotalsInput) =>
    api<InvoiceDeposit>('PUT', `/api/invoices/${invoiceId}/totals`, totals),
};

export const depositUrls = {
  original: (invoiceId: number) => `/api/invoices/${invoiceId}/original`,
  reportPdf: (depositId: number) => `/api/invoices/deposits/${depositId}/report.pdf`,
};

export const depositKeys = {
  one: (depositId: number) => ['deposits', depositId] as const,
  list: (filter: { flowState: string; page: number }) => ['deposits', 'list', filter] as const,
  // Under ['invoices'] so that every invoice change refreshes it too.
  ofInvoice: (invoiceId: number) => ['invoices', 'deposit', invoiceId] as const,
};
