import type { AllowanceCharge, Attachment, Invoice, Line, PaymentMeans, Period } from '../model/invoice.ts';
import { emptyInvoice } from '../model/empty.ts';
import { all, attr, first, indicator, NS, text, type XmlElement } from '../xml/xml-node.ts';
import { normalize, ublAddress, ublIdentifier, ublParty } from './parse-ubl-party.ts';

function ublPeriod(el: XmlElement | null): Period | null {
  if (!el) return null;
  return { start: text(el, 'cbc:StartDate'), end: text(el, 'cbc:EndDate') };
}

export function ublAllowanceCharge(el: XmlElement): AllowanceCharge {
  return {
    isCharge: indicator(text(el, 'cbc:ChargeIndicator')) === true,
    taxScheme: text(el, 'cac:TaxCategory/cac:TaxScheme/cbc:ID'),
    amount: text(el, 'cbc:Amount'),
    baseAmount: text(el, 'cbc:BaseAmount'),
    percentage: text(el, 'cbc:MultiplierFactorNumeric'),
    vatCategory: text(el, 'cac:TaxCategory/cbc:ID'),
    vatRate: text(el, 'cac:TaxCategory/cbc:Percent'),
    reason: text(el, 'cbc:AllowanceChargeReason'),
    reasonCode: text(el, 'cbc:AllowanceChargeReasonCode'),
  };
}

