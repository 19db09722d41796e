import { Decimal } from 'decimal.js';
import {
  billingFrameworkLabels,
  invoiceTotals,
  paymentModeLabels,
  type BillingFramework,
  type PaymentMode,
} from '@chorale/domain';
import {
  frenchVatFromSiren,
  type AllowanceCharge,
  type Attachment,
  type Invoice,
  type Line,
  type Party,
  type PaymentMeans,
  type VatBreakdown,
} from '@chorale/einvoice';
import type { InvoiceView } from '../invoice-view.ts';
import { unitCode } from './unit-codes.ts';
import { embeddedFileName } from './wrap-facturx.ts';

/**
 * A typed Chorale invoice in the EN 16931 model (packages/einvoice), to be written as the CII of
 * its Factur-X twin. Every field of « Saisir facture » has its business term here; the choices
 * that needed a decision (remise globale TTC, VAT categories, payment means without bank
 * details, units) are explained in docs/adr/0006-structured-twin-of-typed-invoices.md.
 */

/** Factur-X profile EN 16931 (« COMFORT »): the guideline of BT-24. */
export const EN16931_GUIDELINE = 'urn:cen.eu:en16931:2017';
const SIRET_SCHEME = '0009';

const amount = (cents: number) => new Decimal(cents).div(100).toFixed(2);
const plain = (value: string) => new Decimal(value).toString();

type ViewParty = NonNullable<InvoiceView['supplier']>;

/** The EN 16931 VAT category of the invoice's lines: one per VAT type, Z for a 0 % line. */
function vatCategory(vatType: string, rate: string): string {
  if (vatType === 'EXONERATION') return 'E';
  if (vatType === 'SANS_TVA') return 'O';
  return new Decimal(rate).isZero() ? 'Z' : 'S';
}

function party(p: ViewParty, opts: { vatId: string | null }): Party {
  const siret = p.identifierType === 'SIRET';
  const id = { value: p.identifier, scheme: siret ? SIRET_SCHEME : null };
  return {
    name: p.name,
    tradingName: null,
    ids: [id],
    // BT-30 / BT-47: the SIRET is also the legal registration (scheme 0009, as Chorus Pro reads it).
    legalId: siret ? id : null,
    vatId: opts.vatId,
    taxRegistrationId: null,
    additionalLegalInfo: null,
    // BT-34 / BT-49: Chorus Pro's Peppol addressing is 0009:<SIRET>.
    electronicAddress: siret ? id : null,
    address: {
      line1: p.address || null,
      line2: null,
      line3: null,
      city: p.city || null,
      postCode: p.postalCode || null,
      subdivision: null,
      countryCode: p.countryCode,
    },
    contact: null,
  };
}

/**
 * BT-31: a French company's VAT number is derived from its SIREN (key = (12 + 3 × (SIREN mod 97))
 * mod 97); an EU supplier's identifier is its VAT number. Invoices « Sans TVA » (category O) must
 * not carry one (BR-O-02).
 */
function sellerVatId(p: ViewParty, vatType: string): string | null {
  if (vatType === 'SANS_TVA') return null;
  if (p.identifierType === 'SIRET') return frenchVatFromSiren(p.identifier.slice(0, 9));
  if (p.identifierType === 'UE_HORS_FRANCE') return p.identifier;
  return null;
}

