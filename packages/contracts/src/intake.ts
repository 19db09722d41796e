import { z } from 'zod';
import {
  depositFormats,
  depositModes,
  depositOutcomes,
  depositStates,
  flowStates,
  flowSyntaxes,
  guessableFields,
  structuredEditableFields,
} from '@chorale/domain';
import { pageOf } from './account-responses.ts';
import { text } from './text.ts';

/**
 * « Déposer facture » (POST /api/invoices/deposit, POST /api/invoices/deposits): the multipart
 * text fields sent before the file. Booleans come as the strings "true" / "false".
 */
export const depositFormSchema = z.object({
  /** « Valider et envoyer » in the same call when no fatal rule fails (single files and batches). */
  submit: z
    .enum(['true', 'false'], { error: '« submit » vaut true ou false.' })
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Supplier structure of a plain PDF (a structured file names its supplier by SIRET). Optional:
   * without it, the SIRET read in the PDF is matched against the depositor's structures.
   */
  supplierStructureId: z.coerce.number().int().positive().optional(),
  /**
   * `syntaxeFlux` of the flow, when the depositor declares it: every file of the flow must then be
   * of that syntax. Detected from the content otherwise.
   */
  syntax: z.enum(flowSyntaxes, { error: 'Syntaxe de flux inconnue.' }).optional(),
});
export type DepositForm = z.input<typeof depositFormSchema>;

/** One line of the validation report: one failed rule, in French. */
export const reportLineSchema = z.object({
  /** Official rule id (BR-CO-10, UBL-SR-12…) or ours (XML-DOCTYPE, CHORALE-DOUBLON…). */
  rule: z.string(),
  /** « fatal » blocks sending; « warning » does not. */
  severity: z.enum(['fatal', 'warning']),
  /** Business term concerned (BT-1, BG-23…) when the rule names one. */
  term: z.string().nullable(),
  /** French name of that term (« Numéro de facture »). */
  termLabel: z.string().nullable(),
  /** The value found in the file for that term, when there is one. */
  value: z.string().nullable(),
  /** Where in the file (XPath; « factur-x.xml/… » inside a Factur-X PDF), « / » for the whole file. */
  location: z.string(),
  message: z.string(),
});
export type ReportLine = z.infer<typeof reportLineSchema>;

/** A value read in a plain PDF, proposed to the user « à vérifier ». */
export const guessSchema = z.object({
  field: z.enum(guessableFields),
  value: z.string(),
  /** 0..1 */
  confidence: z.number(),
  /** The text it was read from. */
  evidence: z.string(),
});
export type Guess = z.infer<typeof guessSchema>;

/** What became of one file of a deposit (the file itself, or one entry of a batch). */
export const depositItemSchema = z.object({
  /** Name of the file (or of the entry inside the batch). */
  fileName: z.string(),
  /** « Format de dépôt » detected; null when the file is not an invoice at all. */
  format: z.enum(depositFormats).nullable(),
  outcome: z.enum(depositOutcomes),
  /** The draft (or sent invoice); null when refused. */
  invoiceId: z.number().nullable(),
  draftNumber: z.string().nullable(),
  /** Final number once sent, else the number read in the file. */
  number: z.string().nullable(),
  /** False while a fatal rule fails or a field below must be completed. */
  canSubmit: z.boolean(),
  /** French summary: « Facture 2026-001 créée en brouillon », « Refusée : … ». */
  message: z.string(),
  report: z.array(reportLineSchema),
  /** Chorale fields to complete or correct (recipientIdentifier, recipientServiceCode, commitmentNumber…). */
  fields: z.record(z.string(), z.string()),
  /** Plain PDF only: the values pre-filled from the PDF, each to be checked. */
  guesses: z.array(guessSchema),
  /** What the file says of itself, when it could be read (also for a refused file): its number and parties. */
  read: z
    .object({
      number: z.string().nullable(),
      /** SIRET (or other identifier) of the supplier (BT-29 / BT-30) and of the recipient (BT-46 / BT-47). */
      supplierIdentifier: z.string().nullable(),
      recipientIdentifier: z.string().nullable(),
    })
    .optional(),
});
export type DepositItem = z.infer<typeof depositItemSchema>;

/** The flow fields of a deposit (DOMAIN.md §10): every deposit is a flow. */
const flowFields = {
  depositId: z.number(),
  /** `numeroFluxDepot`: numeric, stable (year of reception, then ten digits). */
  flowNumber: z.string(),
  /** `syntaxeFlux`, declared by the depositor or detected from the content; null for a plain PDF. */
  syntax: z.enum(flowSyntaxes).nullable(),
  /** `etatCourantFlux`: IN_RECU → IN_EN_ATTENTE_TRAITEMENT_CPP → IN_EN_COURS_TRAITEMENT_CPP → IN_INTEGRE | IN_INTEGRE_PARTIEL | IN_REJETE. */
  flowState: z.enum(flowStates),
  /** When the flow entered its current state (ISO 8601, UTC). */
  flowStateAt: z.string(),
  /** `dateDepotFlux` (ISO 8601, UTC). */
  receivedAt: z.string(),
  /** How the flow came in: portal, API (native or Chorus Pro-compatible), EDI. */
  channel: z.enum(['PORTAIL', 'API', 'EDI']),
};

