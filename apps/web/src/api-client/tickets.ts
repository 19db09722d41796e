import type { Ticket, TicketForm, TicketPage } from '@chorale/contracts';
import type { TicketAction as DomainTicketAction, TicketSide } from '@chorale/domain';
import { api } from './client.ts';

// Answers are typed by the API's own response schemas (packages/contracts), never by hand.
export type { Ticket, TicketActivity, TicketAttachment, TicketPage, TicketSummary } from '@chorale/contracts';

export type TicketTab = 'actions' | 'open' | 'closed' | 'drafts';
export type TicketSort = 'number' | 'title' | 'openedAt' | 'category' | 'subcategory' | 'status';
export type TicketAction = DomainTicketAction;

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