/** BG-16 from « Mode de règlement » and the chosen bank details (UNTDID 4461 codes). */
function paymentMeans(v: InvoiceView): PaymentMeans {
  const label = paymentModeLabels[v.paymentMode as PaymentMode] ?? v.paymentMode;
  const bank = v.bankAccount;
  const base = { text: label, remittanceInformation: v.number, card: null, directDebit: null };
  switch (v.paymentMode) {
    case 'VIREMENT':
      // BR-61: a credit transfer (30) names the account; without bank details the mode is told
      // in words under « instrument not defined » rather than with an invented account.
      return bank
        ? {
            ...base,
            typeCode: '30',
            creditTransfers: [{ accountId: bank.iban.replace(/\s/g, ''), accountName: bank.holderName, bic: bank.bic }],
          }
        : { ...base, typeCode: '1', text: `${label} (coordonnées bancaires non indiquées)`, creditTransfers: [] };
    case 'CHEQUE':
      return { ...base, typeCode: '20', creditTransfers: [] };
    case 'PRELEVEMENT':
      return { ...base, typeCode: '49', creditTransfers: [] };
    case 'ESPECE':
      return { ...base, typeCode: '10', creditTransfers: [] };
    case 'REPORT':
      return { ...base, typeCode: 'ZZZ', creditTransfers: [] };
    default:
      return { ...base, typeCode: '1', creditTransfers: [] };
  }
}

function line(l: InvoiceView['lines'][number], category: string): Line {
  const unit = unitCode(l.unit);
  const discount = new Decimal(l.discount || '0').toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const allowances: AllowanceCharge[] = discount.isZero()
    ? []
    : [
        {
          isCharge: false,
          amount: discount.toFixed(2),
          baseAmount: null,
          percentage: null,
          vatCategory: null,
          vatRate: null,
          taxScheme: null,
          // BR-41 wants a reason; « Montant remise HT » is a discount (UNTDID 5189 code 95).
          reason: 'Remise',
          reasonCode: '95',
        },
      ];
  return {
    id: String(l.position),
    note: null,
    objectId: null,
    quantity: plain(l.quantity),
    unitCode: unit.code,
    netAmount: amount(l.netCents),
    orderLineReference: null,
    accountingReference: null,
    period: null,
    allowanceCharges: allowances,
    netPrice: plain(l.unitPrice),
    priceDiscount: null,
    grossPrice: null,
    baseQuantity: null,
    baseQuantityUnit: null,
    vatCategory: category,
    // BR-O-05: a line « not subject to VAT » has no rate.
    vatRate: category === 'O' ? null : plain(l.vatRate),
    taxScheme: 'VAT',
    itemName: l.name,
    itemDescription: unit.keepText ? `Unité : ${l.unit.trim()}` : null,
    sellerItemId: l.reference || null,
    buyerItemId: null,
    standardItemId: null,
    classifications: [],
    originCountry: null,
    attributes: [],
  };
}

function breakdown(v: InvoiceView): VatBreakdown[] {
  // The same per-rate computation as the stored totals (packages/domain), so the XML and the
  // invoice agree to the cent.
  const totals = invoiceTotals(
    v.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, vatRate: l.vatRate })),
    v.globalDiscount,
  );
  return totals.vat.map((r) => {
    const category = vatCategory(v.vatType, r.rate);
    return {
      taxableAmount: amount(r.baseCents),
      taxAmount: amount(r.vatCents),
      category,
      rate: category === 'O' ? null : plain(r.rate),
      taxScheme: 'VAT',
      // BR-E-10 / BR-O-10: the typed « Motif d'exonération » is the exemption reason text.
      exemptionReason:
        category === 'E' || category === 'O'
          ? v.exemptionReason || (category === 'O' ? 'Opération non soumise à la TVA' : null)
          : null,
      exemptionReasonCode: null,
    };
  });
}

/** Attachments are embedded in the PDF (Factur-X); the XML names them (BG-24, BT-122/BT-123). */
function attachment(a: InvoiceView['attachments'][number]): Attachment {
  return {
    id: embeddedFileName(a.fileName),
    description: a.kind === 'PRINCIPALE' ? `${a.designation} (pièce jointe principale)` : a.designation,
    uri: null,
    mimeCode: null,
    filename: null,
    contentBytes: null,
    content: null,
  };
}

