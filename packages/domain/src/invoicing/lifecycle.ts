/** The 56 Chorus Pro invoice status codes (DOMAIN.md §6.5). */
export const invoiceStatuses = [
  'BROUILLON',
  'INTERPRETEE_OCR',
  'DEPOSEE',
  'EN_COURS_ACHEMINEMENT',
  'MISE_A_DISPOSITION',
  'PRISE_EN_COMPTE_DESTINATAIRE',
  'SERVICE_FAIT',
  'MANDATEE',
  'MISE_A_DISPOSITION_COMPTABLE',
  'COMPTABILISEE',
  'MISE_EN_PAIEMENT',
  'A_RECYCLER',
  'SUSPENDUE',
  'COMPLETEE',
  'REJETEE',
  'A_VALIDER_1',
  'VALIDEE_1',
  'REFUSEE_1',
  'ABSENCE_VALIDATION_1_HORS_DELAI',
  'ERREUR_FOURNISSEUR_SUR_VALIDEUR',
  'A_VALIDER_2',
  'VALIDEE_2',
  'REFUSEE_2',
  'ABSENCE_VALIDATION_2_HORS_DELAI',
  'ERREUR_COTRAITANT_SUR_VALIDEUR',
  'A_VALIDER_MOE',
  'REFUSEE_MOE',
  'A_ASSOCIER_MOE',
  'ERREUR_DE_MOE',
  'MISE_A_DISPOSITION_MOE',
  'PRISE_EN_COMPTE_MOE',
  'ERREUR_FOURNISSEUR_SUR_MOE',
  'ERREUR_MOE_SUR_FOURNISSEUR',
  'ERREUR_MOE_SUR_MOA',
  'A_ASSOCIER_MOA',
  'ERREUR_DE_MOA',
  'REFUSEE_MOA',
  'TRANSMISE_MOA',
  'MISE_A_DISPOSITION_MOA',
  'PRISE_EN_COMPTE_MOA',
  'ERREUR_FOURNISSEUR_SUR_MOA',
  'ERREUR_MOA_SUR_FOURNISSEUR',
  'A_ASSOCIER_FOURNISSEUR',
  'REFUSEE_FOURNISSEUR',
  'EN_ATTENTE_RECYCLAGE_FOURNISSEUR',
  'A_COMPLETER',
  'REMPLACEE_PAR_A22',
  'DUPLIQUE_APRES_REFUS',
  'ABANDONNEE',
  'SUPPRIMEE',
  'ASSOCIEE',
  'NON_CONFORME',
  'ERREUR_DESTINATAIRE_PD',
  'ERREUR_DESTINATAIRE_EA',
  'EN_COURS_TRAITEMENT_PIVOT_S',
  'TECHNIQUE_INCONNU',
] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export type Actor = 'supplier' | 'platform' | 'recipient';

interface Transition {
  from: InvoiceStatus;
  to: InvoiceStatus;
  by: Actor;
}

/** The recipient's processing statuses after « mise à disposition », in their forward order. */
const processing: InvoiceStatus[] = [
  'SERVICE_FAIT',
  'MANDATEE',
  'MISE_A_DISPOSITION_COMPTABLE',
  'COMPTABILISEE',
  'MISE_EN_PAIEMENT',
];
/** Returns to the supplier: only from a freshly delivered (or completed) invoice. */
const returns: InvoiceStatus[] = ['SUSPENDUE', 'REJETEE', 'A_RECYCLER'];

function forwardFrom(from: InvoiceStatus, index: number): Transition[] {
  return processing.slice(index + 1).map((to) => ({ from, to, by: 'recipient' as const }));
}

/**
 * The simple invoice path (DOMAIN.md §6): nothing changes a status except through this table.
 * Validation circuits and works invoices will add their rows when they exist.
 */
export const invoiceTransitions: readonly Transition[] = [
  { from: 'BROUILLON', to: 'DEPOSEE', by: 'supplier' },
  { from: 'DEPOSEE', to: 'EN_COURS_ACHEMINEMENT', by: 'platform' },
  { from: 'EN_COURS_ACHEMINEMENT', to: 'MISE_A_DISPOSITION', by: 'platform' },
  ...(['MISE_A_DISPOSITION', 'COMPLETEE', 'PRISE_EN_COMPTE_DESTINATAIRE'] as const).flatMap((from) => [
    ...(from === 'PRISE_EN_COMPTE_DESTINATAIRE'
      ? []
      : [{ from, to: 'PRISE_EN_COMPTE_DESTINATAIRE' as const, by: 'recipient' as const }]),
    ...forwardFrom(from, -1),
    ...returns.map((to) => ({ from, to, by: 'recipient' as const })),
  ]),
  ...processing.flatMap((from, i) => forwardFrom(from, i)),
  { from: 'SUSPENDUE', to: 'COMPLETEE', by: 'supplier' },
  { from: 'A_RECYCLER', to: 'EN_COURS_ACHEMINEMENT', by: 'supplier' },
];

/**
 * Before « Mise à disposition » the invoice is the supplier's alone: the recipient neither lists
 * nor opens it.
 */
export const notYetDeliveredStatuses: readonly InvoiceStatus[] = [
  'BROUILLON',
  'INTERPRETEE_OCR',
  'DEPOSEE',
  'EN_COURS_ACHEMINEMENT',
];

export function isDelivered(status: InvoiceStatus): boolean {
  return !notYetDeliveredStatuses.includes(status);
}

/** Statuses whose transition needs a reason (`motif`). */
export const reasonRequired: ReadonlySet<InvoiceStatus> = new Set(['SUSPENDUE', 'REJETEE', 'A_RECYCLER']);

export function allowedTransitions(from: InvoiceStatus, by: Actor): InvoiceStatus[] {
  return invoiceTransitions.filter((t) => t.from === from && t.by === by).map((t) => t.to);
}

/**
 * The step the platform takes by itself from a status (« Déposée » → « En cours
 * d'acheminement » → « Mise à disposition »), or null when it waits for a person.
 */
export function platformNextStep(from: InvoiceStatus): InvoiceStatus | null {
  return allowedTransitions(from, 'platform')[0] ?? null;
}

export function canTransition(from: InvoiceStatus, to: InvoiceStatus, by: Actor): boolean {
  return invoiceTransitions.some((t) => t.from === from && t.to === to && t.by === by);
}
