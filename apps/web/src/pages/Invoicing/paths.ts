/** French addresses of the Facturation pages (the status mails link to `issuedInvoice`). */
export const invoicingPaths = {
  domain: '/facturation',
  issued: '/facturation/factures-emises',
  enter: '/facturation/factures-emises/saisir',
  edit: (id: number) => `/facturation/factures-emises/${id}/modifier`,
  issuedInvoice: (id: number) => `/facturation/factures-emises/${id}`,
  received: '/facturation/factures-recues',
  receivedInvoice: (id: number) => `/facturation/factures-recues/${id}`,
};
