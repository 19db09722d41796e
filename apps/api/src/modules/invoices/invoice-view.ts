import {
  businessDate,
  invoiceDelayState,
  lateInterest,
  type BillingFramework,
  type InvoiceStatus,
  type PaymentMode,
  type StructureIdentifierType,
  type VatType,
} from '@chorale/domain';
import { loadEcbRates } from './ecb-rates.ts';
import type { Db } from '../../platform/context.ts';
import { loadInvoiceRow } from './invoice-access.ts';
import type { Reading } from '../../platform/request-scope.ts';
import { serviceRow, structureRows } from './invoice-rows.ts';

const cents = (v: number | string) => Number(v);

type InvoiceRow = Awaited<ReturnType<typeof loadInvoiceRow>>;
export const linesOf = (db: Db, id: number) =>
  db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', id).orderBy('position').execute();
export const attachmentsOf = (db: Db, id: number) =>
  db.selectFrom('invoice_attachments').selectAll().where('invoice_id', '=', id).orderBy('id').execute();
export const historyOf = (db: Db, id: number) =>
  db.selectFrom('invoice_history').selectAll().where('invoice_id', '=', id).orderBy('id', 'desc').execute();
export type InvoiceLineRow = Awaited<ReturnType<typeof linesOf>>[number];
export type InvoiceAttachmentRow = Awaited<ReturnType<typeof attachmentsOf>>[number];
export type InvoiceHistoryRow = Awaited<ReturnType<typeof historyOf>>[number];

/**
 * What the caller already holds of the invoice, current as of its last write in this request: it
 * is not read again (issue 13). Lines in position order, history newest first.
 */
export interface KnownInvoice {
  inv?: InvoiceRow;
  lines?: InvoiceLineRow[];
  attachments?: InvoiceAttachmentRow[];
  history?: InvoiceHistoryRow[];
}

