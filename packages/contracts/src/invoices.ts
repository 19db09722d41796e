import { z } from 'zod';
import {
  amountLimits,
  billingFrameworks,
  currencies,
  invoiceStatuses,
  invoiceTypes,
  paymentModes,
  vatTypes,
} from '@chorale/domain';
import { optionalText, requiredText, text } from './text.ts';

const { integerDigits, decimals, maxVatRate } = amountLimits;
const decimalPattern = new RegExp(`^-?\\d{1,${integerDigits}}(\\.\\d{1,${decimals}})?$`);
/** Quantities and amounts: 19 positions at most (EN 16931), see amountLimits in packages/domain. */
const decimal = (label: string, opts: { min?: number } = {}) =>
  text(label, 40, { required: true })
    .transform((v) => v.replace(',', '.').replace(/\s/g, ''))
    .refine(
      (v) => decimalPattern.test(v),
      `« ${label} » doit être un nombre d’au plus ${integerDigits} chiffres avant la virgule et ${decimals} après, par exemple 320,00.`,
    )
    .refine((v) => opts.min === undefined || Number(v) >= opts.min, `« ${label} » doit être positif ou nul.`);
/** « Taux TVA » in percent: 0 to 30 (the highest EU rate is 27 %), two decimals (5,5 ; 2,1). */
const vatRate = text('Taux TVA', 10, { required: true })
  .transform((v) => v.replace(',', '.').replace(/\s/g, ''))
  .refine(
    (v) => /^\d{1,2}(\.\d{1,2})?$/.test(v) && Number(v) <= maxVatRate,
    `« Taux TVA » est un pourcentage entre 0 et ${maxVatRate}, avec au plus 2 décimales (par exemple 20 ou 5,5).`,
  );
const isoDate = text('Date de facture', 10, { required: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'La date doit être au format AAAA-MM-JJ.')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'Cette date n’existe pas.',
  );

/** « Saisir facture », the header saved by « Enregristrer » (a draft, checked again at sending). */
/** What « Enregistrer » says when the recipient is missing: a draft is an invoice to someone. */
export const recipientMissingMessage =
  'Renseignez le destinataire : le SIRET de l’entité publique (voyez l’annuaire), ou « Oui » si c’est l’État.';

export const invoiceHeaderSchema = z.object({
  supplierStructureId: z.number({ error: 'Choisissez la structure émettrice (« Désignation »).' }).int(),
  supplierServiceId: z.number().int().nullable().default(null),
  recipientIsState: z.boolean().default(false),
  recipientIdentifier: text('Identifiant du destinataire', 20).default(''),
  recipientServiceCode: optionalText('Service', 100),
  billingFramework: z
    .enum(billingFrameworks, { error: 'Choisissez le cadre de facturation.' })
    .default('A1_FACTURE_FOURNISSEUR'),
  currency: z.enum(currencies, { error: 'Choisissez une devise de la liste.' }).default('EUR'),
  type: z.enum(invoiceTypes, { error: 'Choisissez Facture ou Avoir.' }).default('FACTURE'),
  vatType: z.enum(vatTypes, { error: 'Choisissez le type de TVA.' }).default('TVA_SUR_DEBIT'),
  exemptionReason: optionalText('Motif d’exonération', 500, { multiline: true }),
  marketNumber: optionalText('Numéro du marché', 100),
  commitmentNumber: optionalText('Numéro d’engagement', 100),
  originalInvoiceNumber: optionalText('Numéro de la facture d’origine', 100),
  paymentMode: z.enum(paymentModes, { error: 'Choisissez le mode de règlement.' }).default('VIREMENT'),
  number: text('Numéro de facture', 20)
    .regex(
      /^[A-Za-z0-9_\-/.]*$/,
      'Le numéro de facture ne contient que lettres, chiffres, « - », « _ », « / » et « . ».',
    )
    .default(''),
  invoiceDate: isoDate,
  bankAccountId: z.number().int().nullable().default(null),
  comment: optionalText('Commentaire', 2000, { multiline: true }),
  globalDiscount: decimal('Remise globale TTC', { min: 0 }).default('0'),
  globalDiscountReason: optionalText('Motif de la remise globale', 500, { multiline: true }),
});
export type InvoiceHeader = z.input<typeof invoiceHeaderSchema>;

/** « Ligne de facture ». */
export const invoiceLineSchema = z.object({
  reference: optionalText('Référence', 100),
  name: requiredText('Dénomination', 300),
  quantity: decimal('Quantité'),
  unit: optionalText('Unité', 30),
  unitPrice: decimal('Montant unitaire HT', { min: 0 }),
  discount: decimal('Montant remise HT', { min: 0 }).default('0'),
  vatRate,
});
export type InvoiceLineInput = z.input<typeof invoiceLineSchema>;

