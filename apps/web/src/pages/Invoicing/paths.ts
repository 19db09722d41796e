/** French addresses of the Facturation pages (the status mails link to `issuedInvoice`). */
export const invoicingPaths = {
  domain: '/facturation',
  issued: '/facturation/factures-emises',
  enter: '/facturation/factures-emises/saisir',
  edit: (id: number) => `/facturation/factures-emises/${id}/modifier`,
  deposit: '/facturation/factures-emises/deposer',
  depositDraft: (id: number) => `/facturation/factures-emises/${id}/depot`,
  issuedInvoice: (id: number) => `/facturation/factures-emises/${id}`,
  received: '/facturation/factures-recues',
  receivedInvoice: (id: number) => `/facturation/factures-recues/${id}`,
};