/** Everything the invoice page shows, for the supplier and the recipient alike. */
export async function invoiceView(r: Reading, id: number, now: Date = new Date(), known: KnownInvoice = {}) {
  const { db } = r;
  const inv = known.inv ?? (await loadInvoiceRow(db, id));
  const [structures, supplierService, recipientService, lines, attachments, history, bank] = await Promise.all([
    structureRows(r, [inv.supplier_structure_id, ...(inv.recipient_structure_id ? [inv.recipient_structure_id] : [])]),
    inv.supplier_service_id ? serviceRow(r, inv.supplier_service_id) : undefined,
    inv.recipient_service_id ? serviceRow(r, inv.recipient_service_id) : undefined,
    known.lines ?? linesOf(db, id),
    known.attachments ?? attachmentsOf(db, id),
    known.history ?? historyOf(db, id),
    inv.bank_account_id
      ? db
          .selectFrom('bank_accounts')
          .select(['id', 'holder_name', 'iban', 'bic'])
          .where('id', '=', inv.bank_account_id)
          .executeTakeFirst()
      : undefined,
  ]);
  const supplier = structures.get(inv.supplier_structure_id);
  if (!supplier) throw new Error(`structure ${inv.supplier_structure_id} missing`);
  const recipient = inv.recipient_structure_id ? structures.get(inv.recipient_structure_id) : undefined;
  // The text columns below only ever receive values of the domain's lists (checked by the
  // contract schemas on the way in); the casts name the list for the response schema.
  const party = (s: typeof supplier) => ({
    id: s.id,
    identifier: s.identifier,
    identifierType: s.identifier_type as StructureIdentifierType,
    name: s.company_name,
    address: [s.address, s.address_complement1, s.address_complement2].filter(Boolean).join(', '),
    postalCode: s.postal_code ?? '',
    city: s.city ?? '',
    countryCode: s.country_code,
  });
  const payment = await paymentOf(db, inv, businessDate(now));
  return {
    payment,
    id: inv.id,
    draftNumber: inv.draft_number,
    number: inv.number,
    status: inv.status as InvoiceStatus,
    statusAt: inv.status_at,
    depositedAt: inv.deposited_at,
    madeAvailableAt: inv.made_available_at,
    rejectionHandledAt: inv.rejection_handled_at,
    certificate: inv.certificate,
    supplier: party(supplier),
    supplierService: supplierService
      ? { id: supplierService.id, code: supplierService.code, name: supplierService.name }
      : null,
    recipient: recipient ? party(recipient) : null,
    recipientService: recipientService
      ? { id: recipientService.id, code: recipientService.code, name: recipientService.name }
      : null,
    billingFramework: inv.billing_framework as BillingFramework,
    currency: inv.currency,
    type: inv.type,
    vatType: inv.vat_type as VatType,
    exemptionReason: inv.exemption_reason ?? '',
    marketNumber: inv.market_number ?? '',
    commitmentNumber: inv.commitment_number ?? '',
    originalInvoiceNumber: inv.original_invoice_number ?? '',
    paymentMode: inv.payment_mode as PaymentMode,
    invoiceDate: inv.invoice_date,
    bankAccount: bank ? { id: bank.id, holderName: bank.holder_name, iban: bank.iban, bic: bank.bic } : null,
    comment: inv.comment ?? '',
    globalDiscount: inv.global_discount,
    globalDiscountReason: inv.global_discount_reason ?? '',
    totals: {
      netCents: cents(inv.total_net_cents),
      vatCents: cents(inv.total_vat_cents),
      grossCents: cents(inv.total_gross_cents),
      globalDiscountCents: cents(inv.global_discount_cents),
      afterDiscountCents: cents(inv.total_gross_cents) - cents(inv.global_discount_cents),
      netPayableCents: cents(inv.net_payable_cents),
    },
    lines: lines.map((l) => ({
      id: l.id,
      position: l.position,
      reference: l.reference ?? '',
      name: l.name,
      quantity: l.quantity,
      unit: l.unit ?? '',
      unitPrice: l.unit_price,
      discount: l.discount,
      vatRate: l.vat_rate,
      netCents: cents(l.net_cents),
      grossCents: cents(l.gross_cents),
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      designation: a.designation,
      kind: a.kind,
      size: a.size,
      sha256: a.file_sha256,
      addedAt: a.added_at,
    })),
    history: history.map((h) => ({
      at: h.created_at,
      status: h.status as InvoiceStatus,
      user: h.actor_label,
      structure: h.structure_label,
      comment: h.comment ?? '',
    })),
  };
}
export type InvoiceView = Awaited<ReturnType<typeof invoiceView>>;

/**
 * Where the invoice stands against its payment period, and the late-payment interest owed (ECB
 * rate of the half-year + 8 points, prorated by days, plus 40 €) on its amount TTC when late.
 */
async function paymentOf(
  db: Db,
  inv: {
    made_available_at: string | null;
    due_date: string | null;
    status: string;
    status_at: string;
    net_payable_cents: number | string;
  },
  today: string,
) {
  const state = invoiceDelayState(
    {
      startDay: inv.made_available_at ? businessDate(new Date(inv.made_available_at)) : null,
      dueDate: inv.due_date,
      status: inv.status as InvoiceStatus,
      statusDay: businessDate(new Date(inv.status_at)),
    },
    today,
  );
  if (!state) return null;
  const interest = state.late
    ? lateInterest(
        Number(inv.net_payable_cents),
        state.dueDate,
        state.paid ? businessDate(new Date(inv.status_at)) : today,
        await loadEcbRates(db),
      )
    : null;
  return {
    periodDays: state.periodDays,
    dueDate: state.dueDate,
    daysElapsed: state.daysElapsed,
    daysLate: state.daysLate,
    late: state.late,
    dueSoon: state.dueSoon,
    paid: state.paid,
    interest: interest && {
      runsFrom: interest.runsFrom,
      ecbRate: interest.ecbRate,
      ratePercent: interest.ratePercent,
      interestCents: interest.interestCents,
      indemnityCents: interest.indemnityCents,
      totalCents: interest.totalCents,
    },
  };
}
