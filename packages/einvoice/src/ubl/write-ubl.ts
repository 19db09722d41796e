import type { AllowanceCharge, Invoice, Line, PaymentMeans } from '../model/invoice.ts';
import { NS } from '../xml/xml-node.ts';
import { el, group, leaf, serializeXml, type XmlNode } from '../xml/write-xml.ts';
import { toUblVatPointCode } from '../cii/write-cii.ts';
import { idNode, ublAddressNode, ublPartyNode } from './write-ubl-party.ts';

function allowanceChargeNode(a: AllowanceCharge, currency: string, withTax: boolean): XmlNode {
  return el(
    'cac:AllowanceCharge',
    {},
    leaf('cbc:ChargeIndicator', a.isCharge ? 'true' : 'false'),
    leaf('cbc:AllowanceChargeReasonCode', a.reasonCode),
    leaf('cbc:AllowanceChargeReason', a.reason),
    leaf('cbc:MultiplierFactorNumeric', a.percentage),
    leaf('cbc:Amount', a.amount, { currencyID: currency }),
    leaf('cbc:BaseAmount', a.baseAmount, { currencyID: currency }),
    withTax && a.vatCategory !== null
      ? el(
          'cac:TaxCategory',
          {},
          leaf('cbc:ID', a.vatCategory),
          leaf('cbc:Percent', a.vatRate),
          el('cac:TaxScheme', {}, leaf('cbc:ID', 'VAT')),
        )
      : null,
  );
}

function paymentMeansNode(p: PaymentMeans, dueDate: string | null): XmlNode {
  return el(
    'cac:PaymentMeans',
    {},
    leaf('cbc:PaymentMeansCode', p.typeCode, { name: p.text }),
    leaf('cbc:PaymentDueDate', dueDate),
    leaf('cbc:PaymentID', p.remittanceInformation),
    p.card
      ? el(
          'cac:CardAccount',
          {},
          leaf('cbc:PrimaryAccountNumberID', p.card.pan),
          leaf('cbc:NetworkID', 'NA'),
          leaf('cbc:HolderName', p.card.holder),
        )
      : null,
    p.creditTransfers
      .slice(0, 1)
      .map((t) =>
        el(
          'cac:PayeeFinancialAccount',
          {},
          leaf('cbc:ID', t.accountId),
          leaf('cbc:Name', t.accountName),
          t.bic !== null ? el('cac:FinancialInstitutionBranch', {}, leaf('cbc:ID', t.bic)) : null,
        ),
      ),
    p.directDebit
      ? group(
          'cac:PaymentMandate',
          {},
          leaf('cbc:ID', p.directDebit.mandateId),
          p.directDebit.debitedAccount !== null
            ? el('cac:PayerFinancialAccount', {}, leaf('cbc:ID', p.directDebit.debitedAccount))
            : null,
        )
      : null,
  );
}

