import type { Invoice } from '../../model/invoice.ts';

const UBL: Record<string, string> = {
  customizationId: 'cbc:CustomizationID',
  invoiceNumber: 'cbc:ID',
  issueDate: 'cbc:IssueDate',
  currency: 'cbc:DocumentCurrencyCode',
  taxCurrency: 'cbc:TaxCurrencyCode',
  taxPointDate: 'cbc:TaxPointDate',
  seller: 'cac:AccountingSupplierParty/cac:Party',
  buyer: 'cac:AccountingCustomerParty/cac:Party',
  payee: 'cac:PayeeParty',
  taxRepresentative: 'cac:TaxRepresentativeParty',
  delivery: 'cac:Delivery',
  invoicingPeriod: 'cac:InvoicePeriod',
  totals: 'cac:LegalMonetaryTotal',
  vatTotal: 'cac:TaxTotal',
  vatBreakdown: 'cac:TaxTotal/cac:TaxSubtotal',
  allowanceCharges: 'cac:AllowanceCharge',
  paymentMeans: 'cac:PaymentMeans',
  attachments: 'cac:AdditionalDocumentReference',
  precedingInvoices: 'cac:BillingReference',
  notes: 'cbc:Note',
  paymentTerms: 'cac:PaymentTerms',
};

const CII_SETTLEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';
const CII_AGREEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement';
const CII: Record<string, string> = {
  customizationId: 'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID',
  invoiceNumber: 'rsm:ExchangedDocument/ram:ID',
  issueDate: 'rsm:ExchangedDocument/ram:IssueDateTime',
  typeCode: 'rsm:ExchangedDocument/ram:TypeCode',
  currency: `${CII_SETTLEMENT}/ram:InvoiceCurrencyCode`,
  taxCurrency: `${CII_SETTLEMENT}/ram:TaxCurrencyCode`,
  taxPointDate: `${CII_SETTLEMENT}/ram:ApplicableTradeTax/ram:TaxPointDate`,
  seller: `${CII_AGREEMENT}/ram:SellerTradeParty`,
  buyer: `${CII_AGREEMENT}/ram:BuyerTradeParty`,
  payee: `${CII_SETTLEMENT}/ram:PayeeTradeParty`,
  taxRepresentative: `${CII_AGREEMENT}/ram:SellerTaxRepresentativeTradeParty`,
  delivery: 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery',
  invoicingPeriod: `${CII_SETTLEMENT}/ram:BillingSpecifiedPeriod`,
  totals: `${CII_SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`,
  vatTotal: `${CII_SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount`,
  vatBreakdown: `${CII_SETTLEMENT}/ram:ApplicableTradeTax`,
  allowanceCharges: `${CII_SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge`,
  paymentMeans: `${CII_SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans`,
  attachments: `${CII_AGREEMENT}/ram:AdditionalReferencedDocument`,
  precedingInvoices: `${CII_SETTLEMENT}/ram:InvoiceReferencedDocument`,
  notes: 'rsm:ExchangedDocument/ram:IncludedNote',
  paymentTerms: `${CII_SETTLEMENT}/ram:SpecifiedTradePaymentTerms`,
  lines: 'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem',
};

/**
 * XPath of a model element in the source syntax, e.g. ("lines", 2) ->
 * /Invoice/cac:InvoiceLine[3]. Indices are the model's (0-based); XPath's are 1-based.
 */
export function locate(inv: Invoice, key: string, index?: number, sub?: string): string {
  const isCii = inv.syntax === 'CII';
  const credit = inv.syntax === 'UBL-CreditNote';
  let path: string;
  if (isCii) path = CII[key] ?? key;
  else if (key === 'lines') path = credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  else if (key === 'typeCode') path = credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode';
  else path = UBL[key] ?? key;
  const root = isCii ? '/rsm:CrossIndustryInvoice' : credit ? '/CreditNote' : '/Invoice';
  const indexed = index === undefined ? path : `${path}[${index + 1}]`;
  return `${root}/${indexed}${sub ? `/${sub}` : ''}`;
}
