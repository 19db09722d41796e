import type { InvoiceStatus } from './lifecycle.ts';
import type { BillingFramework, Currency, InvoiceType, PaymentMode, UnitCode, VatType } from './references.ts';

/**
 * French names of the invoice value lists, shared by the portal, the mails and the PDFs (one
 * exhaustive list each, so that a new code cannot go unnamed).
 */
export const invoiceStatusLabels = {
  BROUILLON: 'Brouillon',
  INTERPRETEE_OCR: 'Interprétée par OCR',
  DEPOSEE: 'Déposée',
  EN_COURS_ACHEMINEMENT: 'En cours d’acheminement',
  MISE_A_DISPOSITION: 'Mise à disposition du destinataire',
  PRISE_EN_COMPTE_DESTINATAIRE: 'Prise en compte par le destinataire',
  SERVICE_FAIT: 'Service fait',
  MANDATEE: 'Mandatée',
  MISE_A_DISPOSITION_COMPTABLE: 'Mise à disposition comptable',
  COMPTABILISEE: 'Comptabilisée',
  MISE_EN_PAIEMENT: 'Mise en paiement',
  A_RECYCLER: 'À recycler',
  SUSPENDUE: 'Suspendue',
  COMPLETEE: 'Complétée',
  REJETEE: 'Rejetée',
  A_VALIDER_1: 'À valider (valideur 1)',
  VALIDEE_1: 'Validée (valideur 1)',
  REFUSEE_1: 'Refusée (valideur 1)',
  ABSENCE_VALIDATION_1_HORS_DELAI: 'Absence de validation hors délai (valideur 1)',
  ERREUR_FOURNISSEUR_SUR_VALIDEUR: 'Erreur du fournisseur sur le valideur',
  A_VALIDER_2: 'À valider (valideur 2)',
  VALIDEE_2: 'Validée (valideur 2)',
  REFUSEE_2: 'Refusée (valideur 2)',
  ABSENCE_VALIDATION_2_HORS_DELAI: 'Absence de validation hors délai (valideur 2)',
  ERREUR_COTRAITANT_SUR_VALIDEUR: 'Erreur du cotraitant sur le valideur',
  A_VALIDER_MOE: 'À valider par la maîtrise d’œuvre',
  REFUSEE_MOE: 'Refusée par la maîtrise d’œuvre',
  A_ASSOCIER_MOE: 'À associer par la maîtrise d’œuvre',
  ERREUR_DE_MOE: 'Erreur de maîtrise d’œuvre',
  MISE_A_DISPOSITION_MOE: 'Mise à disposition de la maîtrise d’œuvre',
  PRISE_EN_COMPTE_MOE: 'Prise en compte par la maîtrise d’œuvre',
  ERREUR_FOURNISSEUR_SUR_MOE: 'Erreur du fournisseur sur la maîtrise d’œuvre',
  ERREUR_MOE_SUR_FOURNISSEUR: 'Erreur de la maîtrise d’œuvre sur le fournisseur',
  ERREUR_MOE_SUR_MOA: 'Erreur de la maîtrise d’œuvre sur la maîtrise d’ouvrage',
  A_ASSOCIER_MOA: 'À associer par la maîtrise d’ouvrage',
  ERREUR_DE_MOA: 'Erreur de maîtrise d’ouvrage',
  REFUSEE_MOA: 'Refusée par la maîtrise d’ouvrage',
  TRANSMISE_MOA: 'Transmise à la maîtrise d’ouvrage',
  MISE_A_DISPOSITION_MOA: 'Mise à disposition de la maîtrise d’ouvrage',
  PRISE_EN_COMPTE_MOA: 'Prise en compte par la maîtrise d’ouvrage',
  ERREUR_FOURNISSEUR_SUR_MOA: 'Erreur du fournisseur sur la maîtrise d’ouvrage',
  ERREUR_MOA_SUR_FOURNISSEUR: 'Erreur de la maîtrise d’ouvrage sur le fournisseur',
  A_ASSOCIER_FOURNISSEUR: 'À associer par le fournisseur',
  REFUSEE_FOURNISSEUR: 'Refusée par le fournisseur',
  EN_ATTENTE_RECYCLAGE_FOURNISSEUR: 'En attente de recyclage par le fournisseur',
  A_COMPLETER: 'À compléter',
  REMPLACEE_PAR_A22: 'Remplacée par un décompte général tacite (A22)',
  DUPLIQUE_APRES_REFUS: 'Dupliquée après refus',
  ABANDONNEE: 'Abandonnée',
  SUPPRIMEE: 'Supprimée',
  ASSOCIEE: 'Associée',
  NON_CONFORME: 'Non conforme',
  ERREUR_DESTINATAIRE_PD: 'Erreur de destinataire (plateforme de dématérialisation)',
  ERREUR_DESTINATAIRE_EA: 'Erreur de destinataire (entité d’achat)',
  EN_COURS_TRAITEMENT_PIVOT_S: 'En cours de traitement (pivot)',
  TECHNIQUE_INCONNU: 'État technique inconnu',
} satisfies Record<InvoiceStatus, string>;

