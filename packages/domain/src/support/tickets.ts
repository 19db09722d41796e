/**
 * Support tickets (« sollicitations »): categories of the webinar, statuses and who moves a ticket
 * from one to the next. Subcategories starting with « M - » go to the business support of a
 * recipient organisation; the others to the platform's support.
 */
export const ticketObjectTypes = ['FACTURE', 'DEMANDE_REMBOURSEMENT'] as const;
export type TicketObjectType = (typeof ticketObjectTypes)[number];

export interface TicketSubcategory {
  label: string;
  /** Asked about one object, whose type and number are then required. */
  objectType: TicketObjectType | null;
}

export const ticketCategories: readonly { label: string; subcategories: readonly TicketSubcategory[] }[] = [
  {
    label: 'Factures émises',
    subcategories: [
      { label: 'M - Question pour le destinataire de ma facture', objectType: 'FACTURE' },
      { label: 'Saisie d’une facture', objectType: null },
      { label: 'Dépôt d’une facture', objectType: null },
    ],
  },
  { label: 'Factures à valider', subcategories: [{ label: 'Traitement', objectType: null }] },
  {
    label: 'Organisation',
    subcategories: [
      { label: 'Gestion des habilitations', objectType: null },
      { label: 'Gestion des structures', objectType: null },
      { label: 'Rattachement à une structure', objectType: null },
    ],
  },
  {
    label: 'Marché',
    subcategories: [
      { label: 'DUME (Document Unique de Marché Européen)', objectType: null },
      { label: 'Avis de marché', objectType: null },
    ],
  },
  {
    label: 'Remboursement TIC',
    subcategories: [{ label: 'M - Question sur une demande rejetée', objectType: 'DEMANDE_REMBOURSEMENT' }],
  },
  {
    label: 'Mémoire de frais de justice',
    subcategories: [
      { label: 'M - Révision du montant d’un mémoire', objectType: null },
      { label: 'M - Suivi du traitement d’un mémoire', objectType: null },
    ],
  },
  { label: 'Support', subcategories: [{ label: 'Saisie / Traitement d’un ticket', objectType: null }] },
  { label: 'PPF - E-Reporting', subcategories: [{ label: 'Suivi des flux EDI', objectType: null }] },
];

export function findSubcategory(category: string, subcategory: string): TicketSubcategory | null {
  return ticketCategories.find((c) => c.label === category)?.subcategories.find((s) => s.label === subcategory) ?? null;
}

/** « M - » subcategories go to the recipient organisation's business support. */
export function isBusinessSubcategory(subcategory: string): boolean {
  return subcategory.startsWith('M - ');
}

export const ticketStatuses = ['BROUILLON', 'OUVERT', 'EN_ATTENTE_INFORMATIONS', 'RESOLU', 'FERME'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** French names of the ticket statuses (portal and mails). */
export const ticketStatusLabels = {
  BROUILLON: 'Brouillon',
  OUVERT: 'Ouvert',
  EN_ATTENTE_INFORMATIONS: 'En attente d’informations',
  RESOLU: 'Résolu',
  FERME: 'Fermé',
} satisfies Record<TicketStatus, string>;

export type TicketSide = 'emitter' | 'receiver';

const ticketTransitions: readonly { from: TicketStatus; to: TicketStatus; by: TicketSide }[] = [
  { from: 'BROUILLON', to: 'OUVERT', by: 'emitter' },
  { from: 'OUVERT', to: 'EN_ATTENTE_INFORMATIONS', by: 'receiver' },
  { from: 'OUVERT', to: 'RESOLU', by: 'receiver' },
  { from: 'EN_ATTENTE_INFORMATIONS', to: 'OUVERT', by: 'emitter' },
  { from: 'EN_ATTENTE_INFORMATIONS', to: 'RESOLU', by: 'receiver' },
  { from: 'RESOLU', to: 'FERME', by: 'emitter' },
  { from: 'RESOLU', to: 'OUVERT', by: 'emitter' },
  { from: 'OUVERT', to: 'FERME', by: 'emitter' },
  { from: 'EN_ATTENTE_INFORMATIONS', to: 'FERME', by: 'emitter' },
];

export function canMoveTicket(from: TicketStatus, to: TicketStatus, by: TicketSide): boolean {
  return ticketTransitions.some((t) => t.from === from && t.to === to && t.by === by);
}

export const ticketActions = ['comment', 'ask-information', 'resolve', 'answer', 'close', 'accept', 'reopen'] as const;
export type TicketAction = (typeof ticketActions)[number];

/**
 * What each action of a ticket's « Actions » does: who takes it (a comment, either side), from which
 * statuses, the status it leads to (a transition of the table above), whether a message is needed.
 * The API enforces it and the portal shows its buttons from it (issue 14: one list).
 */
export const ticketActionRules: Record<
  TicketAction,
  { side: TicketSide | 'both'; from: readonly TicketStatus[]; to: TicketStatus | null; needsBody: boolean }
> = {
  comment: { side: 'both', from: ['OUVERT', 'EN_ATTENTE_INFORMATIONS', 'RESOLU'], to: null, needsBody: true },
  'ask-information': { side: 'receiver', from: ['OUVERT'], to: 'EN_ATTENTE_INFORMATIONS', needsBody: true },
  resolve: { side: 'receiver', from: ['OUVERT', 'EN_ATTENTE_INFORMATIONS'], to: 'RESOLU', needsBody: true },
  answer: { side: 'emitter', from: ['EN_ATTENTE_INFORMATIONS'], to: 'OUVERT', needsBody: true },
  close: { side: 'emitter', from: ['OUVERT', 'EN_ATTENTE_INFORMATIONS', 'RESOLU'], to: 'FERME', needsBody: false },
  accept: { side: 'emitter', from: ['RESOLU'], to: 'FERME', needsBody: false },
  reopen: { side: 'emitter', from: ['RESOLU'], to: 'OUVERT', needsBody: true },
};

/** The actions one side may take on a ticket at its status, in the order of the table. */
export function allowedTicketActions(side: TicketSide, status: TicketStatus): TicketAction[] {
  return ticketActions.filter((a) => {
    const rule = ticketActionRules[a];
    return (rule.side === 'both' || rule.side === side) && rule.from.includes(status);
  });
}

/** Statuses in which the emitter is expected to act (« Actions requises »). */
export const emitterActionStatuses: readonly TicketStatus[] = ['EN_ATTENTE_INFORMATIONS', 'RESOLU'];
