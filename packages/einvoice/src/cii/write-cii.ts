import type { AllowanceCharge, Invoice, Line } from '../model/invoice.ts';
import { NS } from '../xml/xml-node.ts';
import { el, group, leaf, serializeXml, type XmlNode } from '../xml/write-xml.ts';
import { ciiAddressNode, ciiPartyNode, dateNode } from './write-cii-party.ts';

function allowanceChargeNode(a: AllowanceCharge, withTax: boolean): XmlNode {
  return el(
    'ram:SpecifiedTradeAllowanceCharge',
    {},
    el('ram:ChargeIndicator', {}, leaf('udt:Indicator', a.isCharge ? 'true' : 'false')),
    leaf('ram:CalculationPercent', a.percentage),
    leaf('ram:BasisAmount', a.baseAmount),
    leaf('ram:ActualAmount', a.amount),
    leaf('ram:ReasonCode', a.reasonCode),
    leaf('ram:Reason', a.reason),
    withTax && a.vatCategory !== null
      ? el(
          'ram:CategoryTradeTax',
          {},
          leaf('ram:TypeCode', 'VAT'),
          leaf('ram:CategoryCode', a.vatCategory),
          leaf('ram:RateApplicablePercent', a.vatRate),
        )
      : null,
  );
}

function lineNode(l: Line): XmlNode {
  return el(
    'ram:IncludedSupplyChainTradeLineItem',
    {},
    el(
      'ram:AssociatedDocumentLineDocument',
      {},
      leaf('ram:LineID', l.id),
      l.note !== null ? el('ram:IncludedNote', {}, leaf('ram:Content', l.note)) : null,
    ),
    el(
      'ram:SpecifiedTradeProduct',
      {},
      l.standardItemId ? leaf('ram:GlobalID', l.standardItemId.value, { schemeID: l.standardItemId.scheme }) : null,
      leaf('ram:SellerAssignedID', l.sellerItemId),
      leaf('ram:BuyerAssignedID', l.buyerItemId),
      leaf('ram:Name', l.itemName),
      leaf('ram:Description', l.itemDescription),
      l.attributes.map((a) =>
        el('ram:ApplicableProductCharacteristic', {}, leaf('ram:Description', a.name), leaf('ram:Value', a.value)),
      ),
      l.classifications.map((c) =>
        el(
          'ram:DesignatedProductClassification',
          {},
          leaf('ram:ClassCode', c.value, { listID: c.listId, listVersionID: c.listVersion }),
        ),
      ),
      l.originCountry !== null ? el('ram:OriginTradeCountry', {}, leaf('ram:ID', l.originCountry)) : null,
    ),
    el(
      'ram:SpecifiedLineTradeAgreement',
      {},
      l.orderLineReference !== null
        ? el('ram:BuyerOrderReferencedDocument', {}, leaf('ram:LineID', l.orderLineReference))
        : null,
      l.grossPrice !== null
        ? el(
            'ram:GrossPriceProductTradePrice',
            {},
            leaf('ram:ChargeAmount', l.grossPrice),
            leaf('ram:BasisQuantity', l.baseQuantity, { unitCode: l.baseQuantityUnit }),
            l.priceDiscount !== null
              ? el(
                  'ram:AppliedTradeAllowanceCharge',
                  {},
                  el('ram:ChargeIndicator', {}, leaf('udt:Indicator', 'false')),
                  leaf('ram:ActualAmount', l.priceDiscount),
                )
              : null,
          )
        : null,
      el(
        'ram:NetPriceProductTradePrice',
        {},
        leaf('ram:ChargeAmount', l.netPrice),
        leaf('ram:BasisQuantity', l.baseQuantity, { unitCode: l.baseQuantityUnit }),
      ),
    ),
    el('ram:SpecifiedLineTradeDelivery', {}, leaf('ram:BilledQuantity', l.quantity, { unitCode: l.unitCode })),
    el(
      'ram:SpecifiedLineTradeSettlement',
      {},
      el(
        'ram:ApplicableTradeTax',
        {},
        leaf('ram:TypeCode', 'VAT'),
        leaf('ram:CategoryCode', l.vatCategory),
        leaf('ram:RateApplicablePercent', l.vatRate),
      ),
      l.period
        ? group(
            'ram:BillingSpecifiedPeriod',
            {},
            dateNode('ram:StartDateTime', l.period.start),
            dateNode('ram:EndDateTime', l.period.end),
          )
        : null,
      l.allowanceCharges.map((a) => allowanceChargeNode(a, false)),
      el('ram:SpecifiedTradeSettlementLineMonetarySummation', {}, leaf('ram:LineTotalAmount', l.netAmount)),
      l.objectId
        ? el(
            'ram:AdditionalReferencedDocument',
            {},
            leaf('ram:IssuerAssignedID', l.objectId.value),
            leaf('ram:TypeCode', '130'),
            leaf('ram:ReferenceTypeCode', l.objectId.scheme),
          )
        : null,
      l.accountingReference !== null
        ? el('ram:ReceivableSpecifiedTradeAccountingAccount', {}, leaf('ram:ID', l.accountingReference))
        : null,
    ),
  );
}

