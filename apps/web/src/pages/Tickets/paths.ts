import { portal } from '../../labels-support.ts';

/** French addresses of the support portal (the ticket mails link to `issuedTicket` / `receivedTicket`). */
export const ticketPaths = {
  support: '/support',
  portal: '/support/portail',
  create: '/support/tickets/nouveau',
  issued: '/support/tickets',
  issuedTicket: (id: number) => `/support/tickets/${id}`,
  editDraft: (id: number) => `/support/tickets/${id}/modifier`,
  received: '/support/tickets-recus',
  receivedTicket: (id: number) => `/support/tickets-recus/${id}`,
};

export const supportTrail = [{ label: portal.breadcrumb, to: ticketPaths.support }];
export const portalTrail = [...supportTrail, { label: portal.title, to: ticketPaths.portal }];
export const issuedTrail = [...portalTrail, { label: portal.issued.title, to: ticketPaths.issued }];
export const receivedTrail = [...portalTrail, { label: portal.received.title, to: ticketPaths.received }];