export const billingFrameworkLabels = {
  A1_FACTURE_FOURNISSEUR: 'A1 : Dépôt par un fournisseur d’une facture',
  A2_FACTURE_FOURNISSEUR_DEJA_PAYEE: 'A2 : Dépôt d’une facture déjà payée (ex : carte d’achat)',
  A9_FACTURE_SOUSTRAITANT: 'A9 : Dépôt d’une facture par un sous-traitant',
  A12_FACTURE_COTRAITANT: 'A12 : Dépôt d’une facture par un cotraitant',
} satisfies Record<BillingFramework, string>;

export const invoiceTypeLabels = { FACTURE: 'Facture', AVOIR: 'Avoir' } satisfies Record<InvoiceType, string>;

export const vatTypeLabels = {
  TVA_SUR_DEBIT: 'TVA sur les débits',
  TVA_SUR_ENCAISSEMENT: 'TVA sur les encaissements',
  EXONERATION: 'Exonéré',
  SANS_TVA: 'Sans TVA',
} satisfies Record<VatType, string>;

export const paymentModeLabels = {
  VIREMENT: 'Virement',
  CHEQUE: 'Chèque',
  PRELEVEMENT: 'Prélèvement',
  ESPECE: 'Espèces',
  AUTRE: 'Autre',
  REPORT: 'Report',
} satisfies Record<PaymentMode, string>;

/** French names of the accepted currencies (webinar: « Devise de la facture * : EUR - Euro européen »). */
export const currencyLabels = {
  EUR: 'Euro européen',
  USD: 'Dollar américain',
  GBP: 'Livre sterling',
  CHF: 'Franc suisse',
  JPY: 'Yen japonais',
  CAD: 'Dollar canadien',
  AUD: 'Dollar australien',
  SEK: 'Couronne suédoise',
  NOK: 'Couronne norvégienne',
  DKK: 'Couronne danoise',
  PLN: 'Zloty polonais',
  CZK: 'Couronne tchèque',
  HUF: 'Forint hongrois',
  RON: 'Leu roumain',
  BGN: 'Lev bulgare',
  XPF: 'Franc CFP',
  CNY: 'Yuan renminbi chinois',
  MAD: 'Dirham marocain',
  TND: 'Dinar tunisien',
  DZD: 'Dinar algérien',
} satisfies Record<Currency, string>;

/** « CODE - Nom » when the code is known, otherwise undefined. */
const codeAndName = (names: Record<string, string>, code: string): string | undefined => {
  const name = names[code];
  return name ? `${code} - ${name}` : undefined;
};

/** A currency as the webinar shows it: « EUR - Euro européen » (an unknown code stays as it is). */
export const currencyOptionLabel = (code: string): string => codeAndName(currencyLabels, code) ?? code;

/** French names of the Rec 20 unit codes Chorale writes (BT-130). */
export const unitCodeLabels = {
  C62: 'Unité',
  H87: 'Pièce',
  LS: 'Forfait',
  LO: 'Lot',
  HUR: 'Heure',
  MIN: 'Minute',
  DAY: 'Jour',
  WEE: 'Semaine',
  MON: 'Mois',
  ANN: 'Année',
  KGM: 'Kilogramme',
  GRM: 'Gramme',
  TNE: 'Tonne',
  LTR: 'Litre',
  MTR: 'Mètre',
  KMT: 'Kilomètre',
  MTK: 'Mètre carré',
  MTQ: 'Mètre cube',
  KWH: 'Kilowattheure',
} satisfies Record<UnitCode, string>;

/**
 * A line's « Unité » as shown: a known Rec 20 code read from a deposited file gets its French
 * name (« C62 - Unité »); anything else (a word typed on « Saisir facture », an unknown code) stays.
 */
export const unitLabel = (unit: string): string => codeAndName(unitCodeLabels, unit.trim()) ?? unit;
