import type { DelayBucket } from '@chorale/domain';

const plural = (n: number, one: string, many: string) =>
  n === 0 ? `Aucune ${one}` : n === 1 ? `1 ${one}` : `${n.toLocaleString('fr-FR')} ${many}`;

/** « Tableau de bord » of Factures émises and Factures reçues (issue 12). */
export const dashboard = {
  tab: 'Tableau de bord',
  title: 'Tableau de bord',
  intro: {
    issued: 'Vos factures émises classées par état et par mois de leur date, et celles qui attendent leur paiement.',
    received:
      'Les factures reçues dont le délai de paiement court, les plus urgentes d’abord, puis toutes les factures de la période par état et par mois.',
  },
  filters: 'Filtres du tableau de bord',
  structure: 'Structure',
  allStructures: 'Toutes mes structures',
  from: 'Période (date fournisseur) : du',
  to: 'au',
  apply: 'Afficher',
  period: (from: string, to: string) => `Période du ${from} au ${to}`,
  metric: 'Grandeur affichée',
  metricCount: 'Nombre de factures',
  metricAmount: 'Montant TTC (EUR)',
  chartNote:
    'Cliquez sur une barre pour voir ces factures dans « Rechercher ». Les données sont aussi dans le tableau.',
  chartLabel: (title: string) => `Graphique : ${title}. Les mêmes données figurent dans le tableau qui suit.`,
  count: 'Nombre',
  amount: 'Montant TTC',
  total: 'Total',
  none: 'Aucune facture sur cette période.',
  open: (n: number, what: string) => `Rechercher ${plural(n, 'facture', 'factures')} : ${what}`,
  delay: {
    title: 'Délai de paiement',
    caption: 'Factures dont le délai de paiement court, par échéance (toutes périodes)',
    column: 'Échéance',
    buckets: {
      LATE: 'En retard',
      DUE_SOON: 'Échéance dans 5 jours au plus',
      ON_TIME: 'Dans les délais',
    } satisfies Record<DelayBucket, string>,
    urgentTitle: 'Factures en retard ou à échéance proche',
    urgentCaption: 'Les factures en retard ou à échéance proche, la plus ancienne échéance d’abord',
    urgentNone: 'Aucune facture n’est en retard ni proche de son échéance.',
    seeAllLate: 'Voir toutes les factures en retard',
    dueDate: 'Échéance',
    situation: 'Situation',
    daysLeft: (n: number) =>
      n === 0 ? 'Échéance aujourd’hui' : `${n} jour${n > 1 ? 's' : ''} restant${n > 1 ? 's' : ''}`,
  },
  byStatus: {
    title: 'Factures par état',
    caption: 'Nombre et montant TTC des factures de la période, par état courant',
    column: 'État courant',
  },
  byMonth: {
    title: 'Factures par mois',
    caption: 'Nombre de factures de la période, par mois de la date fournisseur et par groupe d’états',
    column: 'Mois',
    other: 'Autres états',
  },
};