/** A typed invoice as software sends it in one call: the header and its lines (1 to 1,000). */
export const typedInvoiceSchema = invoiceHeaderSchema.extend({
  lines: z
    .array(invoiceLineSchema)
    .min(1, 'Ajoutez au moins une ligne de facture.')
    .max(1000, 'Une facture saisie compte au plus 1000 lignes.'),
});
export type TypedInvoiceInput = z.input<typeof typedInvoiceSchema>;

export const invoiceStatusChangeSchema = z.object({
  status: text('Statut', 40, { required: true }),
  reason: optionalText('Motif', 2000, { multiline: true }),
});

export const completeInvoiceSchema = z.object({
  comment: requiredText('Commentaire', 2000, { multiline: true }),
});

/** The text fields of « Ajouter une pièce jointe » (multipart, beside the file). */
export const invoiceAttachmentFieldsSchema = z.object({
  designation: requiredText('Désignation', 200),
  kind: z
    .enum(['PRINCIPALE', 'COMPLEMENTAIRE'], { error: 'Choisissez le type de pièce jointe.' })
    .default('COMPLEMENTAIRE'),
});

/** « Rechercher » (Factures émises / reçues): the webinar's criteria, all optional (none = all). */
export const searchDate = (label: string) =>
  text(label, 10)
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, `« ${label} » : la date doit être au format AAAA-MM-JJ.`)
    .optional();
const searchAmount = (label: string) =>
  text(label, 20)
    .transform((v) => v.replace(/\s/g, '').replace(',', '.'))
    .refine((v) => v === '' || /^\d{1,13}(\.\d{1,2})?$/.test(v), `« ${label} » : un montant, par exemple 1200,50.`)
    .transform((v) => (v === '' ? undefined : Math.round(Number(v) * 100)))
    .optional();
const flag = (label: string) =>
  text(label, 5)
    .pipe(z.enum(['', 'true', 'false'], { error: `« ${label} » vaut true ou false.` }))
    .transform((v) => v === 'true')
    .optional();
export const invoiceSortKeys = [
  'type',
  'supplier',
  'recipient',
  'service',
  'number',
  'invoiceDate',
  'depositedAt',
  'net',
  'gross',
  'status',
  'statusAt',
  'dueDate',
] as const;
export type InvoiceSortKey = (typeof invoiceSortKeys)[number];

export const invoiceSearchSchema = z.object({
  status: text('État courant', 2000)
    .transform((v) => (v ? v.split(',').map((s) => s.trim()) : []))
    .pipe(z.array(z.enum(invoiceStatuses, { error: 'État courant inconnu.' })))
    .optional()
    .describe('Un ou plusieurs codes d’état, séparés par des virgules'),
  recipientScope: text('Destinataire', 10)
    .pipe(z.enum(['', 'ETAT', 'HORS_ETAT', 'TOUTES']))
    .optional()
    .describe('Destinataire : État, Hors État ou Toutes structures'),
  counterparty: text('Structure', 200)
    .optional()
    .describe('Factures émises : le destinataire ; reçues : le fournisseur (identifiant ou raison sociale)'),
  siren: flag('Rechercher sur le SIREN').describe('Chercher tous les établissements du SIREN (9 premiers chiffres)'),
  counterpartyService: text('Service', 100).optional().describe('Code ou libellé du service du destinataire'),
  structureId: z.coerce.number().int().positive().optional().describe('Ma structure (fournisseur ou destinataire)'),
  serviceId: z.coerce.number().int().positive().optional().describe('Mon service'),
  invoiceDateFrom: searchDate('Période de date fournisseur, du'),
  invoiceDateTo: searchDate('Période de date fournisseur, au'),
  number: text('Numéro de facture', 30).optional(),
  type: text('Type facture', 10)
    .pipe(z.enum(['', ...invoiceTypes]))
    .optional(),
  billingFramework: text('Cadre de facturation', 60)
    .pipe(z.enum(['', ...billingFrameworks]))
    .optional(),
  amountMin: searchAmount('Montant TTC minimum'),
  amountMax: searchAmount('Montant TTC maximum'),
  depositedFrom: searchDate('Date de dépôt, du'),
  depositedTo: searchDate('Date de dépôt, au'),
  commitmentNumber: text('Numéro d’engagement', 100).optional(),
  marketNumber: text('Numéro de marché', 100).optional(),
  late: flag('En retard de paiement').describe('Seulement les factures dont l’échéance est passée'),
  dueDateFrom: searchDate('Date d’échéance, du'),
  dueDateTo: searchDate('Date d’échéance, au'),
  sort: text('Tri', 20).pipe(z.enum(invoiceSortKeys)).optional(),
  order: text('Ordre', 4)
    .pipe(z.enum(['asc', 'desc']))
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type InvoiceSearchInput = z.input<typeof invoiceSearchSchema>;
export type InvoiceSearch = z.output<typeof invoiceSearchSchema>;
