import { z } from 'zod';
import { billingFrameworks, currencies, invoiceTypes, paymentModes, vatTypes } from '@chorale/domain';

const decimal = (label: string, opts: { min?: number } = {}) =>
  z
    .string({ error: `Le champ « ${label} » est obligatoire.` })
    .trim()
    .transform((v) => v.replace(',', '.').replace(/\s/g, ''))
    .refine(
      (v) => /^-?\d{1,15}(\.\d{1,6})?$/.test(v),
      `« ${label} » doit être un nombre (au plus 6 décimales), par exemple 320,00.`,
    )
    .refine((v) => opts.min === undefined || Number(v) >= opts.min, `« ${label} » doit être positif ou nul.`);
const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `« ${label} » ne doit pas dépasser ${max} caractères.`).optional().default('');
const isoDate = z
  .string({ error: 'Saisissez la date de la facture.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'La date doit être au format AAAA-MM-JJ.')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    "Cette date n'existe pas.",
  );

/** « Saisir facture », the header saved by « Enregristrer » (a draft, checked again at sending). */
export const invoiceHeaderSchema = z.object({
  supplierStructureId: z.number({ error: 'Choisissez la structure émettrice (« Désignation »).' }).int(),
  supplierServiceId: z.number().int().nullable().default(null),
  recipientIsState: z.boolean().default(false),
  recipientIdentifier: z.string().trim().max(20).default(''),
  recipientServiceCode: optionalText('Service', 100),
  billingFramework: z
    .enum(billingFrameworks, { error: 'Choisissez le cadre de facturation.' })
    .default('A1_FACTURE_FOURNISSEUR'),
  currency: z.enum(currencies, { error: 'Choisissez une devise de la liste.' }).default('EUR'),
  type: z.enum(invoiceTypes, { error: 'Choisissez Facture ou Avoir.' }).default('FACTURE'),
  vatType: z.enum(vatTypes, { error: 'Choisissez le type de TVA.' }).default('TVA_SUR_DEBIT'),
  exemptionReason: optionalText("Motif d'exonération", 500),
  marketNumber: optionalText('Numéro du marché', 100),
  commitmentNumber: optionalText("Numéro d'engagement", 100),
  originalInvoiceNumber: optionalText("Numéro de la facture d'origine", 100),
  paymentMode: z.enum(paymentModes, { error: 'Choisissez le mode de règlement.' }).default('VIREMENT'),
  number: z
    .string()
    .trim()
    .max(20, 'Le numéro de facture ne doit pas dépasser 20 caractères.')
    .regex(
      /^[A-Za-z0-9_\-/.]*$/,
      'Le numéro de facture ne contient que lettres, chiffres, « - », « _ », « / » et « . ».',
    )
    .default(''),
  invoiceDate: isoDate,
  bankAccountId: z.number().int().nullable().default(null),
  comment: optionalText('Commentaire', 2000),
  globalDiscount: decimal('Remise globale TTC', { min: 0 }).default('0'),
  globalDiscountReason: optionalText('Motif de la remise globale', 500),
});
export type InvoiceHeader = z.input<typeof invoiceHeaderSchema>;

/** « Ligne de facture ». */
export const invoiceLineSchema = z.object({
  reference: optionalText('Référence', 100),
  name: z
    .string({ error: 'Le champ « Dénomination » est obligatoire.' })
    .trim()
    .min(1, 'Le champ « Dénomination » est obligatoire.')
    .max(300),
  quantity: decimal('Quantité'),
  unit: optionalText('Unité', 30),
  unitPrice: decimal('Montant unitaire HT', { min: 0 }),
  discount: decimal('Montant remise HT', { min: 0 }).default('0'),
  vatRate: decimal('Taux TVA', { min: 0 }),
});
export type InvoiceLineInput = z.input<typeof invoiceLineSchema>;

export const invoiceStatusChangeSchema = z.object({
  status: z.string().min(1),
  reason: optionalText('Motif', 2000),
});

export const completeInvoiceSchema = z.object({
  comment: z.string().trim().min(1, 'Le champ « Commentaire » est obligatoire.').max(2000),
});
