/**
 * The neutral EN 16931 model. Each field carries its business term in its doc comment and in
 * TERMS (terms.ts), which the CLI and the reports use. Amounts, quantities and rates are kept as
 * the decimal strings written in the file (compare them with decimal.js, never as floats), dates
 * as YYYY-MM-DD.
 */
export const SYNTAXES = ['UBL-Invoice', 'UBL-CreditNote', 'CII'] as const;
export type Syntax = (typeof SYNTAXES)[number];

export interface Identifier {
  readonly value: string;
  /** ISO 6523 ICD scheme (0009 = SIRET, 0002 = SIREN) or null when not given. */
  readonly scheme: string | null;
}

export interface Address {
  line1: string | null;
  line2: string | null;
  line3: string | null;
  city: string | null;
  postCode: string | null;
  subdivision: string | null;
  countryCode: string | null;
}

export interface Contact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export interface Party {
  name: string | null;
  tradingName: string | null;
  ids: Identifier[];
  legalId: Identifier | null;
  vatId: string | null;
  /** BT-32, seller only. */
  taxRegistrationId: string | null;
  /** BT-33, seller only. */
  additionalLegalInfo: string | null;
  electronicAddress: Identifier | null;
  address: Address | null;
  contact: Contact | null;
}

export interface Payee {
  name: string | null;
  ids: Identifier[];
  legalId: Identifier | null;
}

export interface TaxRepresentative {
  name: string | null;
  vatId: string | null;
  address: Address | null;
}

export interface Delivery {
  partyName: string | null;
  locationId: Identifier | null;
  date: string | null;
  address: Address | null;
}

export interface Period {
  start: string | null;
  end: string | null;
}

export interface PaymentMeans {
  typeCode: string | null;
  text: string | null;
  remittanceInformation: string | null;
  creditTransfers: { accountId: string | null; accountName: string | null; bic: string | null }[];
  card: { pan: string | null; holder: string | null } | null;
  directDebit: { mandateId: string | null; creditorId: string | null; debitedAccount: string | null } | null;
}

export interface AllowanceCharge {
  /** true for a charge (BG-21 / BG-28), false for an allowance (BG-20 / BG-27). */
  isCharge: boolean;
  amount: string | null;
  baseAmount: string | null;
  percentage: string | null;
  vatCategory: string | null;
  vatRate: string | null;
  /** Tax scheme of the category (UBL TaxScheme/ID, CII TypeCode): "VAT" in EN 16931. */
  taxScheme: string | null;
  reason: string | null;
  reasonCode: string | null;
}

export interface VatBreakdown {
  taxableAmount: string | null;
  taxAmount: string | null;
  category: string | null;
  rate: string | null;
  /** Tax scheme of the category (UBL TaxScheme/ID, CII TypeCode): "VAT" in EN 16931. */
  taxScheme: string | null;
  exemptionReason: string | null;
  exemptionReasonCode: string | null;
}

export interface Totals {
  lineTotal: string | null;
  allowanceTotal: string | null;
  chargeTotal: string | null;
  totalWithoutVat: string | null;
  vatTotal: string | null;
  vatTotalInTaxCurrency: string | null;
  totalWithVat: string | null;
  prepaid: string | null;
  rounding: string | null;
  amountDue: string | null;
}

export interface Attachment {
  id: string | null;
  description: string | null;
  uri: string | null;
  mimeCode: string | null;
  filename: string | null;
  /** Size in bytes of the embedded content, null when only a URI is given. */
  contentBytes: number | null;
  /** Base64 content as found in the XML. */
  content: string | null;
}

export interface Line {
  id: string | null;
  note: string | null;
  objectId: Identifier | null;
  quantity: string | null;
  unitCode: string | null;
  netAmount: string | null;
  orderLineReference: string | null;
  accountingReference: string | null;
  period: Period | null;
  allowanceCharges: AllowanceCharge[];
  netPrice: string | null;
  priceDiscount: string | null;
  grossPrice: string | null;
  baseQuantity: string | null;
  baseQuantityUnit: string | null;
  vatCategory: string | null;
  vatRate: string | null;
  /** Tax scheme of the category (UBL TaxScheme/ID, CII TypeCode): "VAT" in EN 16931. */
  taxScheme: string | null;
  itemName: string | null;
  itemDescription: string | null;
  sellerItemId: string | null;
  buyerItemId: string | null;
  standardItemId: Identifier | null;
  classifications: { value: string; listId: string | null; listVersion: string | null }[];
  originCountry: string | null;
  attributes: { name: string | null; value: string | null }[];
}

export interface Invoice {
  syntax: Syntax;
  customizationId: string | null;
  businessProcess: string | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  typeCode: string | null;
  currency: string | null;
  taxCurrency: string | null;
  taxPointDate: string | null;
  vatPointDateCode: string | null;
  dueDate: string | null;
  buyerReference: string | null;
  projectReference: string | null;
  contractReference: string | null;
  purchaseOrderReference: string | null;
  salesOrderReference: string | null;
  receivingAdviceReference: string | null;
  despatchAdviceReference: string | null;
  tenderReference: string | null;
  invoicedObjectId: Identifier | null;
  buyerAccountingReference: string | null;
  paymentTerms: string | null;
  notes: { subjectCode: string | null; text: string }[];
  precedingInvoices: { number: string | null; date: string | null }[];
  seller: Party;
  buyer: Party;
  payee: Payee | null;
  taxRepresentative: TaxRepresentative | null;
  delivery: Delivery | null;
  invoicingPeriod: Period | null;
  paymentMeans: PaymentMeans[];
  allowanceCharges: AllowanceCharge[];
  totals: Totals;
  vatBreakdown: VatBreakdown[];
  attachments: Attachment[];
  lines: Line[];
}