/** BT-8 is coded with UNTDID 2005 in UBL (3, 35, 432) and UNTDID 2475 in CII (5, 29, 72). */
const UBL_TO_CII_VAT_POINT: Record<string, string> = { '3': '5', '35': '29', '432': '72' };
export function toCiiVatPointCode(code: string | null): string | null {
  return code === null ? null : (UBL_TO_CII_VAT_POINT[code] ?? code);
}
export function toUblVatPointCode(code: string | null): string | null {
  if (code === null) return null;
  return Object.entries(UBL_TO_CII_VAT_POINT).find(([, cii]) => cii === code)?.[0] ?? code;
}

/** The neutral model as a UN/CEFACT CII D16B CrossIndustryInvoice (the XML of Factur-X). */
export function writeCii(inv: Invoice): string {
  const t = inv.totals;
  const firstMeans = inv.paymentMeans[0];
  const creditorId =
    inv.paymentMeans.map((p) => p.directDebit?.creditorId).find((c) => c != null) ??
    inv.seller.ids.find((id) => id.scheme === 'SEPA')?.value ??
    null;
  const mandate = inv.paymentMeans.map((p) => p.directDebit?.mandateId).find((c) => c != null) ?? null;
  const root = el(
    'rsm:CrossIndustryInvoice',
    { 'xmlns:rsm': NS.rsm, 'xmlns:ram': NS.ram, 'xmlns:udt': NS.udt, 'xmlns:qdt': NS.qdt },
    el(
      'rsm:ExchangedDocumentContext',
      {},
      inv.businessProcess !== null
        ? el('ram:BusinessProcessSpecifiedDocumentContextParameter', {}, leaf('ram:ID', inv.businessProcess))
        : null,
      el('ram:GuidelineSpecifiedDocumentContextParameter', {}, leaf('ram:ID', inv.customizationId)),
    ),
    el(
      'rsm:ExchangedDocument',
      {},
      leaf('ram:ID', inv.invoiceNumber),
      leaf('ram:TypeCode', inv.typeCode),
      dateNode('ram:IssueDateTime', inv.issueDate),
      inv.notes.map((n) =>
        el('ram:IncludedNote', {}, leaf('ram:Content', n.text), leaf('ram:SubjectCode', n.subjectCode)),
      ),
    ),
    el(
      'rsm:SupplyChainTradeTransaction',
      {},
      inv.lines.map(lineNode),
      el(
        'ram:ApplicableHeaderTradeAgreement',
        {},
        leaf('ram:BuyerReference', inv.buyerReference),
        ciiPartyNode('ram:SellerTradeParty', inv.seller),
        ciiPartyNode('ram:BuyerTradeParty', inv.buyer),
        inv.taxRepresentative
          ? el(
              'ram:SellerTaxRepresentativeTradeParty',
              {},
              leaf('ram:Name', inv.taxRepresentative.name),
              ciiAddressNode(inv.taxRepresentative.address),
              el('ram:SpecifiedTaxRegistration', {}, leaf('ram:ID', inv.taxRepresentative.vatId, { schemeID: 'VA' })),
            )
          : null,
        inv.salesOrderReference !== null
          ? el('ram:SellerOrderReferencedDocument', {}, leaf('ram:IssuerAssignedID', inv.salesOrderReference))
          : null,
        inv.purchaseOrderReference !== null
          ? el('ram:BuyerOrderReferencedDocument', {}, leaf('ram:IssuerAssignedID', inv.purchaseOrderReference))
          : null,
        inv.contractReference !== null
          ? el('ram:ContractReferencedDocument', {}, leaf('ram:IssuerAssignedID', inv.contractReference))
          : null,
        inv.attachments.map((a) =>
          el(
            'ram:AdditionalReferencedDocument',
            {},
            leaf('ram:IssuerAssignedID', a.id),
            leaf('ram:URIID', a.uri),
            leaf('ram:TypeCode', '916'),
            leaf('ram:Name', a.description),
            leaf('ram:AttachmentBinaryObject', a.content, { mimeCode: a.mimeCode, filename: a.filename }),
          ),
        ),
        inv.tenderReference !== null
          ? el(
              'ram:AdditionalReferencedDocument',
              {},
              leaf('ram:IssuerAssignedID', inv.tenderReference),
              leaf('ram:TypeCode', '50'),
            )
          : null,
        inv.invoicedObjectId
          ? el(
              'ram:AdditionalReferencedDocument',
              {},
              leaf('ram:IssuerAssignedID', inv.invoicedObjectId.value),
              leaf('ram:TypeCode', '130'),
              leaf('ram:ReferenceTypeCode', inv.invoicedObjectId.scheme),
            )
          : null,
        inv.projectReference !== null
          ? el('ram:SpecifiedProcuringProject', {}, leaf('ram:ID', inv.projectReference), leaf('ram:Name', 'Project'))
          : null,
      ),
      el(
        'ram:ApplicableHeaderTradeDelivery',
        {},
        inv.delivery && (inv.delivery.partyName !== null || inv.delivery.locationId || inv.delivery.address)
          ? el(
              'ram:ShipToTradeParty',
              {},
              inv.delivery.locationId
                ? leaf(inv.delivery.locationId.scheme ? 'ram:GlobalID' : 'ram:ID', inv.delivery.locationId.value, {
                    schemeID: inv.delivery.locationId.scheme,
                  })
                : null,
              leaf('ram:Name', inv.delivery.partyName),
              ciiAddressNode(inv.delivery.address),
            )
          : null,
        inv.delivery?.date
          ? el('ram:ActualDeliverySupplyChainEvent', {}, dateNode('ram:OccurrenceDateTime', inv.delivery.date))
          : null,
        inv.despatchAdviceReference !== null
          ? el('ram:DespatchAdviceReferencedDocument', {}, leaf('ram:IssuerAssignedID', inv.despatchAdviceReference))
          : null,
        inv.receivingAdviceReference !== null
          ? el('ram:ReceivingAdviceReferencedDocument', {}, leaf('ram:IssuerAssignedID', inv.receivingAdviceReference))
          : null,
      ),
      el(
        'ram:ApplicableHeaderTradeSettlement',
        {},
        leaf('ram:CreditorReferenceID', creditorId),
        leaf('ram:PaymentReference', firstMeans?.remittanceInformation ?? null),
        leaf('ram:TaxCurrencyCode', inv.taxCurrency),
        leaf('ram:InvoiceCurrencyCode', inv.currency),
        inv.payee
          ? el(
              'ram:PayeeTradeParty',
              {},
              inv.payee.ids.filter((i) => i.scheme === null).map((i) => leaf('ram:ID', i.value)),
              inv.payee.ids
                .filter((i) => i.scheme !== null)
                .map((i) => leaf('ram:GlobalID', i.value, { schemeID: i.scheme })),
              leaf('ram:Name', inv.payee.name),
              inv.payee.legalId
                ? el(
                    'ram:SpecifiedLegalOrganization',
                    {},
                    leaf('ram:ID', inv.payee.legalId.value, { schemeID: inv.payee.legalId.scheme }),
                  )
                : null,
            )
          : null,
        inv.paymentMeans.map((p) =>
          el(
            'ram:SpecifiedTradeSettlementPaymentMeans',
            {},
            leaf('ram:TypeCode', p.typeCode),
            leaf('ram:Information', p.text),
            p.card
              ? el(
                  'ram:ApplicableTradeSettlementFinancialCard',
                  {},
                  leaf('ram:ID', p.card.pan),
                  leaf('ram:CardholderName', p.card.holder),
                )
              : null,
            p.directDebit?.debitedAccount
              ? el('ram:PayerPartyDebtorFinancialAccount', {}, leaf('ram:IBANID', p.directDebit.debitedAccount))
              : null,
            p.creditTransfers
              .slice(0, 1)
              .map((a) =>
                el(
                  'ram:PayeePartyCreditorFinancialAccount',
                  {},
                  leaf('ram:IBANID', a.accountId),
                  leaf('ram:AccountName', a.accountName),
                ),
              ),
            p.creditTransfers[0]?.bic
              ? el('ram:PayeeSpecifiedCreditorFinancialInstitution', {}, leaf('ram:BICID', p.creditTransfers[0].bic))
              : null,
          ),
        ),
        inv.vatBreakdown.map((v, i) =>
          el(
            'ram:ApplicableTradeTax',
            {},
            leaf('ram:CalculatedAmount', v.taxAmount),
            leaf('ram:TypeCode', 'VAT'),
            leaf('ram:ExemptionReason', v.exemptionReason),
            leaf('ram:BasisAmount', v.taxableAmount),
            leaf('ram:CategoryCode', v.category),
            leaf('ram:ExemptionReasonCode', v.exemptionReasonCode),
            i === 0 && inv.taxPointDate !== null
              ? el(
                  'ram:TaxPointDate',
                  {},
                  leaf('udt:DateString', inv.taxPointDate.replace(/-/g, ''), { format: '102' }),
                )
              : null,
            i === 0 ? leaf('ram:DueDateTypeCode', toCiiVatPointCode(inv.vatPointDateCode)) : null,
            leaf('ram:RateApplicablePercent', v.rate),
          ),
        ),
        inv.invoicingPeriod
          ? group(
              'ram:BillingSpecifiedPeriod',
              {},
              dateNode('ram:StartDateTime', inv.invoicingPeriod.start),
              dateNode('ram:EndDateTime', inv.invoicingPeriod.end),
            )
          : null,
        inv.allowanceCharges.map((a) => allowanceChargeNode(a, true)),
        inv.paymentTerms !== null || inv.dueDate !== null || mandate !== null
          ? el(
              'ram:SpecifiedTradePaymentTerms',
              {},
              leaf('ram:Description', inv.paymentTerms),
              dateNode('ram:DueDateDateTime', inv.dueDate),
              leaf('ram:DirectDebitMandateID', mandate),
            )
          : null,
        el(
          'ram:SpecifiedTradeSettlementHeaderMonetarySummation',
          {},
          leaf('ram:LineTotalAmount', t.lineTotal),
          leaf('ram:ChargeTotalAmount', t.chargeTotal),
          leaf('ram:AllowanceTotalAmount', t.allowanceTotal),
          leaf('ram:TaxBasisTotalAmount', t.totalWithoutVat),
          leaf('ram:TaxTotalAmount', t.vatTotal, { currencyID: inv.currency }),
          inv.taxCurrency ? leaf('ram:TaxTotalAmount', t.vatTotalInTaxCurrency, { currencyID: inv.taxCurrency }) : null,
          leaf('ram:RoundingAmount', t.rounding),
          leaf('ram:GrandTotalAmount', t.totalWithVat),
          leaf('ram:TotalPrepaidAmount', t.prepaid),
          leaf('ram:DuePayableAmount', t.amountDue),
        ),
        // CII D16B holds a single preceding invoice reference (BG-3 is 0..n in EN 16931).
        inv.precedingInvoices
          .slice(0, 1)
          .map((p) =>
            el(
              'ram:InvoiceReferencedDocument',
              {},
              leaf('ram:IssuerAssignedID', p.number),
              dateNode('ram:FormattedIssueDateTime', p.date, 'qdt'),
            ),
          ),
        inv.buyerAccountingReference !== null
          ? el('ram:ReceivableSpecifiedTradeAccountingAccount', {}, leaf('ram:ID', inv.buyerAccountingReference))
          : null,
      ),
    ),
  );
  return serializeXml(root);
}
