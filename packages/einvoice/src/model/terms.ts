import type { Invoice } from './invoice.ts';

function party(
  prefix: string,
  group: string,
  t: readonly string[],
  address: string,
  contact: string,
): Record<string, string> {
  const [name, trading, ids, legal, vat, endpoint, l1, l2, l3, city, pc, sub, country, cname, phone, email] = t;
  return {
    [prefix]: group,
    [`${prefix}.name`]: name!,
    [`${prefix}.tradingName`]: trading!,
    [`${prefix}.ids[]`]: ids!,
    [`${prefix}.legalId`]: legal!,
    [`${prefix}.vatId`]: vat!,
    [`${prefix}.electronicAddress`]: endpoint!,
    [`${prefix}.address`]: address,
    [`${prefix}.address.line1`]: l1!,
    [`${prefix}.address.line2`]: l2!,
    [`${prefix}.address.line3`]: l3!,
    [`${prefix}.address.city`]: city!,
    [`${prefix}.address.postCode`]: pc!,
    [`${prefix}.address.subdivision`]: sub!,
    [`${prefix}.address.countryCode`]: country!,
    [`${prefix}.contact`]: contact,
    [`${prefix}.contact.name`]: cname!,
    [`${prefix}.contact.phone`]: phone!,
    [`${prefix}.contact.email`]: email!,
  };
}

function allowanceCharge(
  prefix: string,
  allowance: readonly string[],
  charge: readonly string[],
): Record<string, string> {
  // An allowance and a charge share one model shape; their terms differ (BG-20 vs BG-21).
  const keys = ['amount', 'baseAmount', 'percentage', 'vatCategory', 'vatRate', 'reason', 'reasonCode'];
  const out: Record<string, string> = { [`${prefix}[]`]: `${allowance[0]}|${charge[0]}` };
  keys.forEach((k, i) => {
    const a = allowance[i + 1];
    const c = charge[i + 1];
    if (a && c) out[`${prefix}[].${k}`] = `${a}|${c}`;
  });
  return out;
}

/**
 * Business term (BT/BG of EN 16931) of every model path; array elements are written `[]`.
 * Allowance/charge paths give "allowance|charge" terms, resolved by isCharge.
 */
