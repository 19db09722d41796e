import { Decimal } from 'decimal.js';
import {
  attachmentNameProblem,
  currencies,
  normalizeIban,
  type InvoiceType,
  type PaymentMode,
  type VatType,
} from '@chorale/domain';
import type { Identifier, Invoice, Party } from '@chorale/einvoice';
import type { ReportLine } from '@chorale/contracts';
import { chorale } from './report.ts';

/** What an EN 16931 invoice says, in Chorale's terms, before the directory is asked. */
export interface MappedInvoice {
  supplierSirets: string[];
  recipientSirets: string[];
  /** BT-10, the recipient's service code. */
  serviceCode: string | null;
  header: {
    type: InvoiceType;
    currency: string;
    vat_type: VatType;
    exemption_reason: string | null;
    market_number: string | null;
    commitment_number: string | null;
    original_invoice_number: string | null;
    payment_mode: PaymentMode;
    number: string | null;
    invoice_date: string;
    comment: string | null;
  };
  iban: string | null;
  lines: {
    position: number;
    reference: string | null;
    name: string;
    quantity: string;
    unit: string | null;
    unit_price: string;
    discount: string;
    vat_rate: string;
    net_cents: number;
    gross_cents: number;
  }[];
  totals: {
    total_net_cents: number;
    total_vat_cents: number;
    total_gross_cents: number;
    global_discount_cents: number;
    net_payable_cents: number;
  };
  /** The file's VAT breakdown, document allowances / charges and totals, kept as written. */
  amounts: Pick<Invoice, 'vatBreakdown' | 'allowanceCharges' | 'totals'>;
  attachments: { fileName: string; designation: string; bytes: Buffer }[];
  /** Chorale's own findings on the file (the EN 16931 ones come from the validator). */
  report: ReportLine[];
}

const cents = (v: string | null | undefined) =>
  v ? new Decimal(v).mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() : 0;
const digits = (v: string) => v.replace(/\s/g, '');

/**
 * SIRETs of a party (BT-29/BT-30, BT-46/BT-47): scheme 0009, and 14 digits under the old 0002
 * that French files used for SIRETs; an identifier without scheme counts when it is 14 digits.
 */