export const depositResultSchema = z.object({
  ...flowFields,
  /** The portal's reading of the flow state: EN_COURS until final, ECHEC when refused as a whole. */
  state: z.enum(depositStates),
  /** 0..100, real progress of the reading (OCR of a scanned PDF takes seconds). */
  progress: z.number(),
  /** What is being done, in French (« Reconnaissance du texte, page 1 sur 2 »). */
  stage: z.string(),
  fileName: z.string(),
  /** « LOT » for a .zip / .tar.gz. */
  kind: z.enum(['FICHIER', 'LOT']),
  /** Filled once state is TERMINE. */
  items: z.array(depositItemSchema),
  summary: z.object({ total: z.number(), drafts: z.number(), sent: z.number(), refused: z.number() }),
  /** ECHEC: why the whole deposit was refused. */
  error: z.string().nullable(),
});
export type DepositResult = z.infer<typeof depositResultSchema>;

/** One row of « Saisir le détail de la TVA ». */
export const typedVatLineSchema = z.object({
  rate: text('Taux de TVA', 10).default(''),
  base: text('Base HT', 40).default(''),
  amount: text('Montant TVA', 40).default(''),
});

/**
 * « Montants totaux » of a plain PDF deposit (webinar « Déposer une facture (4/6) »). Amounts as typed
 * (« 7 850,00 »); their rules are packages/domain's typedTotalsProblems, answered on each field.
 */
export const typedTotalsSchema = z.object({
  totalNet: text('Montant HT', 40).default(''),
  totalVat: text('Montant TVA', 40).default(''),
  netPayable: text('Net à payer', 40).default(''),
  vatDetail: z.array(typedVatLineSchema).max(20, 'Le détail de la TVA compte au plus 20 taux.').default([]),
});
export type TypedTotalsInput = z.input<typeof typedTotalsSchema>;

/** GET /api/invoices/:id/deposit: how a deposited invoice came in, and what may still change. */
export const invoiceDepositSchema = z.object({
  invoiceId: z.number(),
  depositMode: z.enum(depositModes),
  format: z.enum(depositFormats),
  originalFileName: z.string(),
  originalSize: z.number(),
  /** SHA-256 of the deposited file (the legal original, served byte for byte by …/original). */
  originalSha256: z.string(),
  report: z.array(reportLineSchema),
  guesses: z.array(guessSchema),
  /** Header fields still editable (structured files); null = every field (plain PDF). */
  editableFields: z.array(z.enum(structuredEditableFields)).nullable(),
  /** Lines may be added / changed: never on a deposit (a plain PDF carries typed totals instead). */
  linesEditable: z.boolean(),
  /** Plain PDF: « Montants totaux » and « Saisir le détail de la TVA », as typed (or read, « à vérifier »). */
  typedTotals: typedTotalsSchema.nullable(),
});
export type InvoiceDeposit = z.infer<typeof invoiceDepositSchema>;

/** One line of « Suivi des flux »: a flow without its invoices. */
export const depositSummarySchema = z.object({
  ...flowFields,
  fileName: z.string(),
  kind: z.enum(['FICHIER', 'LOT']),
  /** 0..100 while read. */
  progress: z.number(),
  stage: z.string(),
  summary: z.object({ total: z.number(), integrated: z.number(), refused: z.number() }),
  error: z.string().nullable(),
});
export type DepositSummary = z.infer<typeof depositSummarySchema>;
export const depositPageSchema = pageOf(
  depositSummarySchema,
  'Une page des flux déposés, du plus récent au plus ancien',
);
export type DepositPage = z.infer<typeof depositPageSchema>;

export const depositListQuerySchema = z.object({
  /** Only the flows in this state. */
  flowState: z.enum(flowStates).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * The report of a flow (« compte rendu »), as JSON: per invoice, created with its number or
 * refused with the reasons of its validation report. The data of `consulterCR` /
 * `consulterCRDetaille`, of the PDF report and of the EDI `retour/` files.
 */
export const flowReportSchema = z.object({
  ...flowFields,
  fileName: z.string(),
  summary: z.object({ total: z.number(), integrated: z.number(), refused: z.number() }),
  /** Why the flow was refused as a whole (unreadable archive, too large…), else null. */
  error: z.string().nullable(),
  invoices: z.array(
    z.object({
      /** 1-based position of the file in the flow. */
      position: z.number(),
      fileName: z.string(),
      /** INTEGREE (a draft or a sent invoice was created) or REFUSEE. */
      result: z.enum(['INTEGREE', 'REFUSEE']),
      outcome: z.enum(depositOutcomes),
      invoiceId: z.number().nullable(),
      /** The invoice's number (final once sent), or the number read in a refused file. */
      number: z.string().nullable(),
      draftNumber: z.string().nullable(),
      supplierIdentifier: z.string().nullable(),
      recipientIdentifier: z.string().nullable(),
      message: z.string(),
      /** The blocking lines of the validation report, and Chorale's reason for a refusal. */
      errors: z.array(reportLineSchema),
    }),
  ),
});
export type FlowReport = z.infer<typeof flowReportSchema>;
