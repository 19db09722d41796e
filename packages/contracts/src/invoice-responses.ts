import { z } from 'zod';
import {
  attachmentKinds,
  billingFrameworks,
  invoiceStatuses,
  invoiceTypes,
  paymentModes,
  structureIdentifierTypes,
  vatTypes,
} from '@chorale/domain';
import { pageOf } from './account-responses.ts';

/** Answers of the « Factures » routes; the portal's API client takes its types from them. */

const id = z.number().int();
const cents = z.number().int();
const status = z.enum(invoiceStatuses);

export const invoicePartySchema = z.object({
  id,
  identifier: z.string(),
  identifierType: z.enum(structureIdentifierTypes),
  name: z.string(),
  address: z.string(),
  postalCode: z.string(),
  city: z.string(),
  countryCode: z.string(),
});
export type InvoiceParty = z.infer<typeof invoicePartySchema>;

const serviceRef = z.object({ id, code: z.string(), name: z.string() });

export const invoiceLineViewSchema = z.object({
  id,
  position: z.number().int(),
  reference: z.string(),
  name: z.string(),
  quantity: z.string(),
  unit: z.string(),
  unitPrice: z.string(),
  discount: z.string(),
  vatRate: z.string(),
  netCents: cents,
  grossCents: cents,
});
export type InvoiceLine = z.infer<typeof invoiceLineViewSchema>;

export const invoiceAttachmentSchema = z.object({
  id,
  fileName: z.string(),
  designation: z.string(),
  kind: z.enum(attachmentKinds),
  size: z.number().int(),
  sha256: z.string(),
  addedAt: z.string(),
});
export type InvoiceAttachment = z.infer<typeof invoiceAttachmentSchema>;

export const invoiceHistoryEntrySchema = z.object({
  at: z.string(),
  status,
  user: z.string(),
  structure: z.string(),
  comment: z.string(),
});
export type InvoiceHistoryEntry = z.infer<typeof invoiceHistoryEntrySchema>;

/** An invoice as the API shows it to the supplier or to the recipient (`side`). */
export const invoiceSchema = z
  .object({
    side: z.enum(['supplier', 'recipient']),
    id,
    draftNumber: z.string(),
    number: z.string().nullable(),
    status,
    statusAt: z.string(),
    depositedAt: z.string().nullable(),
    madeAvailableAt: z.string().nullable(),
    /** « Traiter le rejet »: when the supplier acknowledged the rejection. */
    rejectionHandledAt: z.string().nullable(),
    certificate: z.string().nullable(),
    supplier: invoicePartySchema,
    supplierService: serviceRef.nullable(),
    recipient: invoicePartySchema.nullable(),
    recipientService: serviceRef.nullable(),
    billingFramework: z.enum(billingFrameworks),
    currency: z.string(),
    type: z.enum(invoiceTypes),
    vatType: z.enum(vatTypes),
    exemptionReason: z.string(),
    marketNumber: z.string(),
    commitmentNumber: z.string(),
    originalInvoiceNumber: z.string(),
    paymentMode: z.enum(paymentModes),
    invoiceDate: z.string(),
    bankAccount: z.object({ id, holderName: z.string(), iban: z.string(), bic: z.string() }).nullable(),
    comment: z.string(),
    globalDiscount: z.string(),
    globalDiscountReason: z.string(),
    totals: z.object({
      netCents: cents,
      vatCents: cents,
      grossCents: cents,
      globalDiscountCents: cents,
      afterDiscountCents: cents,
      netPayableCents: cents,
    }),
    lines: z.array(invoiceLineViewSchema),
    attachments: z.array(invoiceAttachmentSchema),
    history: z.array(invoiceHistoryEntrySchema),
    /** Payment period (DGP) from « Mise à disposition », and late-payment interest once late. */
    payment: z
      .object({
        periodDays: z.number().int(),
        dueDate: z.string(),
        daysElapsed: z.number().int(),
        daysLate: z.number().int(),
        late: z.boolean(),
        dueSoon: z.boolean(),
        paid: z.boolean(),
        interest: z
          .object({
            runsFrom: z.string(),
            ecbRate: z.string(),
            ratePercent: z.string(),
            interestCents: z.number().int(),
            indemnityCents: z.number().int(),
            totalCents: z.number().int(),
          })
          .nullable(),
      })
      .nullable(),
  })
  .describe('La facture');
export type Invoice = z.infer<typeof invoiceSchema>;

export const invoiceSummarySchema = z.object({
  id,
  number: z.string(),
  type: z.enum(invoiceTypes),
  status,
  statusAt: z.string(),
  invoiceDate: z.string(),
  depositedAt: z.string().nullable(),
  commitmentNumber: z.string(),
  netCents: cents,
  netPayableCents: cents,
  currency: z.string(),
  supplier: z.object({ identifier: z.string(), name: z.string() }),
  recipient: z.object({ identifier: z.string(), name: z.string(), serviceCode: z.string().nullable() }).nullable(),
  /** « Taille PJ »: the attachments' total size in bytes. */
  attachmentsSize: z.number().int(),
  /** Payment period: due date, days since « Mise à disposition », late or close to due (null when it does not run). */
  payment: z
    .object({
      dueDate: z.string(),
      daysElapsed: z.number().int(),
      daysLate: z.number().int(),
      late: z.boolean(),
      dueSoon: z.boolean(),
      paid: z.boolean(),
    })
    .nullable(),
});
export type InvoiceSummary = z.infer<typeof invoiceSummarySchema>;

export const invoicePageSchema = pageOf(invoiceSummarySchema, 'Une page de la liste des factures');
export type InvoicePage = z.infer<typeof invoicePageSchema>;

/** The data the deposit certificate's fingerprint is computed from, and the fingerprint again. */
export const depositExportSchema = z
  .object({
    certificate: z.string().nullable(),
    recomputed: z.string(),
    document: z.record(z.string(), z.unknown()),
  })
  .describe('Données déposées (JSON) : le certificat, son recalcul, et le document dont il est l’empreinte');

/** « Valider et envoyer » asks it before the confirmation: the send rules, without sending. */
export const sendCheckSchema = z
  .object({
    sendable: z.boolean(),
    message: z.string(),
    problems: z.record(z.string(), z.string()),
  })
  .describe('Règles d’envoi vérifiées sans envoyer');
export type SendCheck = z.infer<typeof sendCheckSchema>;
