import type {
  BulkStatusChangeAnswer,
  BulkStatusChangeInput,
  Invoice,
  PendingReturns,
  RecycleInvoiceInput,
  Worklist,
} from '@chorale/contracts';
import { api } from './client.ts';

export type { PendingReturns, Worklist, WorklistItem } from '@chorale/contracts';

export interface WorklistFilter {
  structureId?: string;
  serviceId?: string;
  hideOldRejected?: boolean;
  instructor?: string;
  page: number;
}

const query = (f: WorklistFilter) => {
  const params: Record<string, string> = { page: String(f.page), pageSize: '50' };
  if (f.structureId) params.structureId = f.structureId;
  if (f.serviceId) params.serviceId = f.serviceId;
  if (f.hideOldRejected) params.hideOldRejected = 'true';
  if (f.instructor) params.instructor = f.instructor;
  return new URLSearchParams(params).toString();
};

/** The worklists (« Synthèse ») and the answers to a returned invoice (issue 12). */
export const followUpApi = {
  issuedWorklist: (f: WorklistFilter) => api<Worklist>('GET', `/api/invoices/issued/worklist?${query(f)}`),
  receivedWorklist: (f: WorklistFilter) => api<Worklist>('GET', `/api/invoices/received/worklist?${query(f)}`),
  pendingReturns: () => api<PendingReturns>('GET', '/api/invoices/issued/returns-pending'),
  recycle: (id: number, body: RecycleInvoiceInput) => api<Invoice>('POST', `/api/invoices/${id}/recycle`, body),
  treatRejection: (id: number, comment = '') =>
    api<Invoice>('POST', `/api/invoices/${id}/treat-rejection`, { comment }),
  duplicate: (id: number) => api<Invoice>('POST', `/api/invoices/${id}/duplicate`, {}),
  processReceived: (body: BulkStatusChangeInput) =>
    api<BulkStatusChangeAnswer>('POST', '/api/invoices/received/status', body),
  setInstructor: (id: number, instructor: string) =>
    api<{ instructor: string }>('PUT', `/api/invoices/${id}/instructor`, { instructor }),
};

export const followUpKeys = {
  issued: (f: WorklistFilter) => ['invoices', 'issued', 'worklist', f] as const,
  received: (f: WorklistFilter) => ['invoices', 'received', 'worklist', f] as const,
  pendingReturns: ['invoices', 'returns-pending'] as const,
};