function notes(v: InvoiceView): Invoice['notes'] {
  const list: Invoice['notes'] = [];
  if (v.supplierService)
    list.push({ subjectCode: null, text: `Service émetteur : ${v.supplierService.code} – ${v.supplierService.name}` });
  if (v.totals.globalDiscountCents > 0)
    list.push({
      subjectCode: 'AAK',
      text: `Remise globale TTC : ${amount(v.totals.globalDiscountCents)} ${v.currency}${v.globalDiscountReason ? ` – ${v.globalDiscountReason}` : ''} (déduite du TTC, montant payé BT-113)`,
    });
  if (v.comment) list.push({ subjectCode: 'AAI', text: v.comment });
  return list;
}

/**
 * The EN 16931 model of a sent, typed invoice. Amounts are the stored ones (cents), never
 * recomputed differently: BT-109 = « Montant HT », BT-110 = « Montant TVA », BT-112 = « Montant
 * TTC avant remise », BT-113 = « Remise globale TTC », BT-115 = « Net à payer ».
 */
export function invoiceToEn16931(v: InvoiceView): Invoice {
  if (!v.supplier || !v.recipient) throw new Error(`invoice ${v.id}: a sent invoice has both parties`);
  const framework = v.billingFramework as BillingFramework;
  const t = v.totals;
  return {
    syntax: 'CII',
    customizationId: EN16931_GUIDELINE,
    // BT-23: Chorus Pro reads the « cadre de facturation » here (A1, A2, A9, A12).
    businessProcess: billingFrameworkLabels[framework] ? framework.split('_')[0]! : v.billingFramework,
    invoiceNumber: v.number ?? v.draftNumber,
    issueDate: v.invoiceDate,
    typeCode: v.type === 'AVOIR' ? '381' : '380',
    currency: v.currency,
    taxCurrency: null,
    taxPointDate: null,
    // BT-8 (UNTDID 2005): VAT due on the invoice date (« débits ») or on payment (« encaissements »).
    vatPointDateCode: v.vatType === 'TVA_SUR_ENCAISSEMENT' ? '432' : v.vatType === 'TVA_SUR_DEBIT' ? '3' : null,
    dueDate: null,
    buyerReference: v.recipientService?.code ?? null,
    projectReference: null,
    contractReference: v.marketNumber || null,
    purchaseOrderReference: v.commitmentNumber || null,
    salesOrderReference: null,
    receivingAdviceReference: null,
    despatchAdviceReference: null,
    tenderReference: null,
    invoicedObjectId: null,
    buyerAccountingReference: null,
    // BR-CO-25: an amount due needs a due date or payment terms; Chorale has no due date, the
    // public buyer's legal delay applies.
    paymentTerms: `${paymentModeLabels[v.paymentMode as PaymentMode] ?? v.paymentMode}. Délai de paiement : délai légal de la commande publique (code de la commande publique).`,
    notes: notes(v),
    precedingInvoices: v.originalInvoiceNumber ? [{ number: v.originalInvoiceNumber, date: null }] : [],
    seller: party(v.supplier, { vatId: sellerVatId(v.supplier, v.vatType) }),
    buyer: party(v.recipient, { vatId: null }),
    payee: null,
    taxRepresentative: null,
    delivery: null,
    invoicingPeriod: null,
    paymentMeans: [paymentMeans(v)],
    allowanceCharges: [],
    totals: {
      lineTotal: amount(t.netCents),
      allowanceTotal: null,
      chargeTotal: null,
      totalWithoutVat: amount(t.netCents),
      vatTotal: amount(t.vatCents),
      vatTotalInTaxCurrency: null,
      totalWithVat: amount(t.grossCents),
      prepaid: t.globalDiscountCents > 0 ? amount(t.globalDiscountCents) : null,
      rounding: null,
      amountDue: amount(t.netPayableCents),
    },
    vatBreakdown: breakdown(v),
    attachments: v.attachments.map(attachment),
    lines: v.lines.map((l) => line(l, vatCategory(v.vatType, l.vatRate))),
  };
}
