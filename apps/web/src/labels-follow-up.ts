/**
 * « Factures émises » follow-up (issue 12): the Synthèse worklist and its actions, the returned
 * invoices (« A recycler », « Rejetée ») and the dialog shown at sign-in. The webinar's wording.
 */
export const summary = {
  title: 'Factures à traiter',
  intro:
    'Les factures qui attendent une action de votre part : brouillons à envoyer, factures suspendues à compléter, rejetées ou à recycler.',
  empty: 'Aucune facture n’attend d’action de votre part.',
  filters: 'Filtre',
  structure: 'Structure',
  allStructures: 'Tous',
  hideRejected: 'Masquer les factures rejetées depuis plus de 10 jours',
  instructor: 'Instructeur',
  instructorPlaceholder: 'Saisir un code',
  apply: 'Appliquer',
  reload: 'Recharger',
  count: (n: number, more = false) =>
    more
      ? `50 lignes par page (plus de ${n.toLocaleString('fr-FR')} lignes)`
      : `50 lignes par page (${n.toLocaleString('fr-FR')} ligne(s))`,
  caption: 'Factures à traiter',
  columns: {
    select: 'Sélection',
    depositedAt: 'Date de dépôt',
    recipient: 'Destinataires',
    number: 'Numéro',
    state: 'Etat courant',
    stateAt: 'Date de l’état courant',
    gross: 'Montant TTC',
    commitment: 'Numéro d’engagement',
    instructor: 'Instructeur',
  },
  selectRow: (number: string) => `Sélectionner la facture ${number}`,
  selectAll: 'Sélectionner toutes les factures de la page',
  instructorOf: (number: string) => `Instructeur de la facture ${number}`,
  instructorSaved: (number: string) => `Instructeur enregistré pour la facture ${number}.`,
  actions: 'Actions sur les factures sélectionnées',
  treatRejection: 'Traiter le rejet',
  download: 'Télécharger',
  remove: 'Supprimer',
  nothingSelected: 'Cochez d’abord une ou plusieurs factures.',
  onlyRejected: 'Seules les factures rejetées se traitent avec « Traiter le rejet » : cochez des factures rejetées.',
  treated: (n: number) => (n === 1 ? 'Le rejet de 1 facture a été traité.' : `Le rejet de ${n} factures a été traité.`),
  deleteWarning:
    'Attention : Il est impossible de supprimer une facture rejetée sur le portail Chorus Pro. Seule la suppression des brouillons est autorisée.',
  deleteTitle: 'Supprimer les brouillons',
  deleteConfirm: (n: number) =>
    n === 1 ? 'Supprimer définitivement 1 brouillon ?' : `Supprimer définitivement ${n} brouillons ?`,
  deleted: (n: number) => (n === 1 ? '1 brouillon a été supprimé.' : `${n} brouillons ont été supprimés.`),
  confirmDelete: 'Supprimer',
  downloadLink: (number: string) => `Télécharger la facture ${number}`,
  downloads: 'Factures à télécharger',
};

export const returned = {
  recycleTitle: 'Recycler la facture',
  recycleIntro:
    'Corrigez les coordonnées du destinataire (SIRET, code service et/ou numéro d’engagement), puis renvoyez la facture au bon destinataire : elle garde son numéro.',
  commitment: 'Numéro d’engagement',
  comment: 'Commentaire',
  recycle: 'Renvoyer la facture',
  recycled: 'La facture a été renvoyée : elle est en cours d’acheminement vers le destinataire corrigé.',
  rejectedTitle: 'Facture rejetée',
  rejectedIntro:
    'Le rejet est définitif : acquittez-vous du rejet (« Traiter le rejet »), puis éditez une nouvelle facture, par exemple en dupliquant celle-ci.',
  treatRejection: 'Traiter le rejet',
  treated: 'Le rejet a été traité : la facture ne figure plus dans la Synthèse.',
  treatedOn: (date: string) => `Rejet traité le ${date}.`,
  duplicate: 'Dupliquer',
  duplicateHint: 'Crée un nouveau brouillon avec l’en-tête, les lignes et les pièces jointes de cette facture.',
  duplicated: (number: string) =>
    `Le brouillon ${number} a été créé à partir de la facture : corrigez-le puis envoyez-le.`,
};

export const atSignIn = {
  title: 'Factures retournées par vos clients',
  intro: 'Ces factures attendent une action de votre part :',
  rejected: 'Rejetée',
  suspended: 'Suspendue',
  line: (number: string, state: string, recipient: string) => `Facture ${number} – ${state} – ${recipient}`,
  reason: (reason: string) => `Motif : ${reason}`,
  open: (number: string) => `Ouvrir la facture ${number}`,
  toSummary: 'Voir la Synthèse',
  later: 'Plus tard',
};

/** « Factures à traiter » of Factures reçues: the public entity's worklist and its actions on ticked rows. */
export const toProcess = {
  tab: 'Factures à traiter',
  title: 'Factures à traiter',
  intro:
    'Les factures mises à votre disposition que vous pouvez encore faire avancer, par service et par instructeur. Cochez-en plusieurs pour les traiter ensemble.',
  filters: 'Filtre des factures à traiter',
  structure: 'Structure',
  allStructures: 'Toutes mes structures',
  service: 'Service',
  allServices: 'Tous les services',
  empty: 'Aucune facture n’attend de traitement.',
  /** The worklist counts up to 1 000 (or the end of the page): past it, « plus de ». */
  count: (n: number, more: boolean) =>
    more
      ? `Plus de ${n.toLocaleString('fr-FR')} factures`
      : n === 1
        ? '1 facture'
        : `${n.toLocaleString('fr-FR')} factures`,
  caption: 'Factures reçues à traiter',
  columns: {
    depositedAt: 'Date de dépôt',
    supplier: 'Fournisseur',
    number: 'Numéro',
    service: 'Service exécutant',
    state: 'État courant',
    dueDate: 'Échéance',
    gross: 'Montant TTC',
    instructor: 'Instructeur',
  },
  bulkTitle: 'Traiter les factures cochées',
  selected: (n: number) =>
    n === 0 ? 'Aucune facture cochée.' : n === 1 ? '1 facture cochée.' : `${n} factures cochées.`,
  noCommonState:
    'Les factures cochées n’ont aucun état suivant en commun : cochez des factures au même stade de traitement.',
  submit: 'Appliquer aux factures cochées',
  moved: (n: number, state: string) =>
    n === 1 ? `1 facture est passée à l’état « ${state} ».` : `${n} factures sont passées à l’état « ${state} ».`,
  failed: (number: string, message: string) => `Facture ${number} : ${message}`,
  notMoved: (n: number) => (n === 1 ? '1 facture n’a pas changé d’état :' : `${n} factures n’ont pas changé d’état :`),
  rejectText: (n: number, reason: string) =>
    `Rejeter ${n === 1 ? '1 facture' : `${n} factures`} ? Le rejet est définitif : elles ne pourront plus être traitées. ` +
    `Motif communiqué au fournisseur : « ${reason} ».`,
};
