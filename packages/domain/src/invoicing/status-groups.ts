import type { InvoiceStatus } from './lifecycle.ts';

/**
 * The « État courant » filter of « Rechercher »: the statuses a supplier of ordinary invoices
 * meets (no validation circuit, no works invoice: Chorale has neither yet), grouped by who has the
 * invoice in hand and named in plain words. Picking a group searches all its statuses.
 */
export const statusGroups = [
  {
    key: 'A_TRAITER',
    label: 'À traiter de votre côté',
    statuses: ['BROUILLON', 'A_RECYCLER', 'SUSPENDUE', 'REJETEE'],
  },
  {
    key: 'EN_ROUTE',
    label: 'En cours d’envoi',
    statuses: ['DEPOSEE', 'EN_COURS_ACHEMINEMENT'],
  },
  {
    key: 'CHEZ_LE_DESTINATAIRE',
    label: 'Chez le destinataire',
    statuses: ['MISE_A_DISPOSITION', 'PRISE_EN_COMPTE_DESTINATAIRE', 'COMPLETEE', 'SERVICE_FAIT'],
  },
  {
    key: 'PAIEMENT',
    label: 'En paiement ou payée',
    statuses: ['MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'MISE_EN_PAIEMENT'],
  },
] as const satisfies readonly { key: string; label: string; statuses: readonly InvoiceStatus[] }[];

/** A plain-words hint beside each status of the filter (what it means for the supplier). */
export const statusHints: Partial<Record<InvoiceStatus, string>> = {
  BROUILLON: 'pas encore envoyée',
  A_RECYCLER: 'le destinataire demande de corriger SIRET, service ou engagement',
  SUSPENDUE: 'le destinataire attend une pièce ou un complément',
  REJETEE: 'refusée par le destinataire : émettre une nouvelle facture',
  DEPOSEE: 'reçue par la plateforme',
  EN_COURS_ACHEMINEMENT: 'en route vers le destinataire',
  MISE_A_DISPOSITION: 'arrivée chez le destinataire : le délai de paiement court',
  PRISE_EN_COMPTE_DESTINATAIRE: 'le destinataire l’a ouverte',
  COMPLETEE: 'complément envoyé au destinataire',
  SERVICE_FAIT: 'le destinataire atteste la livraison',
  MANDATEE: 'paiement ordonné',
  MISE_A_DISPOSITION_COMPTABLE: 'chez le comptable public',
  COMPTABILISEE: 'enregistrée par le comptable',
  MISE_EN_PAIEMENT: 'payée',
};
