import { cproDate } from '../cpro/envelope.ts';
import { invoiceStatusLabels, flowNumberOf } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { detailedFlowReport } from '../intake/cpro-flows.ts';
import { flowReport, flowReportPdf } from '../intake/flow-report.ts';
import { writeReturnFile } from './return-files.ts';

/**
 * The outbox jobs that fill `retour/` (issue 11). Both are queued in the transaction of the change
 * they report (the flow's final state, an invoice's status change), so a crash loses none; each
 * file has a fixed name, so a job run twice writes nothing twice.
 */

/** 2026-12-01T12:34:56.789Z → 20261201T123456Z: file names sort by time. */
export const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

async function accountOfUser(ctx: AppContext, userId: number) {
  return ctx.db
    .selectFrom('cpro_technical_accounts')
    .select(['id', 'login'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** `edi.report`: the flow's report, PDF and JSON (`CR_<numeroFluxDepot>.pdf|json`), once it is final. */
export async function writeFlowReports(ctx: AppContext, { depositId }: { depositId: number }): Promise<void> {
  const d = await ctx.db
    .selectFrom('deposits')
    .select(['user_id', 'channel'])
    .where('id', '=', depositId)
    .executeTakeFirst();
  const account = d?.channel === 'EDI' ? await accountOfUser(ctx, d.user_id) : undefined;
  if (!d || !account) return;
  const r = await flowReport(ctx, d.user_id, depositId);
  const pdf = Buffer.from(await flowReportPdf(r));
  const report = {
    type: 'COMPTE_RENDU_FLUX',
    // consulterCR's fields, without fichierCR (the PDF beside this file)…
    etatCourantFlux: r.flowState,
    dateHeureEtatCourantFlux: r.flowStateAt,
    nomFichierFlux: r.fileName,
    codeInterfaceFlux: r.syntax ?? '',
    designationPartenaire: account.login,
    // … then consulterCRDetaille's.
    ...detailedFlowReport(r),
    nombreFactures: r.summary.total,
    nombreFacturesIntegrees: r.summary.integrated,
    nombreFacturesRefusees: r.summary.refused,
  };
  await ctx.db.transaction().execute(async (trx) => {
    const file = { accountId: account.id, depositId };
    await writeReturnFile(ctx, trx, { ...file, name: `CR_${r.flowNumber}.pdf`, kind: 'RAPPORT_PDF', bytes: pdf });
    await writeReturnFile(ctx, trx, {
      ...file,
      name: `CR_${r.flowNumber}.json`,
      kind: 'RAPPORT_JSON',
      bytes: json(report),
    });
  });
}

/**
 * `edi.status`: a status return (`STATUT_<instant>_<invoice>_<change>_<status>.json`) for each status
 * change of an invoice that came in an EDI flow, for supplier software that reads statuses back.
 */
export async function writeStatusReturn(
  ctx: AppContext,
  { invoiceId, historyId }: { invoiceId: number; historyId: number },
): Promise<void> {
  const row = await ctx.db
    .selectFrom('invoice_history as h')
    .innerJoin('invoices as i', 'i.id', 'h.invoice_id')
    .innerJoin('structures as s', 's.id', 'i.supplier_structure_id')
    .leftJoin('structures as r', 'r.id', 'i.recipient_structure_id')
    .innerJoin('deposit_entries as e', 'e.invoice_id', 'i.id')
    .innerJoin('deposits as d', 'd.id', 'e.deposit_id')
    .select([
      'h.status',
      'h.comment',
      'h.created_at',
      'i.number',
      's.identifier as supplier',
      'r.identifier as recipient',
      'd.id as depositId',
      'd.created_at as receivedAt',
      'd.file_name',
      'd.user_id',
      'd.channel',
    ])
    .where('h.id', '=', historyId)
    .where('h.invoice_id', '=', invoiceId)
    .executeTakeFirst();
  const account = row?.channel === 'EDI' ? await accountOfUser(ctx, row.user_id) : undefined;
  if (!row || !account) return;
  const document = {
    type: 'STATUT_FACTURE',
    numeroFluxDepot: flowNumberOf(row.depositId, row.receivedAt),
    nomFichierFlux: row.file_name,
    identifiantFactureCPP: invoiceId,
    numeroFacture: row.number,
    identifiantFournisseur: row.supplier,
    identifiantDestinataire: row.recipient,
    statut: row.status,
    libelleStatut: invoiceStatusLabels[row.status],
    dateStatut: cproDate(row.created_at),
    dateHeureStatut: row.created_at,
    commentaire: row.comment,
  };
  await writeReturnFile(ctx, ctx.db, {
    accountId: account.id,
    name: `STATUT_${stamp(row.created_at)}_${invoiceId}_${historyId}_${row.status}.json`,
    kind: 'STATUT',
    bytes: json(document),
    depositId: row.depositId,
    invoiceId,
  });
}
