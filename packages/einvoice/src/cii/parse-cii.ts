import type { AllowanceCharge, Attachment, Invoice, Line, Period } from '../model/invoice.ts';
import { emptyInvoice } from '../model/empty.ts';
import { normalize } from '../ubl/parse-ubl-party.ts';
import { all, attr, first, indicator, text, type XmlElement } from '../xml/xml-node.ts';
import { ciiAddress, ciiDate, ciiIdentifier, ciiParty } from './parse-cii-party.ts';

/** An allowance/charge whose indicator is not a boolean matches neither kind (the XSD reports it). */
function hasIndicator(el: XmlElement): boolean {
  return indicator(text(el, 'ram:ChargeIndicator/udt:Indicator')) !== null;
}

function ciiPeriod(el: XmlElement | null): Period | null {
  if (!el) return null;
  return {
    start: ciiDate(first(el, 'ram:StartDateTime/udt:DateTimeString')),
    end: ciiDate(first(el, 'ram:EndDateTime/udt:DateTimeString')),
  };
}

export function ciiAllowanceCharge(el: XmlElement): AllowanceCharge {
  return {
    isCharge: indicator(text(el, 'ram:ChargeIndicator/udt:Indicator')) === true,
    taxScheme: text(el, 'ram:CategoryTradeTax/ram:TypeCode'),
    amount: text(el, 'ram:ActualAmount'),
    baseAmount: text(el, 'ram:BasisAmount'),
    percentage: text(el, 'ram:CalculationPercent'),
    vatCategory: text(el, 'ram:CategoryTradeTax/ram:CategoryCode'),
    vatRate: text(el, 'ram:CategoryTradeTax/ram:RateApplicablePercent'),
    reason: text(el, 'ram:Reason'),
    reasonCode: text(el, 'ram:ReasonCode'),
  };
}

function ciiAttachment(el: XmlElement): Attachment {
  const binary = first(el, 'ram:AttachmentBinaryObject');
  const content = binary ? binary.text.replace(/\s+/g, '') : null;
  return {
    id: text(el, 'ram:IssuerAssignedID'),
    description: text(el, 'ram:Name'),
    uri: text(el, 'ram:URIID'),
    mimeCode: attr(binary, 'mimeCode'),
    filename: attr(binary, 'filename'),
    contentBytes:
      content === null ? null : Math.floor((content.length * 3) / 4) - (content.match(/=+$/)?.[0].length ?? 0),
    content,
  };
}

