import { z } from 'zod';
import {
  depositFormats,
  depositModes,
  depositOutcomes,
  depositStates,
  guessableFields,
  structuredEditableFields,
} from '@chorale/domain';

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
});
export type DepositItem = z.infer<typeof depositItemSchema>;

export const depositResultSchema = z.object({
  depositId: z.number(),
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
  /** Lines may be added / changed (plain PDF only). */
  linesEditable: z.boolean(),
});
export type InvoiceDeposit = z.infer<typeof invoiceDepositSchema>;
