import type {
  DirectoryPage,
  Invoice,
  InvoiceHeader,
  InvoiceLineInput,
  InvoiceAttachment,
  InvoicePage,
} from '@chorale/contracts';
import type { InvoiceStatus } from '@chorale/domain';
import { api } from './client.ts';

// Answers are typed by the API's own response schemas (packages/contracts), never by hand.
export type {
  Invoice,
  InvoiceAttachment,
  InvoiceHistoryEntry,
  InvoiceLine,
  InvoicePage,
  InvoiceParty,
  InvoiceSummary,
} from '@chorale/contracts';
export type AttachmentKind = InvoiceAttachment['kind'];

export interface InvoiceListFilter {
  status: string;
  serviceId?: string;
  page: number;
  pageSize?: number;
}

/** The number the user knows the invoice by: the final one once sent, the TMP one before. */
export const invoiceNumber = (invoice: Pick<Invoice, 'number' | 'draftNumber'>) =>
  invoice.number ?? invoice.draftNumber;

const listQuery = (filter: InvoiceListFilter) => {
  const params: Record<string, string> = { page: String(filter.page), pageSize: String(filter.pageSize ?? 20) };
  if (filter.status) params.status = filter.status;
  if (filter.serviceId) params.serviceId = filter.serviceId;
  return new URLSearchParams(params).toString();
};

export interface NewAttachment {
  designation: string;
  kind: AttachmentKind;
  file: File;
}

export interface SendCheck {
  sendable: boolean;
  message: string;
  problems: Record<string, string>;
}

export const invoicesApi = {
  /** The recipient typed by SIRET: every public entity, the State included. */
  recipient: (siret: string) => api<DirectoryPage>('GET', `/api/directory?${new URLSearchParams({ q: siret })}`),
  issued: (filter: InvoiceListFilter) => api<InvoicePage>('GET', `/api/invoices/issued?${listQuery(filter)}`),
  received: (filter: InvoiceListFilter) => api<InvoicePage>('GET', `/api/invoices/received?${listQuery(filter)}`),
  get: (id: number) => api<Invoice>('GET', `/api/invoices/${id}`),
  create: (header: InvoiceHeader) => api<Invoice>('POST', '/api/invoices', header),
  update: (id: number, header: InvoiceHeader) => api<Invoice>('PUT', `/api/invoices/${id}`, header),
  remove: (id: number) => api<unknown>('DELETE', `/api/invoices/${id}`),
  addLine: (id: number, line: InvoiceLineInput) => api<Invoice>('POST', `/api/invoices/${id}/lines`, line),
  updateLine: (id: number, lineId: number, line: InvoiceLineInput) =>
    api<Invoice>('PUT', `/api/invoices/${id}/lines/${lineId}`, line),
  deleteLine: (id: number, lineId: number) => api<Invoice>('DELETE', `/api/invoices/${id}/lines/${lineId}`),
  addAttachment: (id: number, attachment: NewAttachment) => {
    const form = new FormData();
    // Fields before the file: the server reads the parts in order.
    form.append('designation', attachment.designation);
    form.append('kind', attachment.kind);
    form.append('file', attachment.file, attachment.file.name);
    return api<Invoice>('POST', `/api/invoices/${id}/attachments`, form);
  },
  deleteAttachment: (id: number, attachmentId: number) =>
    api<Invoice>('DELETE', `/api/invoices/${id}/attachments/${attachmentId}`),
  /** The send rules, checked without sending: « Confirmer et envoyer » is offered only when they pass. */
  sendCheck: (id: number) => api<SendCheck>('GET', `/api/invoices/${id}/send-check`),
  submit: (id: number) => api<Invoice>('POST', `/api/invoices/${id}/submit`, {}),
  changeStatus: (id: number, status: InvoiceStatus, reason: string) =>
    api<Invoice>('POST', `/api/invoices/${id}/status`, { status, reason }),
  complete: (id: number, comment: string) => api<Invoice>('POST', `/api/invoices/${id}/complete`, { comment }),
};

export const invoiceUrls = {
  attachment: (id: number, attachmentId: number) => `/api/invoices/${id}/attachments/${attachmentId}`,
  certificatePdf: (id: number) => `/api/invoices/${id}/certificate.pdf`,
  invoicePdf: (id: number) => `/api/invoices/${id}/invoice.pdf`,
  interestClaim: (id: number) => `/api/invoices/${id}/interest-claim.pdf`,
  depositJson: (id: number) => `/api/invoices/${id}/deposit.json`,
};

/** Query keys: every invoice change invalidates `['invoices']`. */
export const invoiceKeys = {
  all: ['invoices'] as const,
  issued: (filter: InvoiceListFilter) => ['invoices', 'issued', filter] as const,
  received: (filter: InvoiceListFilter) => ['invoices', 'received', filter] as const,
  one: (id: number) => ['invoices', 'one', id] as const,
};