export const TERMS: Readonly<Record<string, string>> = {
  syntax: 'syntax',
  customizationId: 'BT-24',
  businessProcess: 'BT-23',
  invoiceNumber: 'BT-1',
  issueDate: 'BT-2',
  typeCode: 'BT-3',
  currency: 'BT-5',
  taxCurrency: 'BT-6',
  taxPointDate: 'BT-7',
  vatPointDateCode: 'BT-8',
  dueDate: 'BT-9',
  buyerReference: 'BT-10',
  projectReference: 'BT-11',
  contractReference: 'BT-12',
  purchaseOrderReference: 'BT-13',
  salesOrderReference: 'BT-14',
  receivingAdviceReference: 'BT-15',
  despatchAdviceReference: 'BT-16',
  tenderReference: 'BT-17',
  invoicedObjectId: 'BT-18',
  buyerAccountingReference: 'BT-19',
  paymentTerms: 'BT-20',
  'notes[]': 'BG-1',
  'notes[].subjectCode': 'BT-21',
  'notes[].text': 'BT-22',
  'precedingInvoices[]': 'BG-3',
  'precedingInvoices[].number': 'BT-25',
  'precedingInvoices[].date': 'BT-26',
  ...party(
    'seller',
    'BG-4',
    [
      'BT-27',
      'BT-28',
      'BT-29',
      'BT-30',
      'BT-31',
      'BT-34',
      'BT-35',
      'BT-36',
      'BT-162',
      'BT-37',
      'BT-38',
      'BT-39',
      'BT-40',
      'BT-41',
      'BT-42',
      'BT-43',
    ],
    'BG-5',
    'BG-6',
  ),
  'seller.taxRegistrationId': 'BT-32',
  'seller.additionalLegalInfo': 'BT-33',
  ...party(
    'buyer',
    'BG-7',
    [
      'BT-44',
      'BT-45',
      'BT-46',
      'BT-47',
      'BT-48',
      'BT-49',
      'BT-50',
      'BT-51',
      'BT-163',
      'BT-52',
      'BT-53',
      'BT-54',
      'BT-55',
      'BT-56',
      'BT-57',
      'BT-58',
    ],
    'BG-8',
    'BG-9',
  ),
  payee: 'BG-10',
  'payee.name': 'BT-59',
  'payee.ids[]': 'BT-60',
  'payee.legalId': 'BT-61',
  taxRepresentative: 'BG-11',
  'taxRepresentative.name': 'BT-62',
  'taxRepresentative.vatId': 'BT-63',
  'taxRepresentative.address': 'BG-12',
  'taxRepresentative.address.line1': 'BT-64',
  'taxRepresentative.address.line2': 'BT-65',
  'taxRepresentative.address.line3': 'BT-164',
  'taxRepresentative.address.city': 'BT-66',
  'taxRepresentative.address.postCode': 'BT-67',
  'taxRepresentative.address.subdivision': 'BT-68',
  'taxRepresentative.address.countryCode': 'BT-69',
  delivery: 'BG-13',
  'delivery.partyName': 'BT-70',
  'delivery.locationId': 'BT-71',
  'delivery.date': 'BT-72',
  'delivery.address': 'BG-15',
  'delivery.address.line1': 'BT-75',
  'delivery.address.line2': 'BT-76',
  'delivery.address.line3': 'BT-165',
  'delivery.address.city': 'BT-77',
  'delivery.address.postCode': 'BT-78',
  'delivery.address.subdivision': 'BT-79',
  'delivery.address.countryCode': 'BT-80',
  invoicingPeriod: 'BG-14',
  'invoicingPeriod.start': 'BT-73',
  'invoicingPeriod.end': 'BT-74',
  'paymentMeans[]': 'BG-16',
  'paymentMeans[].typeCode': 'BT-81',
  'paymentMeans[].text': 'BT-82',
  'paymentMeans[].remittanceInformation': 'BT-83',
  'paymentMeans[].creditTransfers[]': 'BG-17',
  'paymentMeans[].creditTransfers[].accountId': 'BT-84',
  'paymentMeans[].creditTransfers[].accountName': 'BT-85',
  'paymentMeans[].creditTransfers[].bic': 'BT-86',
  'paymentMeans[].card': 'BG-18',
  'paymentMeans[].card.pan': 'BT-87',
  'paymentMeans[].card.holder': 'BT-88',
  'paymentMeans[].directDebit': 'BG-19',
  'paymentMeans[].directDebit.mandateId': 'BT-89',
  'paymentMeans[].directDebit.creditorId': 'BT-90',
  'paymentMeans[].directDebit.debitedAccount': 'BT-91',
  ...allowanceCharge(
    'allowanceCharges',
    ['BG-20', 'BT-92', 'BT-93', 'BT-94', 'BT-95', 'BT-96', 'BT-97', 'BT-98'],
    ['BG-21', 'BT-99', 'BT-100', 'BT-101', 'BT-102', 'BT-103', 'BT-104', 'BT-105'],
  ),
  totals: 'BG-22',
  'totals.lineTotal': 'BT-106',
  'totals.allowanceTotal': 'BT-107',
  'totals.chargeTotal': 'BT-108',
  'totals.totalWithoutVat': 'BT-109',
  'totals.vatTotal': 'BT-110',
  'totals.vatTotalInTaxCurrency': 'BT-111',
  'totals.totalWithVat': 'BT-112',
  'totals.prepaid': 'BT-113',
  'totals.rounding': 'BT-114',
  'totals.amountDue': 'BT-115',
  'vatBreakdown[]': 'BG-23',
  'vatBreakdown[].taxableAmount': 'BT-116',
  'vatBreakdown[].taxAmount': 'BT-117',
  'vatBreakdown[].category': 'BT-118',
  'vatBreakdown[].rate': 'BT-119',
  'vatBreakdown[].exemptionReason': 'BT-120',
  'vatBreakdown[].taxScheme': 'BT-118',
  'lines[].taxScheme': 'BT-151',
  'allowanceCharges[].taxScheme': 'BT-95|BT-102',
  'vatBreakdown[].exemptionReasonCode': 'BT-121',
  'attachments[]': 'BG-24',
  'attachments[].id': 'BT-122',
  'attachments[].description': 'BT-123',
  'attachments[].uri': 'BT-124',
  'attachments[].content': 'BT-125',
  'attachments[].mimeCode': 'BT-125',
  'attachments[].filename': 'BT-125',
  'attachments[].contentBytes': 'BT-125',
  'lines[]': 'BG-25',
  'lines[].id': 'BT-126',
  'lines[].note': 'BT-127',
  'lines[].objectId': 'BT-128',
  'lines[].quantity': 'BT-129',
  'lines[].unitCode': 'BT-130',
  'lines[].netAmount': 'BT-131',
  'lines[].orderLineReference': 'BT-132',
  'lines[].accountingReference': 'BT-133',
  'lines[].period': 'BG-26',
  'lines[].period.start': 'BT-134',
  'lines[].period.end': 'BT-135',
  ...allowanceCharge(
    'lines[].allowanceCharges',
    ['BG-27', 'BT-136', 'BT-137', 'BT-138', '', '', 'BT-139', 'BT-140'],
    ['BG-28', 'BT-141', 'BT-142', 'BT-143', '', '', 'BT-144', 'BT-145'],
  ),
  'lines[].netPrice': 'BT-146',
  'lines[].priceDiscount': 'BT-147',
  'lines[].grossPrice': 'BT-148',
  'lines[].baseQuantity': 'BT-149',
  'lines[].baseQuantityUnit': 'BT-150',
  'lines[].vatCategory': 'BT-151',
  'lines[].vatRate': 'BT-152',
  'lines[].itemName': 'BT-153',
  'lines[].itemDescription': 'BT-154',
  'lines[].sellerItemId': 'BT-155',
  'lines[].buyerItemId': 'BT-156',
  'lines[].standardItemId': 'BT-157',
  'lines[].classifications[]': 'BT-158',
  'lines[].originCountry': 'BT-159',
  'lines[].attributes[]': 'BG-32',
  'lines[].attributes[].name': 'BT-160',
  'lines[].attributes[].value': 'BT-161',
};

