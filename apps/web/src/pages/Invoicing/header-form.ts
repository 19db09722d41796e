import type { UseFormReturnType } from '@mantine/form';
import { invoiceHeaderSchema, recipientMissingMessage, type InvoiceHeader } from '@chorale/contracts';
import type { BillingFramework, InvoiceType, PaymentMode, VatType } from '@chorale/domain';
import { businessDate } from '@chorale/domain';
import type { Invoice } from '../../api-client/invoices.ts';

/** « Saisir facture » as typed: selects hold strings, converted to the API's header on sending. */
export interface HeaderValues {
  recipientIsState: boolean;
  recipientIdentifier: string;
  recipientServiceCode: string;
  supplierStructureId: string;
  supplierServiceId: string;
  bankAccountId: string;
  billingFramework: BillingFramework;
  number: string;
  invoiceDate: string;
  currency: string;
  type: InvoiceType;
  vatType: VatType;
  exemptionReason: string;
  marketNumber: string;
  commitmentNumber: string;
  originalInvoiceNumber: string;
  paymentMode: PaymentMode;
  comment: string;
  globalDiscount: string;
  globalDiscountReason: string;
}
export type HeaderForm = UseFormReturnType<HeaderValues>;

/** The business day in Paris: the one the platform checks « not in the future » against. */
const today = () => businessDate(new Date());

export function emptyHeader(supplierStructureId: number | null): HeaderValues {
  return {
    recipientIsState: false,
    recipientIdentifier: '',
    recipientServiceCode: '',
    supplierStructureId: supplierStructureId ? String(supplierStructureId) : '',
    supplierServiceId: '',
    bankAccountId: '',
    billingFramework: 'A1_FACTURE_FOURNISSEUR',
    number: '',
    invoiceDate: today(),
    currency: 'EUR',
    type: 'FACTURE',
    vatType: 'TVA_SUR_DEBIT',
    exemptionReason: '',
    marketNumber: '',
    commitmentNumber: '',
    originalInvoiceNumber: '',
    paymentMode: 'VIREMENT',
    comment: '',
    globalDiscount: '0,00',
    globalDiscountReason: '',
  };
}

export function headerFromInvoice(invoice: Invoice): HeaderValues {
  const isState = invoice.recipient?.identifier === '11000201100044';
  return {
    recipientIsState: isState,
    recipientIdentifier: isState ? '' : (invoice.recipient?.identifier ?? ''),
    recipientServiceCode: invoice.recipientService?.code ?? '',
    supplierStructureId: String(invoice.supplier.id),
    supplierServiceId: invoice.supplierService ? String(invoice.supplierService.id) : '',
    bankAccountId: invoice.bankAccount ? String(invoice.bankAccount.id) : '',
    billingFramework: invoice.billingFramework,
    number: invoice.number ?? '',
    invoiceDate: invoice.invoiceDate,
    currency: invoice.currency,
    type: invoice.type,
    vatType: invoice.vatType,
    exemptionReason: invoice.exemptionReason,
    marketNumber: invoice.marketNumber,
    commitmentNumber: invoice.commitmentNumber,
    originalInvoiceNumber: invoice.originalInvoiceNumber,
    paymentMode: invoice.paymentMode,
    comment: invoice.comment,
    globalDiscount: invoice.globalDiscount.replace('.', ','),
    globalDiscountReason: invoice.globalDiscountReason,
  };
}

const id = (value: string) => (value ? Number(value) : null);

export function toHeader(v: HeaderValues): InvoiceHeader {
  return {
    ...v,
    // An empty « Désignation » is left out so that the schema says what to choose.
    supplierStructureId: (id(v.supplierStructureId) ?? undefined) as number,
    supplierServiceId: id(v.supplierServiceId),
    bankAccountId: id(v.bankAccountId),
    recipientIdentifier: v.recipientIsState ? '' : v.recipientIdentifier.replace(/\s/g, ''),
    currency: v.currency as InvoiceHeader['currency'],
  };
}

/** The contracts' schema, its messages put on the typed fields. */
export function validateHeader(values: HeaderValues): Record<string, string> {
  const parsed = invoiceHeaderSchema.safeParse(toHeader(values));
  const errors: Record<string, string> = {};
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (key && !errors[key]) errors[key] = issue.message;
    }
  if (!values.recipientIsState && !values.recipientIdentifier.trim())
    errors.recipientIdentifier ??= recipientMissingMessage;
  return errors;
}

/** The typed global discount as the arithmetic wants it ('12,50' → '12.50'), '0' while not a number. */
export function discountValue(typed: string): string {
  const v = typed.replace(',', '.').replace(/\s/g, '');
  return /^\d{1,15}(\.\d{1,6})?$/.test(v) ? v : '0';
}