function ublPaymentMeans(el: XmlElement, root: XmlElement): PaymentMeans {
  const code = first(el, 'cbc:PaymentMeansCode');
  const mandate = first(el, 'cac:PaymentMandate');
  const creditor = all(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID')
    .concat(all(root, 'cac:PayeeParty/cac:PartyIdentification/cbc:ID'))
    .find((e) => attr(e, 'schemeID') === 'SEPA');
  const card = first(el, 'cac:CardAccount');
  return {
    typeCode: code ? code.text.trim() : null,
    text: attr(code, 'name'),
    remittanceInformation: text(el, 'cbc:PaymentID'),
    creditTransfers: all(el, 'cac:PayeeFinancialAccount').map((a) => ({
      accountId: text(a, 'cbc:ID'),
      accountName: text(a, 'cbc:Name'),
      bic: text(a, 'cac:FinancialInstitutionBranch/cbc:ID'),
    })),
    card: card ? { pan: text(card, 'cbc:PrimaryAccountNumberID'), holder: text(card, 'cbc:HolderName') } : null,
    directDebit: mandate
      ? {
          mandateId: text(mandate, 'cbc:ID'),
          creditorId: creditor ? creditor.text.trim() : null,
          debitedAccount: text(mandate, 'cac:PayerFinancialAccount/cbc:ID'),
        }
      : null,
  };
}

function ublAttachment(el: XmlElement): Attachment {
  const binary = first(el, 'cac:Attachment/cbc:EmbeddedDocumentBinaryObject');
  const content = binary ? binary.text.replace(/\s+/g, '') : null;
  return {
    id: text(el, 'cbc:ID'),
    description: text(el, 'cbc:DocumentDescription'),
    uri: text(el, 'cac:Attachment/cac:ExternalReference/cbc:URI'),
    mimeCode: attr(binary, 'mimeCode'),
    filename: attr(binary, 'filename'),
    contentBytes:
      content === null ? null : Math.floor((content.length * 3) / 4) - (content.match(/=+$/)?.[0].length ?? 0),
    content,
  };
}

function ublLine(el: XmlElement): Line {
  const quantity = first(el, 'cbc:InvoicedQuantity') ?? first(el, 'cbc:CreditedQuantity');
  const baseQuantity = first(el, 'cac:Price/cbc:BaseQuantity');
  const objectRef = all(el, 'cac:DocumentReference').find((d) => text(d, 'cbc:DocumentTypeCode')?.trim() === '130');
  const item = first(el, 'cac:Item');
  return {
    id: text(el, 'cbc:ID'),
    note: text(el, 'cbc:Note'),
    objectId: ublIdentifier(first(objectRef ?? null, 'cbc:ID')),
    quantity: quantity ? quantity.text.trim() : null,
    unitCode: attr(quantity, 'unitCode'),
    netAmount: text(el, 'cbc:LineExtensionAmount'),
    orderLineReference: text(el, 'cac:OrderLineReference/cbc:LineID'),
    accountingReference: text(el, 'cbc:AccountingCost'),
    period: ublPeriod(first(el, 'cac:InvoicePeriod')),
    // An allowance/charge whose indicator is not a boolean matches neither kind (the XSD reports it).
    allowanceCharges: all(el, 'cac:AllowanceCharge')
      .filter((a) => indicator(text(a, 'cbc:ChargeIndicator')) !== null)
      .map(ublAllowanceCharge),
    netPrice: text(el, 'cac:Price/cbc:PriceAmount'),
    priceDiscount: text(el, 'cac:Price/cac:AllowanceCharge/cbc:Amount'),
    grossPrice: text(el, 'cac:Price/cac:AllowanceCharge/cbc:BaseAmount'),
    baseQuantity: baseQuantity ? baseQuantity.text.trim() : null,
    baseQuantityUnit: attr(baseQuantity, 'unitCode'),
    vatCategory: text(item, 'cac:ClassifiedTaxCategory/cbc:ID'),
    vatRate: text(item, 'cac:ClassifiedTaxCategory/cbc:Percent'),
    taxScheme: text(item, 'cac:ClassifiedTaxCategory/cac:TaxScheme/cbc:ID'),
    itemName: text(item, 'cbc:Name'),
    itemDescription: text(item, 'cbc:Description'),
    sellerItemId: text(item, 'cac:SellersItemIdentification/cbc:ID'),
    buyerItemId: text(item, 'cac:BuyersItemIdentification/cbc:ID'),
    standardItemId: ublIdentifier(first(item, 'cac:StandardItemIdentification/cbc:ID')),
    classifications: all(item, 'cac:CommodityClassification/cbc:ItemClassificationCode').map((c) => ({
      value: c.text.trim(),
      listId: attr(c, 'listID'),
      listVersion: attr(c, 'listVersionID'),
    })),
    originCountry: text(item, 'cac:OriginCountry/cbc:IdentificationCode'),
    attributes: all(item, 'cac:AdditionalItemProperty').map((p) => ({
      name: text(p, 'cbc:Name'),
      value: text(p, 'cbc:Value'),
    })),
  };
}

/** UBL 2.1 Invoice or CreditNote -> neutral model. */
export function parseUbl(root: XmlElement): Invoice {
  const isCredit = root.ns === NS.ublCreditNote;
  const inv = emptyInvoice(isCredit ? 'UBL-CreditNote' : 'UBL-Invoice');
  inv.customizationId = text(root, 'cbc:CustomizationID');
  inv.businessProcess = text(root, 'cbc:ProfileID');
  inv.invoiceNumber = text(root, 'cbc:ID');
  inv.issueDate = text(root, 'cbc:IssueDate');
  inv.typeCode = text(root, isCredit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode');
  inv.currency = text(root, 'cbc:DocumentCurrencyCode');
  inv.taxCurrency = text(root, 'cbc:TaxCurrencyCode');
  inv.taxPointDate = text(root, 'cbc:TaxPointDate');
  inv.dueDate = text(root, 'cbc:DueDate') ?? text(root, 'cac:PaymentMeans/cbc:PaymentDueDate');
  inv.buyerReference = text(root, 'cbc:BuyerReference');
  inv.contractReference = text(root, 'cac:ContractDocumentReference/cbc:ID');
  inv.purchaseOrderReference = text(root, 'cac:OrderReference/cbc:ID');
  inv.salesOrderReference = text(root, 'cac:OrderReference/cbc:SalesOrderID');
  inv.receivingAdviceReference = text(root, 'cac:ReceiptDocumentReference/cbc:ID');
  inv.despatchAdviceReference = text(root, 'cac:DespatchDocumentReference/cbc:ID');
  inv.tenderReference = text(root, 'cac:OriginatorDocumentReference/cbc:ID');
  inv.buyerAccountingReference = text(root, 'cbc:AccountingCost');
  inv.paymentTerms = text(root, 'cac:PaymentTerms/cbc:Note');
  inv.notes = all(root, 'cbc:Note').map((n) => ({ subjectCode: null, text: n.text }));
  // A BillingReference without its InvoiceDocumentReference is kept: BR-55 reports it.
  inv.precedingInvoices = all(root, 'cac:BillingReference').map((b) => {
    const r = first(b, 'cac:InvoiceDocumentReference');
    return { number: text(r, 'cbc:ID'), date: text(r, 'cbc:IssueDate') };
  });
  inv.projectReference = text(root, 'cac:ProjectReference/cbc:ID');
  for (const ref of all(root, 'cac:AdditionalDocumentReference')) {
    const typeCode = text(ref, 'cbc:DocumentTypeCode')?.trim();
    if (typeCode === '130') inv.invoicedObjectId = ublIdentifier(first(ref, 'cbc:ID'));
    else if (typeCode === '50' && isCredit) inv.projectReference = text(ref, 'cbc:ID');
    else inv.attachments.push(ublAttachment(ref));
  }
  const period = first(root, 'cac:InvoicePeriod');
  inv.invoicingPeriod = ublPeriod(period);
  inv.vatPointDateCode = text(period, 'cbc:DescriptionCode');
  inv.seller = ublParty(first(root, 'cac:AccountingSupplierParty/cac:Party'));
  inv.buyer = ublParty(first(root, 'cac:AccountingCustomerParty/cac:Party'));
  const payee = first(root, 'cac:PayeeParty');
  if (payee) {
    inv.payee = {
      name: normalize(text(payee, 'cac:PartyName/cbc:Name')),
      ids: all(payee, 'cac:PartyIdentification/cbc:ID').map((e) => ublIdentifier(e)!),
      legalId: ublIdentifier(first(payee, 'cac:PartyLegalEntity/cbc:CompanyID')),
    };
  }
  const representative = first(root, 'cac:TaxRepresentativeParty');
  if (representative) {
    inv.taxRepresentative = {
      name: normalize(text(representative, 'cac:PartyName/cbc:Name')),
      vatId: ublParty(representative).vatId,
      address: ublAddress(first(representative, 'cac:PostalAddress')),
    };
  }
  const delivery = first(root, 'cac:Delivery');
  if (delivery) {
    inv.delivery = {
      partyName: text(delivery, 'cac:DeliveryParty/cac:PartyName/cbc:Name'),
      locationId: ublIdentifier(first(delivery, 'cac:DeliveryLocation/cbc:ID')),
      date: text(delivery, 'cbc:ActualDeliveryDate'),
      address: ublAddress(first(delivery, 'cac:DeliveryLocation/cac:Address')),
    };
  }
  inv.paymentMeans = all(root, 'cac:PaymentMeans').map((p) => ublPaymentMeans(p, root));
  inv.allowanceCharges = all(root, 'cac:AllowanceCharge')
    .filter((a) => indicator(text(a, 'cbc:ChargeIndicator')) !== null)
    .map(ublAllowanceCharge);
  const taxAmounts = all(root, 'cac:TaxTotal/cbc:TaxAmount');
  const inCurrency = (c: string | null) => taxAmounts.find((t) => c !== null && attr(t, 'currencyID') === c.trim());
  const totals = inv.totals;
  totals.vatTotal = (inCurrency(inv.currency) ?? (inv.taxCurrency ? undefined : taxAmounts[0]))?.text.trim() ?? null;
  totals.vatTotalInTaxCurrency = inv.taxCurrency ? (inCurrency(inv.taxCurrency)?.text.trim() ?? null) : null;
  const money = first(root, 'cac:LegalMonetaryTotal');
  totals.lineTotal = text(money, 'cbc:LineExtensionAmount');
  totals.allowanceTotal = text(money, 'cbc:AllowanceTotalAmount');
  totals.chargeTotal = text(money, 'cbc:ChargeTotalAmount');
  totals.totalWithoutVat = text(money, 'cbc:TaxExclusiveAmount');
  totals.totalWithVat = text(money, 'cbc:TaxInclusiveAmount');
  totals.prepaid = text(money, 'cbc:PrepaidAmount');
  totals.rounding = text(money, 'cbc:PayableRoundingAmount');
  totals.amountDue = text(money, 'cbc:PayableAmount');
  inv.vatBreakdown = all(root, 'cac:TaxTotal/cac:TaxSubtotal').map((s) => ({
    taxableAmount: text(s, 'cbc:TaxableAmount'),
    taxAmount: text(s, 'cbc:TaxAmount'),
    category: text(s, 'cac:TaxCategory/cbc:ID'),
    rate: text(s, 'cac:TaxCategory/cbc:Percent'),
    taxScheme: text(s, 'cac:TaxCategory/cac:TaxScheme/cbc:ID'),
    exemptionReason: text(s, 'cac:TaxCategory/cbc:TaxExemptionReason'),
    exemptionReasonCode: text(s, 'cac:TaxCategory/cbc:TaxExemptionReasonCode'),
  }));
  // Both line kinds are read whatever the root: the rules apply to either (the XSD reports a misplaced one).
  inv.lines = root.children
    .filter((c) => c.ns === NS.cac && (c.local === 'InvoiceLine' || c.local === 'CreditNoteLine'))
    .map(ublLine);
  return inv;
}