function ciiLine(el: XmlElement): Line {
  const product = first(el, 'ram:SpecifiedTradeProduct');
  const agreement = first(el, 'ram:SpecifiedLineTradeAgreement');
  const settlement = first(el, 'ram:SpecifiedLineTradeSettlement');
  const quantity = first(el, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity');
  const netBasis = first(agreement, 'ram:NetPriceProductTradePrice/ram:BasisQuantity');
  const grossBasis = first(agreement, 'ram:GrossPriceProductTradePrice/ram:BasisQuantity');
  const baseQuantity = netBasis ?? grossBasis;
  const objectRef = all(settlement, 'ram:AdditionalReferencedDocument').find((d) => text(d, 'ram:TypeCode') === '130');
  const period = ciiPeriod(first(settlement, 'ram:BillingSpecifiedPeriod'));
  return {
    id: text(el, 'ram:AssociatedDocumentLineDocument/ram:LineID'),
    note: text(el, 'ram:AssociatedDocumentLineDocument/ram:IncludedNote/ram:Content'),
    objectId: objectRef
      ? { value: text(objectRef, 'ram:IssuerAssignedID') ?? '', scheme: text(objectRef, 'ram:ReferenceTypeCode') }
      : null,
    quantity: quantity ? quantity.text.trim() : null,
    unitCode: attr(quantity, 'unitCode'),
    netAmount: text(settlement, 'ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount'),
    orderLineReference: text(agreement, 'ram:BuyerOrderReferencedDocument/ram:LineID'),
    accountingReference: text(settlement, 'ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID'),
    period,
    allowanceCharges: all(settlement, 'ram:SpecifiedTradeAllowanceCharge').filter(hasIndicator).map(ciiAllowanceCharge),
    netPrice: text(agreement, 'ram:NetPriceProductTradePrice/ram:ChargeAmount'),
    priceDiscount: text(agreement, 'ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ActualAmount'),
    grossPrice: text(agreement, 'ram:GrossPriceProductTradePrice/ram:ChargeAmount'),
    baseQuantity: baseQuantity ? baseQuantity.text.trim() : null,
    baseQuantityUnit: attr(baseQuantity, 'unitCode'),
    vatCategory: text(settlement, 'ram:ApplicableTradeTax/ram:CategoryCode'),
    vatRate: text(settlement, 'ram:ApplicableTradeTax/ram:RateApplicablePercent'),
    taxScheme: text(settlement, 'ram:ApplicableTradeTax/ram:TypeCode'),
    itemName: text(product, 'ram:Name'),
    itemDescription: text(product, 'ram:Description'),
    sellerItemId: text(product, 'ram:SellerAssignedID'),
    buyerItemId: text(product, 'ram:BuyerAssignedID'),
    standardItemId: ciiIdentifier(first(product, 'ram:GlobalID')),
    classifications: all(product, 'ram:DesignatedProductClassification/ram:ClassCode').map((c) => ({
      value: c.text.trim(),
      listId: attr(c, 'listID'),
      listVersion: attr(c, 'listVersionID'),
    })),
    originCountry: text(product, 'ram:OriginTradeCountry/ram:ID'),
    attributes: all(product, 'ram:ApplicableProductCharacteristic').map((p) => ({
      name: text(p, 'ram:Description'),
      value: text(p, 'ram:Value'),
    })),
  };
}

/** UN/CEFACT CII D16B CrossIndustryInvoice -> neutral model. */
export function parseCii(root: XmlElement): Invoice {
  const inv = emptyInvoice('CII');
  inv.businessProcess = text(
    root,
    'rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID',
  );
  inv.customizationId = text(
    root,
    'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID',
  );
  const doc = first(root, 'rsm:ExchangedDocument');
  inv.invoiceNumber = text(doc, 'ram:ID');
  inv.typeCode = text(doc, 'ram:TypeCode');
  inv.issueDate = ciiDate(first(doc, 'ram:IssueDateTime/udt:DateTimeString'));
  inv.notes = all(doc, 'ram:IncludedNote').map((n) => ({
    subjectCode: text(n, 'ram:SubjectCode'),
    text: text(n, 'ram:Content') ?? '',
  }));

  const transaction = first(root, 'rsm:SupplyChainTradeTransaction');
  const agreement = first(transaction, 'ram:ApplicableHeaderTradeAgreement');
  const delivery = first(transaction, 'ram:ApplicableHeaderTradeDelivery');
  const settlement = first(transaction, 'ram:ApplicableHeaderTradeSettlement');

  inv.buyerReference = text(agreement, 'ram:BuyerReference');
  inv.seller = ciiParty(first(agreement, 'ram:SellerTradeParty'));
  inv.buyer = ciiParty(first(agreement, 'ram:BuyerTradeParty'));
  const representative = first(agreement, 'ram:SellerTaxRepresentativeTradeParty');
  if (representative) {
    inv.taxRepresentative = {
      name: normalize(text(representative, 'ram:Name')),
      vatId: text(representative, 'ram:SpecifiedTaxRegistration/ram:ID'),
      address: ciiAddress(first(representative, 'ram:PostalTradeAddress')),
    };
  }
  inv.salesOrderReference = text(agreement, 'ram:SellerOrderReferencedDocument/ram:IssuerAssignedID');
  inv.purchaseOrderReference = text(agreement, 'ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID');
  inv.contractReference = text(agreement, 'ram:ContractReferencedDocument/ram:IssuerAssignedID');
  inv.projectReference = text(agreement, 'ram:SpecifiedProcuringProject/ram:ID');
  for (const ref of all(agreement, 'ram:AdditionalReferencedDocument')) {
    const typeCode = text(ref, 'ram:TypeCode');
    if (typeCode === '130') {
      inv.invoicedObjectId = {
        value: text(ref, 'ram:IssuerAssignedID') ?? '',
        scheme: text(ref, 'ram:ReferenceTypeCode'),
      };
    } else if (typeCode === '50') {
      inv.tenderReference = text(ref, 'ram:IssuerAssignedID');
    } else {
      inv.attachments.push(ciiAttachment(ref));
    }
  }

  const shipTo = first(delivery, 'ram:ShipToTradeParty');
  const deliveryDate = ciiDate(
    first(delivery, 'ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString'),
  );
  if (shipTo || deliveryDate) {
    inv.delivery = {
      partyName: text(shipTo, 'ram:Name'),
      locationId: ciiIdentifier(first(shipTo, 'ram:GlobalID') ?? first(shipTo, 'ram:ID')),
      date: deliveryDate,
      address: ciiAddress(first(shipTo, 'ram:PostalTradeAddress')),
    };
  }
  inv.despatchAdviceReference = text(delivery, 'ram:DespatchAdviceReferencedDocument/ram:IssuerAssignedID');
  inv.receivingAdviceReference = text(delivery, 'ram:ReceivingAdviceReferencedDocument/ram:IssuerAssignedID');

  inv.currency = text(settlement, 'ram:InvoiceCurrencyCode');
  inv.taxCurrency = text(settlement, 'ram:TaxCurrencyCode');
  const payee = first(settlement, 'ram:PayeeTradeParty');
  if (payee) {
    inv.payee = {
      name: normalize(text(payee, 'ram:Name')),
      ids: [...all(payee, 'ram:ID'), ...all(payee, 'ram:GlobalID')].map((e) => ciiIdentifier(e)!),
      legalId: ciiIdentifier(first(payee, 'ram:SpecifiedLegalOrganization/ram:ID')),
    };
  }
  const terms = first(settlement, 'ram:SpecifiedTradePaymentTerms');
  inv.paymentTerms = text(terms, 'ram:Description');
  inv.dueDate = ciiDate(first(terms, 'ram:DueDateDateTime/udt:DateTimeString'));
  const mandate = text(terms, 'ram:DirectDebitMandateID');
  const creditorId = text(settlement, 'ram:CreditorReferenceID');
  const remittance = text(settlement, 'ram:PaymentReference');
  inv.paymentMeans = all(settlement, 'ram:SpecifiedTradeSettlementPaymentMeans').map((p) => {
    const card = first(p, 'ram:ApplicableTradeSettlementFinancialCard');
    const debited = text(p, 'ram:PayerPartyDebtorFinancialAccount/ram:IBANID');
    return {
      typeCode: text(p, 'ram:TypeCode'),
      text: text(p, 'ram:Information'),
      remittanceInformation: remittance,
      creditTransfers: all(p, 'ram:PayeePartyCreditorFinancialAccount').map((a) => ({
        accountId: text(a, 'ram:IBANID') ?? text(a, 'ram:ProprietaryID'),
        accountName: text(a, 'ram:AccountName'),
        bic: text(p, 'ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID'),
      })),
      card: card ? { pan: text(card, 'ram:ID'), holder: text(card, 'ram:CardholderName') } : null,
      directDebit:
        mandate !== null || debited !== null ? { mandateId: mandate, creditorId, debitedAccount: debited } : null,
    };
  });
  const taxes = all(settlement, 'ram:ApplicableTradeTax');
  inv.vatBreakdown = taxes.map((t) => ({
    taxableAmount: text(t, 'ram:BasisAmount'),
    taxAmount: text(t, 'ram:CalculatedAmount'),
    category: text(t, 'ram:CategoryCode'),
    rate: text(t, 'ram:RateApplicablePercent'),
    taxScheme: text(t, 'ram:TypeCode'),
    exemptionReason: text(t, 'ram:ExemptionReason'),
    exemptionReasonCode: text(t, 'ram:ExemptionReasonCode'),
  }));
  inv.taxPointDate =
    taxes.map((t) => ciiDate(first(t, 'ram:TaxPointDate/udt:DateString'))).find((d) => d !== null) ?? null;
  inv.vatPointDateCode = taxes.map((t) => text(t, 'ram:DueDateTypeCode')).find((d) => d !== null) ?? null;
  const period = first(settlement, 'ram:BillingSpecifiedPeriod');
  inv.invoicingPeriod = ciiPeriod(period);
  inv.allowanceCharges = all(settlement, 'ram:SpecifiedTradeAllowanceCharge')
    .filter(hasIndicator)
    .map(ciiAllowanceCharge);
  inv.precedingInvoices = all(settlement, 'ram:InvoiceReferencedDocument').map((r) => ({
    number: text(r, 'ram:IssuerAssignedID'),
    date: ciiDate(first(r, 'ram:FormattedIssueDateTime/qdt:DateTimeString')),
  }));
  inv.buyerAccountingReference = text(settlement, 'ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID');

  const sum = first(settlement, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  const taxTotals = all(sum, 'ram:TaxTotalAmount');
  const inCurrency = (c: string | null) => taxTotals.find((t) => c !== null && attr(t, 'currencyID') === c);
  const totals = inv.totals;
  totals.vatTotal = (inCurrency(inv.currency) ?? (inv.taxCurrency ? undefined : taxTotals[0]))?.text.trim() ?? null;
  totals.vatTotalInTaxCurrency = inv.taxCurrency ? (inCurrency(inv.taxCurrency)?.text.trim() ?? null) : null;
  totals.lineTotal = text(sum, 'ram:LineTotalAmount');
  totals.chargeTotal = text(sum, 'ram:ChargeTotalAmount');
  totals.allowanceTotal = text(sum, 'ram:AllowanceTotalAmount');
  totals.totalWithoutVat = text(sum, 'ram:TaxBasisTotalAmount');
  totals.rounding = text(sum, 'ram:RoundingAmount');
  totals.totalWithVat = text(sum, 'ram:GrandTotalAmount');
  totals.prepaid = text(sum, 'ram:TotalPrepaidAmount');
  totals.amountDue = text(sum, 'ram:DuePayableAmount');
  inv.lines = all(transaction, 'ram:IncludedSupplyChainTradeLineItem').map(ciiLine);
  return inv;
}
