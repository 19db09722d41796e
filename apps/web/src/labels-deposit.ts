/** French wording of « Déposer facture » (webinar « Déposer une facture (1/6) … (6/6) »). */

export type DepositFormatCode = 'PDF_NON_SIGNE' | 'FACTURX' | 'UBL' | 'CII';

export const depositFormatLabels: Record<DepositFormatCode, string> = {
  PDF_NON_SIGNE: 'PDF non signé',
  FACTURX: 'Factur-X (PDF avec données structurées)',
  UBL: 'XML UBL',
  CII: 'XML CII',
};

export const depositModeLabels: Record<string, string> = {
  SAISIE_PORTAIL: 'SAISIE_PORTAIL',
  DEPOT_PDF_PORTAIL: 'DEPOT_PDF_PORTAIL',
  UPLOAD_PORTAIL: 'UPLOAD_PORTAIL',
};

export const deposit = {
  tab: 'Déposer facture',
  title: 'Déposer facture',
  newTitle: 'Dépôt d’une nouvelle facture',
  required: 'Les champs suivis d’un * sont obligatoires',
  file: 'Choix du fichier à importer',
  fileHint:
    'En cas de PDF ou XML, le format de dépôt est automatiquement détecté. Fichiers acceptés : .pdf, .xml (10 Mo au plus), lot .zip ou .tar.gz de factures XML ou Factur-X (30 Mo, 500 factures au plus).',
  fileRequired: 'Choisissez le fichier de la facture à importer.',
  fileExtension: (ext: string) =>
    `L’extension « ${ext} » n’est pas acceptée : déposez un fichier .pdf, .xml, .zip ou .tar.gz.`,
  fileTooBig: (max: number) => `Le fichier dépasse ${max} Mo : il ne peut pas être déposé.`,
  structure: 'Structure',
  structureHint: 'La structure au nom de laquelle vous déposez la facture (lue dans le fichier s’il l’indique).',
  chooseStructure: 'Lue dans le fichier',
  submit: 'Déposer',
  uploading: 'Envoi du fichier…',
  reading: 'Lecture du fichier',
  readingStage: (progress: number, stage: string) => `${progress} % — ${stage || 'Lecture du fichier…'}`,
  failed: 'Le fichier n’a pas pu être déposé.',
  refused: (file: string) => `Le fichier ${file} a été refusé : aucune facture n’a été créée.`,
  created: (number: string) => `La facture ${number} a été créée en brouillon à partir du fichier déposé.`,
  formatTitle: 'Format de dépôt',
  formatLabel: 'Format de dépôt',
  modeLabel: 'Mode de dépôt',
  original: 'Fichier déposé',
  originalCaption: 'Fichier déposé (original de la facture)',
  originalName: 'Nom du fichier',
  originalSize: 'Taille',
  originalFingerprint: 'Empreinte SHA-256',
  download: 'Télécharger le fichier déposé',
  complementary: 'Informations complémentaires',
  structuredNote:
    'Les données de la facture sont celles du fichier déposé : seuls le cadre de facturation, le service, les références bancaires, les pièces jointes (et, si le fichier ne les indique pas, le code service du destinataire et le numéro d’engagement) peuvent être complétés.',
  ocrNote:
    'Les champs bleutés ont été remplis automatiquement à partir du fichier (reconnaissance de caractères) : vérifiez qu’ils sont correctement remplis.',
  toCheck: 'Valeur lue dans le fichier : à vérifier',
  toCheckBank: (iban: string) => `IBAN lu dans le fichier : ${iban}. À vérifier`,
  fileData: 'Données lues dans le fichier',
  recipientState: 'Le destinataire est-il l’État ?',
  recipientName: 'Raison sociale',
  recipientSiret: 'SIRET',
  serviceCode: 'Code service',
  amounts: {
    title: 'Montants totaux',
    net: 'Montant HT',
    vat: 'Montant TVA',
    gross: 'Montant TTC',
    netPayable: 'Net à payer',
    vatDetail: 'Saisir le détail de la TVA',
    vatDetailHint: 'Facultatif',
    vatCaption: 'Détail de la TVA',
    rate: 'Taux de TVA (%)',
    base: 'Montant HT (base)',
    vatAmount: 'Montant TVA',
    addRate: 'Ajouter un taux',
    removeRate: (n: number) => `Retirer le taux ${n}`,
    rowLabel: (label: string, n: number) => `${label}, taux ${n}`,
  },
  buttons: {
    newDeposit: 'Nouveau dépôt',
    remove: 'Supprimer',
    save: 'Enregistrer',
    send: 'Valider et envoyer',
  },
  deleteConfirm: 'Supprimer définitivement ce brouillon déposé ?',
  saved: 'Les modifications de la facture ont été enregistrées.',
  blocked: (n: number) =>
    n === 1
      ? 'La facture ne peut pas être envoyée : le rapport de validation signale 1 erreur bloquante. Déposez un fichier corrigé.'
      : `La facture ne peut pas être envoyée : le rapport de validation signale ${n} erreurs bloquantes. Déposez un fichier corrigé.`,
  report: {
    title: 'Rapport de validation',
    caption: 'Règles non respectées par le fichier déposé',
    none: 'Le fichier respecte toutes les règles de la norme EN 16931 vérifiées.',
    summary: (fatal: number, warnings: number) => `${fatal} erreur(s) bloquante(s), ${warnings} avertissement(s).`,
    severity: 'Gravité',
    fatal: 'Bloquante',
    warning: 'Avertissement',
    rule: 'Règle',
    term: 'Donnée métier',
    value: 'Valeur',
    location: 'Emplacement dans le fichier',
    message: 'Message',
  },
  batch: {
    title: 'Rapport de dépôt du lot',
    caption: 'Résultat de chaque facture du lot',
    summary: (total: number, drafts: number, sent: number, refused: number) =>
      `${total} fichier(s) : ${drafts} brouillon(s) créé(s), ${sent} facture(s) envoyée(s), ${refused} refusé(s).`,
    sendAll: 'Envoyer les factures sans erreur bloquante dès le dépôt',
    file: 'Fichier',
    format: 'Format',
    outcome: 'Résultat',
    number: 'Facture',
    details: 'Détail',
    open: (number: string) => `Ouvrir la facture ${number}`,
    reportOf: (file: string) => `Rapport de validation de ${file}`,
    outcomes: { BROUILLON: 'Brouillon créé', ENVOYEE: 'Envoyée', REFUSEE: 'Refusée' } as Record<string, string>,
  },
};
