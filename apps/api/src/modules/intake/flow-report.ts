import { flowStateLabels, formatParisDateTime } from '@chorale/domain';
import type { FlowReport, ReportLine } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { PdfWriter } from '../invoices/pdf/pdf-layout.ts';
import { depositItems, flowFields, readableDeposit } from './deposit-results.ts';
import { chorale } from './report.ts';

/**
 * The report of a flow (« compte rendu de traitement »): per file, the invoice created with its
 * number, or the refusal with the reasons of its validation report. Built from the flow's entries
 * and the invoices as they are now (a draft sent since shows its final number).
 */
export async function flowReport(ctx: AppContext, userId: number, depositId: number): Promise<FlowReport> {
  const d = await readableDeposit(ctx, userId, depositId);
  const items = await depositItems(ctx.db, d.id);
  const ids = items.map((i) => i.invoiceId).filter((id): id is number => id !== null);
  const invoices = ids.length
    ? await ctx.db
        .selectFrom('invoices as i')
        .innerJoin('structures as s', 's.id', 'i.supplier_structure_id')
        .leftJoin('structures as r', 'r.id', 'i.recipient_structure_id')
        .select(['i.id', 'i.number', 'i.status', 's.identifier as supplier', 'r.identifier as recipient'])
        .where('i.id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const lines = items.map((item, index) => {
    const inv = item.invoiceId === null ? undefined : byId.get(item.invoiceId);
    const integrated = item.outcome !== 'REFUSEE';
    const errors: ReportLine[] = item.report.filter((l) => l.severity === 'fatal');
    if (!integrated)
      errors.push(chorale('CHORALE-REFUS', 'fatal', null, null, item.message.replace(/^Refusée : /, '')));
    for (const [field, message] of Object.entries(item.fields))
      if (integrated) errors.push(chorale(`CHORALE-CHAMP-${field}`, 'warning', null, null, message));
    return {
      position: index + 1,
      fileName: item.fileName,
      result: integrated ? ('INTEGREE' as const) : ('REFUSEE' as const),
      outcome: item.outcome,
      invoiceId: inv ? item.invoiceId : null,
      number: inv?.number ?? item.number ?? item.read?.number ?? null,
      draftNumber: item.draftNumber,
      supplierIdentifier: inv?.supplier ?? item.read?.supplierIdentifier ?? null,
      recipientIdentifier: inv?.recipient ?? item.read?.recipientIdentifier ?? null,
      message: item.message,
      errors,
    };
  });
  const refused = lines.filter((l) => l.result === 'REFUSEE').length;
  return {
    ...flowFields(d),
    fileName: d.file_name,
    summary: { total: lines.length, integrated: lines.length - refused, refused },
    error: d.error,
    invoices: lines,
  };
}

const MAX_REASONS = 8;

/** The same report as a PDF, to file or to hand over (`consulterCR` `fichierCR`, EDI `retour/`). */
export async function flowReportPdf(r: FlowReport): Promise<Uint8Array> {
  const w = await PdfWriter.create(
    `Compte rendu du flux ${r.flowNumber}`,
    `Compte rendu de traitement du flux n° ${r.flowNumber} – Chorale`,
  );
  w.text('COMPTE RENDU DE TRAITEMENT DU FLUX', { size: 15, bold: true });
  w.space(6);
  const rows: [string, string][] = [
    ['Numéro de flux', r.flowNumber],
    ['Fichier', r.fileName],
    ['Syntaxe du flux', r.syntax ?? 'PDF sans données structurées'],
    ['Reçu le', formatParisDateTime(r.receivedAt)],
    ['État', `${flowStateLabels[r.flowState]} (${r.flowState}), depuis le ${formatParisDateTime(r.flowStateAt)}`],
    [
      'Factures',
      `${r.summary.total} fichier${r.summary.total > 1 ? 's' : ''} : ${r.summary.integrated} intégré${r.summary.integrated > 1 ? 's' : ''}, ${r.summary.refused} refusé${r.summary.refused > 1 ? 's' : ''}`,
    ],
  ];
  if (r.error) rows.push(['Motif du rejet du flux', r.error]);
  for (const [k, v] of rows)
    w.row(
      [
        { text: k, x: 0, width: 140, bold: true },
        { text: v, x: 140, width: w.width - 140 },
      ],
      9.5,
    );
  if (r.invoices.length) {
    w.space(10);
    w.rule();
    w.row(
      [
        { text: 'N°', x: 0, width: 28, bold: true },
        { text: 'Fichier', x: 28, width: 130, bold: true },
        { text: 'Résultat', x: 158, width: 110, bold: true },
        { text: 'Facture, fournisseur → destinataire, motifs', x: 268, width: w.width - 268, bold: true },
      ],
      8.5,
    );
    w.rule();
    for (const inv of r.invoices) {
      const result =
        inv.result === 'REFUSEE'
          ? 'Refusée'
          : inv.outcome === 'ENVOYEE'
            ? 'Intégrée, envoyée'
            : 'Intégrée en brouillon';
      const parties = `${inv.supplierIdentifier ?? '?'} → ${inv.recipientIdentifier ?? '?'}`;
      const reasons = inv.errors.map((e) =>
        [
          e.rule.startsWith('CHORALE-') ? null : e.rule,
          e.term ? `${e.term}${e.value ? ` = ${e.value}` : ''}` : null,
          e.message,
        ]
          .filter(Boolean)
          .join(' – '),
      );
      const detail = [
        inv.number ? `Facture n° ${inv.number}` : inv.draftNumber ? `Brouillon ${inv.draftNumber}` : 'Numéro illisible',
        parties,
        // A row stays within a page: the full list is in the JSON report.
        ...(inv.result === 'REFUSEE' || inv.errors.length ? reasons.slice(0, MAX_REASONS) : [inv.message]),
        ...(reasons.length > MAX_REASONS ? [`… et ${reasons.length - MAX_REASONS} autres motifs (rapport JSON).`] : []),
      ].join('\n');
      w.row(
        [
          { text: String(inv.position), x: 0, width: 28 },
          { text: inv.fileName, x: 28, width: 130 },
          { text: result, x: 158, width: 110, bold: inv.result === 'REFUSEE' },
          { text: detail, x: 268, width: w.width - 268 },
        ],
        8.5,
      );
    }
  }
  return w.finish();
}
