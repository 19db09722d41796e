import type { TicketForm } from '@chorale/contracts';
import type { TicketObjectType, TicketSide, TicketStatus } from '@chorale/domain';
import { api } from './client.ts';

export type TicketTab = 'actions' | 'open' | 'closed' | 'drafts';
export type TicketSort = 'number' | 'title' | 'openedAt' | 'category' | 'subcategory' | 'status';
export type TicketAction = 'comment' | 'answer' | 'close' | 'accept' | 'reopen' | 'ask-information' | 'resolve';

export interface TicketActivity {
  id: number;
  side: TicketSide;
  author: string;
  body: string | null;
  statusTo: TicketStatus | null;
  at: string;
}
export interface TicketAttachment {
  id: number;
  fileName: string;
  size: number;
  side: TicketSide;
  addedAt: string;
}

/** A ticket as the API shows it to its emitter or to its receiver (`side`). */
export interface Ticket {
  side: TicketSide;
  id: number;
  number: string | null;
  status: TicketStatus;
  createdAt: string;
  openedAt: string | null;
  category: string;
  subcategory: string;
  objectType: TicketObjectType | null;
  objectNumber: string | null;
  invoiceId: number | null;
  title: string;
  description: string;
  emitter: {
    structureId: number;
    identifier: string;
    name: string;
    service: { code: string; name: string } | null;
    contact: string;
    contactEmail: string;
    contactPhone: string;
  };
  recipient: { identifier: string; name: string } | null;
  activities: TicketActivity[];
  attachments: TicketAttachment[];
}

export interface TicketSummary {
  id: number;
  number: string | null;
  title: string;
  openedAt: string | null;
  category: string;
  subcategory: string;
  status: TicketStatus;
}
export interface TicketPage {
  items: TicketSummary[];
  total: number;
  page: number;
  pageSize: number;
}
export interface TicketFilter {
  tab: TicketTab;
  q: string;
  sort: TicketSort;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const listQuery = (f: Partial<TicketFilter>) =>
  new URLSearchParams(
    Object.entries(f)
      .filter(([, v]) => v !== '' && v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  ).toString();

export const ticketsApi = {
  issued: (filter: TicketFilter) => api<TicketPage>('GET', `/api/tickets?${listQuery(filter)}`),
  received: (filter: TicketFilter) => api<TicketPage>('GET', `/api/tickets/received?${listQuery(filter)}`),
  get: (id: number) => api<Ticket>('GET', `/api/tickets/${id}`),
  create: (input: TicketForm) => api<Ticket>('POST', '/api/tickets', input),
  update: (id: number, input: TicketForm) => api<Ticket>('PUT', `/api/tickets/${id}`, input),
  act: (id: number, action: TicketAction, body: string) =>
    api<Ticket>('POST', `/api/tickets/${id}/actions`, { action, body }),
  addAttachment: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<Ticket>('POST', `/api/tickets/${id}/attachments`, form);
  },
};

export const ticketUrls = {
  attachment: (id: number, attachmentId: number) => `/api/tickets/${id}/attachments/${attachmentId}`,
  exportCsv: (filter: Pick<TicketFilter, 'tab' | 'q'>) => `/api/tickets/export.csv?${listQuery(filter)}`,
};

/** Query keys: every ticket change invalidates `['tickets']`. */
export const ticketKeys = {
  all: ['tickets'] as const,
  list: (side: TicketSide, filter: TicketFilter) => ['tickets', side, filter] as const,
  one: (id: number) => ['tickets', 'one', id] as const,
};
