/** Value lists of « Déposer facture » (DOMAIN.md §5.3, §5.4). Labels live in the portal. */

/** How an invoice entered Chorale (`modeDepot` of Chorus Pro). */
export const depositModes = [
  'SAISIE_PORTAIL',
  'DEPOT_PDF_PORTAIL',
  'UPLOAD_PORTAIL',
  'SAISIE_API',
  'DEPOT_PDF_API',
  'UPLOAD_API',
  'EDI',
] as const;
export type DepositMode = (typeof depositModes)[number];

/** « Format de dépôt » detected from the file's bytes (never its name). */
export const depositFormats = ['PDF_NON_SIGNE', 'FACTURX', 'UBL', 'CII'] as const;
export type DepositFormat = (typeof depositFormats)[number];

/** Formats whose data is the file's: only what Chorus Pro lets a depositor add may change. */
export const structuredDepositFormats: ReadonlySet<DepositFormat> = new Set(['FACTURX', 'UBL', 'CII']);

/**
 * Header fields a depositor may still set on a draft made from a structured file: the cadre, the
 * supplier's service, bank details among the structure's; and, when the file's value is missing or
 * unknown to the directory, the recipient, its service code and the commitment number. Attachments may be
 * added too. Everything else is the file's.
 */
export const structuredEditableFields = [
  'billingFramework',
  'supplierServiceId',
  'bankAccountId',
  'recipientIsState',
  'recipientIdentifier',
  'recipientServiceCode',
  'commitmentNumber',
] as const;

/** Fields of a plain PDF deposit that the recogniser may pre-fill, each « à vérifier ». */
export const guessableFields = [
  'number',
  'invoiceDate',
  'supplierIdentifier',
  'recipientIdentifier',
  'totalNet',
  'totalVat',
  'totalGross',
  'netPayable',
  'iban',
] as const;
export type GuessableField = (typeof guessableFields)[number];

/** Limits of a deposit (DOMAIN.md §5.4). */
export const intakeLimits = {
  /** One PDF or one invoice file. */
  fileMaxBytes: 10 * 1024 * 1024,
  /** A batch (.zip, .tar.gz) of XML / Factur-X invoices, as uploaded. */
  batchMaxBytes: 30 * 1024 * 1024,
  /** All files of a batch once uncompressed: checked while inflating, never from declared sizes. */
  batchMaxUncompressedBytes: 120 * 1024 * 1024,
  batchMaxInvoices: 500,
} as const;

/** States of an asynchronous deposit (the portal polls it to show the reading progress). */
export const depositStates = ['EN_COURS', 'TERMINE', 'ECHEC'] as const;
export type DepositState = (typeof depositStates)[number];

/** Outcome of one file of a deposit. */
export const depositOutcomes = ['BROUILLON', 'ENVOYEE', 'REFUSEE'] as const;
export type DepositOutcome = (typeof depositOutcomes)[number];
