/** Value lists of an invoice (DOMAIN.md §5). Labels live in the portal. */
export const billingFrameworks = [
  'A1_FACTURE_FOURNISSEUR',
  'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE',
  'A9_FACTURE_SOUSTRAITANT',
  'A12_FACTURE_COTRAITANT',
] as const;
export type BillingFramework = (typeof billingFrameworks)[number];
/** Frameworks that need a validation circuit Chorale does not have yet. */
export const frameworksNeedingValidation: ReadonlySet<BillingFramework> = new Set([
  'A9_FACTURE_SOUSTRAITANT',
  'A12_FACTURE_COTRAITANT',
]);

export const invoiceTypes = ['FACTURE', 'AVOIR'] as const;
export type InvoiceType = (typeof invoiceTypes)[number];

export const vatTypes = ['TVA_SUR_DEBIT', 'TVA_SUR_ENCAISSEMENT', 'EXONERATION', 'SANS_TVA'] as const;
export type VatType = (typeof vatTypes)[number];

export const paymentModes = ['VIREMENT', 'CHEQUE', 'PRELEVEMENT', 'ESPECE', 'AUTRE', 'REPORT'] as const;
export type PaymentMode = (typeof paymentModes)[number];

/** VAT rates in force in France (metropolitan and overseas), in percent. */
export const vatRates = ['20', '10', '8.5', '5.5', '2.1', '1.75', '1.05', '0.9', '0'] as const;

/** ISO 4217 currencies accepted (EUR first: the default). */
export const currencies = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'JPY',
  'CAD',
  'AUD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'RON',
  'BGN',
  'XPF',
  'CNY',
  'MAD',
  'TND',
  'DZD',
] as const;
export type Currency = (typeof currencies)[number];

/**
 * The UN/ECE Recommendation 20 unit codes (BT-130) Chorale writes for the units typed on
 * « Saisir facture » (« pièce » → H87, « jour » → DAY…), C62 (« unité ») first: the default.
 */
export const unitCodes = [
  'C62',
  'H87',
  'LS',
  'LO',
  'HUR',
  'MIN',
  'DAY',
  'WEE',
  'MON',
  'ANN',
  'KGM',
  'GRM',
  'TNE',
  'LTR',
  'MTR',
  'KMT',
  'MTK',
  'MTQ',
  'KWH',
] as const;
export type UnitCode = (typeof unitCodes)[number];

/** Attachment limits (DOMAIN.md §5.4). */
export const attachmentLimits = {
  nameMaxLength: 50,
  fileMaxBytes: 10 * 1024 * 1024,
  invoiceMaxBytes: 120 * 1024 * 1024,
  extensions: [
    'BMP',
    'BZ2',
    'CSV',
    'DOC',
    'DOCX',
    'FAX',
    'GIF',
    'GZ',
    'GZIP',
    'HTM',
    'HTML',
    'JPEG',
    'JPG',
    'ODP',
    'ODS',
    'ODT',
    'P7S',
    'PDF',
    'PNG',
    'PPS',
    'PPT',
    'PPTX',
    'RTF',
    'SVG',
    'TGZ',
    'TIF',
    'TIFF',
    'TXT',
    'XHTML',
    'XLC',
    'XLM',
    'XLS',
    'XLSX',
    'XML',
    'ZIP',
  ],
} as const;

export const attachmentKinds = ['PRINCIPALE', 'COMPLEMENTAIRE'] as const;

/** French reason why a file name is refused, or null. */
export function attachmentNameProblem(name: string): string | null {
  if (name.length > attachmentLimits.nameMaxLength)
    return `Le nom du fichier ne doit pas dépasser ${attachmentLimits.nameMaxLength} caractères, extension comprise (${name.length}).`;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'Le nom du fichier doit avoir une extension (par exemple « .pdf »).';
  const ext = name.slice(dot + 1).toUpperCase();
  if (!(attachmentLimits.extensions as readonly string[]).includes(ext))
    return `L’extension « .${ext.toLowerCase()} » n’est pas acceptée. Extensions acceptées : ${attachmentLimits.extensions.join(', ').toLowerCase()}.`;
  return null;
}

/** The State's single SIRET: « Le destinataire est-il l'État ? Oui » selects it. */
export const STATE_SIRET = '11000201100044';