function lineNode(l: Line, inv: Invoice, credit: boolean): XmlNode {
  const cur = inv.currency ?? 'EUR';
  return el(
    credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine',
    {},
    leaf('cbc:ID', l.id),
    leaf('cbc:Note', l.note),
    leaf(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', l.quantity, { unitCode: l.unitCode }),
    leaf('cbc:LineExtensionAmount', l.netAmount, { currencyID: cur }),
    leaf('cbc:AccountingCost', l.accountingReference),
    l.period
      ? group('cac:InvoicePeriod', {}, leaf('cbc:StartDate', l.period.start), leaf('cbc:EndDate', l.period.end))
      : null,
    l.orderLineReference !== null ? el('cac:OrderLineReference', {}, leaf('cbc:LineID', l.orderLineReference)) : null,
    l.objectId
      ? el('cac:DocumentReference', {}, idNode('cbc:ID', l.objectId), leaf('cbc:DocumentTypeCode', '130'))
      : null,
    l.allowanceCharges.map((a) => allowanceChargeNode(a, cur, false)),
    el(
      'cac:Item',
      {},
      leaf('cbc:Description', l.itemDescription),
      leaf('cbc:Name', l.itemName),
      l.buyerItemId !== null ? el('cac:BuyersItemIdentification', {}, leaf('cbc:ID', l.buyerItemId)) : null,
      l.sellerItemId !== null ? el('cac:SellersItemIdentification', {}, leaf('cbc:ID', l.sellerItemId)) : null,
      l.standardItemId ? el('cac:StandardItemIdentification', {}, idNode('cbc:ID', l.standardItemId)) : null,
      l.originCountry !== null ? el('cac:OriginCountry', {}, leaf('cbc:IdentificationCode', l.originCountry)) : null,
      l.classifications.map((c) =>
        el(
          'cac:CommodityClassification',
          {},
          leaf('cbc:ItemClassificationCode', c.value, { listID: c.listId, listVersionID: c.listVersion }),
        ),
      ),
      el(
        'cac:ClassifiedTaxCategory',
        {},
        leaf('cbc:ID', l.vatCategory),
        leaf('cbc:Percent', l.vatRate),
        el('cac:TaxScheme', {}, leaf('cbc:ID', 'VAT')),
      ),
      l.attributes.map((a) =>
        el('cac:AdditionalItemProperty', {}, leaf('cbc:Name', a.name), leaf('cbc:Value', a.value)),
      ),
    ),
    el(
      'cac:Price',
      {},
      leaf('cbc:PriceAmount', l.netPrice, { currencyID: cur }),
      leaf('cbc:BaseQuantity', l.baseQuantity, { unitCode: l.baseQuantityUnit }),
      l.priceDiscount !== null || l.grossPrice !== null
        ? el(
            'cac:AllowanceCharge',
            {},
            leaf('cbc:ChargeIndicator', 'false'),
            leaf('cbc:Amount', l.priceDiscount ?? '0', { currencyID: cur }),
            leaf('cbc:BaseAmount', l.grossPrice, { currencyID: cur }),
          )
        : null,
    ),
  );
}

/** The neutral model as a UBL 2.1 Invoice (or CreditNote for type codes 381, 396, 532…). */
export function writeUbl(
  inv: Invoice,
  kind: 'Invoice' | 'CreditNote' = inv.syntax === 'UBL-CreditNote' ? 'CreditNote' : 'Invoice',
): string {
  const credit = kind === 'CreditNote';
  const cur = inv.currency ?? 'EUR';
  const t = inv.totals;
  const period = inv.invoicingPeriod;
  const vatPointCode = toUblVatPointCode(inv.vatPointDateCode);
  const root = el(
    kind,
    { xmlns: credit ? NS.ublCreditNote : NS.ublInvoice, 'xmlns:cac': NS.cac, 'xmlns:cbc': NS.cbc },
    leaf('cbc:CustomizationID', inv.customizationId),
    leaf('cbc:ProfileID', inv.businessProcess),
    leaf('cbc:ID', inv.invoiceNumber),
    leaf('cbc:IssueDate', inv.issueDate),
    credit ? leaf('cbc:TaxPointDate', inv.taxPointDate) : leaf('cbc:DueDate', inv.dueDate),
    leaf(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', inv.typeCode),
    inv.notes.map((n) => leaf('cbc:Note', n.subjectCode ? `#${n.subjectCode}#${n.text}` : n.text)),
    credit ? null : leaf('cbc:TaxPointDate', inv.taxPointDate),
    leaf('cbc:DocumentCurrencyCode', inv.currency),
    leaf('cbc:TaxCurrencyCode', inv.taxCurrency),
    leaf('cbc:AccountingCost', inv.buyerAccountingReference),
    leaf('cbc:BuyerReference', inv.buyerReference),
    period || vatPointCode !== null
      ? group(
          'cac:InvoicePeriod',
          {},
          leaf('cbc:StartDate', period?.start),
          leaf('cbc:EndDate', period?.end),
          leaf('cbc:DescriptionCode', vatPointCode),
        )
      : null,
    inv.purchaseOrderReference !== null || inv.salesOrderReference !== null
      ? el(
          'cac:OrderReference',
          {},
          leaf('cbc:ID', inv.purchaseOrderReference ?? 'NA'),
          leaf('cbc:SalesOrderID', inv.salesOrderReference),
        )
      : null,
    inv.precedingInvoices.map((p) =>
      el(
        'cac:BillingReference',
        {},
        el('cac:InvoiceDocumentReference', {}, leaf('cbc:ID', p.number), leaf('cbc:IssueDate', p.date)),
      ),
    ),
    inv.despatchAdviceReference !== null
      ? el('cac:DespatchDocumentReference', {}, leaf('cbc:ID', inv.despatchAdviceReference))
      : null,
    inv.receivingAdviceReference !== null
      ? el('cac:ReceiptDocumentReference', {}, leaf('cbc:ID', inv.receivingAdviceReference))
      : null,
    !credit && inv.tenderReference !== null
      ? el('cac:OriginatorDocumentReference', {}, leaf('cbc:ID', inv.tenderReference))
      : null,
    inv.contractReference !== null
      ? el('cac:ContractDocumentReference', {}, leaf('cbc:ID', inv.contractReference))
      : null,
    inv.attachments.map((a) =>
      el(
        'cac:AdditionalDocumentReference',
        {},
        leaf('cbc:ID', a.id),
        leaf('cbc:DocumentDescription', a.description),
        group(
          'cac:Attachment',
          {},
          leaf('cbc:EmbeddedDocumentBinaryObject', a.content, { mimeCode: a.mimeCode, filename: a.filename }),
          a.uri !== null ? el('cac:ExternalReference', {}, leaf('cbc:URI', a.uri)) : null,
        ),
      ),
    ),
    inv.invoicedObjectId
      ? el(
          'cac:AdditionalDocumentReference',
          {},
          idNode('cbc:ID', inv.invoicedObjectId),
          leaf('cbc:DocumentTypeCode', '130'),
        )
      : null,
    credit && inv.projectReference !== null
      ? el(
          'cac:AdditionalDocumentReference',
          {},
          leaf('cbc:ID', inv.projectReference),
          leaf('cbc:DocumentTypeCode', '50'),
        )
      : null,
    credit && inv.tenderReference !== null
      ? el('cac:OriginatorDocumentReference', {}, leaf('cbc:ID', inv.tenderReference))
      : null,
    !credit && inv.projectReference !== null
      ? el('cac:ProjectReference', {}, leaf('cbc:ID', inv.projectReference))
      : null,
    el('cac:AccountingSupplierParty', {}, ublPartyNode(inv.seller)),
    el('cac:AccountingCustomerParty', {}, ublPartyNode(inv.buyer)),
    inv.payee
      ? el(
          'cac:PayeeParty',
          {},
          inv.payee.ids.map((id) => el('cac:PartyIdentification', {}, idNode('cbc:ID', id))),
          inv.payee.name !== null ? el('cac:PartyName', {}, leaf('cbc:Name', inv.payee.name)) : null,
          inv.payee.legalId ? el('cac:PartyLegalEntity', {}, idNode('cbc:CompanyID', inv.payee.legalId)) : null,
        )
      : null,
    inv.taxRepresentative
      ? el(
          'cac:TaxRepresentativeParty',
          {},
          el('cac:PartyName', {}, leaf('cbc:Name', inv.taxRepresentative.name)),
          ublAddressNode('cac:PostalAddress', inv.taxRepresentative.address),
          el(
            'cac:PartyTaxScheme',
            {},
            leaf('cbc:CompanyID', inv.taxRepresentative.vatId),
            el('cac:TaxScheme', {}, leaf('cbc:ID', 'VAT')),
          ),
        )
      : null,
    inv.delivery
      ? group(
          'cac:Delivery',
          {},
          leaf('cbc:ActualDeliveryDate', inv.delivery.date),
          inv.delivery.locationId || inv.delivery.address
            ? el(
                'cac:DeliveryLocation',
                {},
                idNode('cbc:ID', inv.delivery.locationId),
                ublAddressNode('cac:Address', inv.delivery.address),
              )
            : null,
          inv.delivery.partyName !== null
            ? el('cac:DeliveryParty', {}, el('cac:PartyName', {}, leaf('cbc:Name', inv.delivery.partyName)))
            : null,
        )
      : null,
    inv.paymentMeans.map((p) => paymentMeansNode(p, credit ? inv.dueDate : null)),
    inv.paymentTerms !== null ? el('cac:PaymentTerms', {}, leaf('cbc:Note', inv.paymentTerms)) : null,
    inv.allowanceCharges.map((a) => allowanceChargeNode(a, cur, true)),
    el(
      'cac:TaxTotal',
      {},
      leaf('cbc:TaxAmount', t.vatTotal ?? '0.00', { currencyID: cur }),
      inv.vatBreakdown.map((v) =>
        el(
          'cac:TaxSubtotal',
          {},
          leaf('cbc:TaxableAmount', v.taxableAmount, { currencyID: cur }),
          leaf('cbc:TaxAmount', v.taxAmount, { currencyID: cur }),
          el(
            'cac:TaxCategory',
            {},
            leaf('cbc:ID', v.category),
            leaf('cbc:Percent', v.rate),
            leaf('cbc:TaxExemptionReasonCode', v.exemptionReasonCode),
            leaf('cbc:TaxExemptionReason', v.exemptionReason),
            el('cac:TaxScheme', {}, leaf('cbc:ID', 'VAT')),
          ),
        ),
      ),
    ),
    inv.taxCurrency && t.vatTotalInTaxCurrency !== null
      ? el('cac:TaxTotal', {}, leaf('cbc:TaxAmount', t.vatTotalInTaxCurrency, { currencyID: inv.taxCurrency }))
      : null,
    el(
      'cac:LegalMonetaryTotal',
      {},
      leaf('cbc:LineExtensionAmount', t.lineTotal, { currencyID: cur }),
      leaf('cbc:TaxExclusiveAmount', t.totalWithoutVat, { currencyID: cur }),
      leaf('cbc:TaxInclusiveAmount', t.totalWithVat, { currencyID: cur }),
      leaf('cbc:AllowanceTotalAmount', t.allowanceTotal, { currencyID: cur }),
      leaf('cbc:ChargeTotalAmount', t.chargeTotal, { currencyID: cur }),
      leaf('cbc:PrepaidAmount', t.prepaid, { currencyID: cur }),
      leaf('cbc:PayableRoundingAmount', t.rounding, { currencyID: cur }),
      leaf('cbc:PayableAmount', t.amountDue, { currencyID: cur }),
    ),
    inv.lines.map((l) => lineNode(l, inv, credit)),
  );
  return serializeXml(root);
}