export function siretsOf(party: Party): string[] {
  const all: Identifier[] = [...party.ids, ...(party.legalId ? [party.legalId] : [])];
  if (party.electronicAddress?.scheme === '0009') all.push(party.electronicAddress);
  const out: string[] = [];
  for (const id of all) {
    const v = digits(id.value);
    if (!/^\d{14}$/.test(v)) continue;
    if (id.scheme === '0009' || id.scheme === '0002' || id.scheme === null) if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** UNTDID 4461 payment means → « Mode de règlement ». */
function paymentMode(code: string | null | undefined): PaymentMode {
  if (!code) return 'VIREMENT';
  if (['30', '31', '42', '58', '62'].includes(code)) return 'VIREMENT';
  if (['49', '59'].includes(code)) return 'PRELEVEMENT';
  if (['20', '23'].includes(code)) return 'CHEQUE';
  if (code === '10') return 'ESPECE';
  if (code === '97') return 'REPORT';
  return 'AUTRE';
}

/** VAT categories and BT-8 → « Type de TVA » (432 / 72: VAT due on payment). */
function vatType(inv: Invoice): { type: VatType; reason: string | null } {
  const categories = new Set(inv.vatBreakdown.map((v) => v.category));
  const reason = inv.vatBreakdown.map((v) => v.exemptionReason ?? v.exemptionReasonCode).find(Boolean) ?? null;
  if (categories.size > 0 && [...categories].every((c) => c === 'E' || c === 'AE' || c === 'K' || c === 'G'))
    return { type: 'EXONERATION', reason: reason ?? 'Exonération indiquée dans le fichier' };
  if (categories.size > 0 && [...categories].every((c) => c === 'O')) return { type: 'SANS_TVA', reason: null };
  if (inv.vatPointDateCode === '432' || inv.vatPointDateCode === '72')
    return { type: 'TVA_SUR_ENCAISSEMENT', reason: null };
  return { type: 'TVA_SUR_DEBIT', reason: null };
}

function lines(inv: Invoice): MappedInvoice['lines'] {
  return inv.lines.map((l, i) => {
    const quantity = l.quantity ?? '1';
    const base = l.baseQuantity && new Decimal(l.baseQuantity).gt(0) ? new Decimal(l.baseQuantity) : new Decimal(1);
    const unitPrice = new Decimal(l.netPrice ?? l.netAmount ?? '0').div(base);
    const net = new Decimal(l.netAmount ?? '0');
    // The file's line net (BT-131) is the truth; what it does not explain by quantity × price is
    // the line's allowances minus charges, kept as « Montant remise HT ».
    const discount = new Decimal(quantity).mul(unitPrice).minus(net).toDecimalPlaces(6);
    const rate = l.vatRate ?? '0';
    const netCents = cents(net.toFixed());
    const vat = net.mul(rate).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    return {
      position: i + 1,
      reference: (l.sellerItemId ?? l.id)?.slice(0, 100) ?? null,
      name: (l.itemName ?? l.itemDescription ?? `Ligne ${i + 1}`).slice(0, 300),
      quantity,
      unit: l.unitCode?.slice(0, 30) ?? null,
      unit_price: unitPrice.toDecimalPlaces(6).toFixed(),
      discount: discount.toFixed(),
      vat_rate: new Decimal(rate).toFixed(),
      net_cents: netCents,
      gross_cents: netCents + cents(vat.toFixed()),
    };
  });
}

function attachments(inv: Invoice, report: ReportLine[]): MappedInvoice['attachments'] {
  const out: MappedInvoice['attachments'] = [];
  for (const a of inv.attachments) {
    if (!a.content) continue;
    const fileName = (a.filename ?? a.id ?? 'piece-jointe').split(/[\\/]/).pop()!.trim();
    const problem = attachmentNameProblem(fileName);
    if (problem) {
      report.push(
        chorale(
          'CHORALE-PJ',
          'warning',
          'BT-125',
          fileName,
          `Pièce jointe du fichier non reprise : ${problem} Ajoutez-la au brouillon si elle est utile.`,
        ),
      );
      continue;
    }
    out.push({
      fileName,
      designation: (a.description ?? a.id ?? fileName).slice(0, 200),
      bytes: Buffer.from(a.content, 'base64'),
    });
  }
  return out;
}

export function mapInvoice(inv: Invoice): MappedInvoice {
  const report: ReportLine[] = [];
  const number = inv.invoiceNumber?.trim() ?? null;
  if (number && (number.length > 20 || !/^[A-Za-z0-9_\-/.]+$/.test(number)))
    report.push(
      chorale(
        'CHORALE-NUMERO',
        'fatal',
        'BT-1',
        number,
        'Un numéro de facture Chorale compte au plus 20 caractères : lettres, chiffres, « - », « _ », « / » et « . ».',
      ),
    );
  const currency = inv.currency ?? 'EUR';
  if (!(currencies as readonly string[]).includes(currency))
    report.push(chorale('CHORALE-DEVISE', 'fatal', 'BT-5', currency, `La devise « ${currency} » n’est pas acceptée.`));
  const vat = vatType(inv);
  const credit = inv.syntax === 'UBL-CreditNote' || inv.typeCode === '381';
  const iban = inv.paymentMeans.flatMap((m) => m.creditTransfers).find((t) => t.accountId)?.accountId ?? null;
  return {
    supplierSirets: siretsOf(inv.seller),
    recipientSirets: siretsOf(inv.buyer),
    serviceCode: inv.buyerReference?.trim() || null,
    header: {
      type: credit ? 'AVOIR' : 'FACTURE',
      currency: (currencies as readonly string[]).includes(currency) ? currency : 'EUR',
      vat_type: vat.type,
      exemption_reason: vat.reason?.slice(0, 500) ?? null,
      market_number: inv.contractReference?.slice(0, 100) ?? null,
      commitment_number: inv.purchaseOrderReference?.slice(0, 100) ?? null,
      original_invoice_number: inv.precedingInvoices[0]?.number?.slice(0, 100) ?? null,
      payment_mode: paymentMode(inv.paymentMeans[0]?.typeCode),
      number: number && number.length <= 20 ? number : null,
      invoice_date: inv.issueDate ?? '',
      comment:
        inv.notes
          .map((n) => n.text)
          .join('\n')
          .slice(0, 2000) || null,
    },
    iban: iban ? normalizeIban(iban) : null,
    lines: lines(inv),
    totals: {
      total_net_cents: cents(inv.totals.totalWithoutVat),
      total_vat_cents: cents(inv.totals.vatTotal),
      total_gross_cents: cents(inv.totals.totalWithVat),
      global_discount_cents: 0,
      net_payable_cents: cents(inv.totals.amountDue ?? inv.totals.totalWithVat),
    },
    amounts: { vatBreakdown: inv.vatBreakdown, allowanceCharges: inv.allowanceCharges, totals: inv.totals },
    attachments: attachments(inv, report),
    report,
  };
}