export interface TermValue {
  readonly term: string;
  readonly path: string;
  readonly value: string | number | boolean;
}

/** Flattens an invoice into (BT/BG, path, value) triples: what `parse --terms` prints. */
export function listTerms(invoice: Invoice): TermValue[] {
  const out: TermValue[] = [];
  const visit = (value: unknown, path: string, pattern: string, isCharge: boolean | null): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`, `${pattern}[]`, isCharge));
      return;
    }
    if (typeof value === 'object') {
      const charge = 'isCharge' in value ? Boolean((value as { isCharge: boolean }).isCharge) : isCharge;
      const own = TERMS[pattern];
      // Identifiers ({value, scheme}) are leaves tagged by their own term.
      if ('value' in value && 'scheme' in value && own) {
        out.push({ term: resolve(own, charge), path, value: String((value as { value: unknown }).value) });
        return;
      }
      for (const [k, v] of Object.entries(value)) {
        if (k === 'isCharge' || k === 'content') continue;
        visit(v, path ? `${path}.${k}` : k, pattern ? `${pattern}.${k}` : k, charge);
      }
      return;
    }
    const term = TERMS[pattern] ?? TERMS[pattern.replace(/\.[^.]+$/, '')] ?? '';
    out.push({ term: resolve(term, isCharge), path, value: value as string | number | boolean });
  };
  visit(invoice, '', '', null);
  return out;
}

function resolve(term: string, isCharge: boolean | null): string {
  const [allowance, charge] = term.split('|');
  return isCharge ? (charge ?? allowance ?? term) : (allowance ?? term);
}
