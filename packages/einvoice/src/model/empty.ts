import type { Invoice, Party, Syntax, Totals } from './invoice.ts';

export function emptyParty(): Party {
  return {
    name: null,
    tradingName: null,
    ids: [],
    legalId: null,
    vatId: null,
    taxRegistrationId: null,
    additionalLegalInfo: null,
    electronicAddress: null,
    address: null,
    contact: null,
  };
}

export function emptyTotals(): Totals {
  return {
    lineTotal: null,
    allowanceTotal: null,
    chargeTotal: null,
    totalWithoutVat: null,
    vatTotal: null,
    vatTotalInTaxCurrency: null,
    totalWithVat: null,
    prepaid: null,
    rounding: null,
    amountDue: null,
  };
}

export function emptyInvoice(syntax: Syntax): Invoice {
  return {
    syntax,
    customizationId: null,
    businessProcess: null,
    invoiceNumber: null,
    issueDate: null,
    typeCode: null,
    currency: null,
    taxCurrency: null,
    taxPointDate: null,
    vatPointDateCode: null,
    dueDate: null,
    buyerReference: null,
    projectReference: null,
    contractReference: null,
    purchaseOrderReference: null,
    salesOrderReference: null,
    receivingAdviceReference: null,
    despatchAdviceReference: null,
    tenderReference: null,
    invoicedObjectId: null,
    buyerAccountingReference: null,
    paymentTerms: null,
    notes: [],
    precedingInvoices: [],
    seller: emptyParty(),
    buyer: emptyParty(),
    payee: null,
    taxRepresentative: null,
    delivery: null,
    invoicingPeriod: null,
    paymentMeans: [],
    allowanceCharges: [],
    totals: emptyTotals(),
    vatBreakdown: [],
    attachments: [],
    lines: [],
  };
}
