import {
  addDays,
  businessDate,
  canTransition,
  isDelivered,
  paymentPeriodDays,
  platformNextStep,
  type Actor,
  type InvoiceStatus,
} from '@chorale/domain';
import { preparedQuery, type Database } from '@chorale/db';
import type { Selectable } from 'kysely';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueueAll, type QueuedJob } from '../../platform/outbox.ts';
import { webhookDeliveries, webhooksReached } from '../cpro/webhook-events.ts';
import { recordStatuses, type HistoryActor, type PendingStatus } from './invoice-history.ts';

export interface StatusChange {
  to: InvoiceStatus;
  by: Actor;
  actor: HistoryActor;
  comment?: string | null;
  /** The final number, given at the deposit in the same write as the status. */
  number?: string;
  /** Said to the user when another request changed the invoice first. */
  conflictMessage?: string;
  /** The instant of the change, when the caller sealed something with it (default: now). */
  at?: string;
  /** The deposit certificate, written with the deposit. */
  certificate?: string;
  /**
   * The hash of the last « Suivi du traitement » row, when the caller read it after holding the
   * invoice row (every change writes that row first, so no other append can come between).
   */
  historyHead?: string | null;
  /** Rows of « Suivi du traitement » due before this change's own, written with it in one insert. */
  historyBefore?: PendingStatus[];
}

/**
 * The one way an invoice changes status, inside the caller's transaction: the transition table
 * decides, the write itself is guarded by the status read (two concurrent changes cannot both
 * land), then the « Suivi du traitement » row, the mails and, when the platform has a next step
 * from the new status, the routing job, and the deliveries to the webhooks of the connections of
 * its supplier and recipient (mails and jobs in one insert). Returns the instant of the change, the
 * invoice row and the history row as written.
 */
export async function applyStatusChange(
  trx: Db,
  ctx: AppContext,
  inv: { id: number; status: InvoiceStatus },
  change: StatusChange,
) {
  const { row, at } = await writeStatusChange(trx, ctx, inv, change);
  return recordStatusChange(trx, ctx, inv.status, row, { ...change, at });
}

/**
 * applyStatusChange's first half: the transition decided and the guarded write of the status.
 * Returns the invoice as written (with whether a webhook listens) and the instant of the change,
 * for recordStatusChange.
 */
export async function writeStatusChange(
  trx: Db,
  ctx: AppContext,
  inv: { id: number; status: InvoiceStatus },
  change: StatusChange,
) {
  const conflict = () =>
    new AppError('CONFLICT', change.conflictMessage ?? 'L’état de la facture vient de changer : rechargez la page.');
  if (!canTransition(inv.status, change.to, change.by)) throw conflict();
  const now = change.at ?? isoNow(ctx);
  const dueDate = change.to === 'MISE_A_DISPOSITION' ? await dueDateFrom(trx, inv.id, now) : undefined;
  const variant = [
    change.to,
    change.number !== undefined ? 'number' : '',
    change.certificate !== undefined ? 'certificate' : '',
  ].join(':') as StatusWrite;
  const row = await writeStatus.first(
    trx,
    {
      id: inv.id,
      from: inv.status,
      to: change.to,
      now,
      number: change.number ?? null,
      certificate: change.certificate ?? null,
      dueDate: dueDate ?? null,
    },
    variant,
  );
  if (!row) throw conflict();
  return { row, at: now };
}

/**
 * Whether recordStatusChange issues all its writes at once, none waiting for the answer of
 * another: no webhook listens (its deliveries name the history row) and the invoice did not come
 * by EDI (its status return does). Only then may they go out with the COMMIT (lastStatements).
 */
export const writesAtOnce = (row: { webhooks_listen: unknown; deposit_mode: string | null }) =>
  !row.webhooks_listen && row.deposit_mode !== 'EDI';

/**
 * What follows the write of a new status, whichever statement wrote it (`row`: the invoice as
 * written, with whether a webhook listens): the « Suivi du traitement » rows, the mails, the next
 * routing job, the webhook deliveries and the EDI status return. applyStatusChange's second half;
 * a complete invoice sent in one call, inserted already deposited, takes it too (submit-invoice.ts).
 */
export async function recordStatusChange(
  trx: Db,
  ctx: AppContext,
  from: InvoiceStatus,
  row: Selectable<Database['invoices']> & { webhooks_listen: unknown },
  change: StatusChange & { at: string },
) {
  const inv = { id: row.id, status: from };
  const now = change.at;
  const { webhooks_listen: webhooksListen, ...updated } = row;
  const comment = change.comment ?? null;
  const historyWritten = recordStatuses(
    trx,
    inv.id,
    [...(change.historyBefore ?? []), { status: change.to, actor: change.actor, comment, at: now }],
    { previous: change.historyHead },
  );
  // The supplier's contact hears of each change; the mail is composed when it is sent.
  const jobs: QueuedJob[] = [
    { kind: 'mail.invoice-status', payload: { invoiceId: inv.id, status: change.to, reason: comment } },
  ];
  if (platformNextStep(change.to)) jobs.push({ kind: 'invoice.route', payload: { invoiceId: inv.id } });
  // Jobs that name the history row wait for it; the others are sent with it (one round trip on
  // PostgreSQL; a failure of either fails the transaction whole, see pipelined-transactions.ts).
  if (writesAtOnce(row)) {
    const [written] = await Promise.all([historyWritten, enqueueAll(trx, ctx, jobs)]);
    return { at: now, invoice: updated, history: written.at(-1)!, historyBefore: written.slice(0, -1) };
  }
  const written = await historyWritten;
  const history = written.at(-1)!;
  if (webhooksListen)
    jobs.push(
      ...(await webhookDeliveries(
        trx,
        ctx,
        [updated.supplier_structure_id, isDelivered(change.to) ? updated.recipient_structure_id : null],
        {
          id: `facture-${inv.id}-${history.id}`,
          type: 'facture.statut',
          occurredAt: now,
          data: {
            identifiantFactureCPP: inv.id,
            numeroFacture: updated.number ?? updated.draft_number,
            statut: change.to,
            statutPrecedent: inv.status,
            dateHeureEtatCourant: now,
            commentaire: comment,
            idFournisseur: updated.supplier_structure_id,
            idDestinataire: updated.recipient_structure_id,
          },
        },
      )),
    );
  // An invoice deposited by SFTP (mode EDI) gets its status return in the account's retour/.
  if (updated.deposit_mode === 'EDI')
    jobs.push({ kind: 'edi.status', payload: { invoiceId: inv.id, historyId: history.id } });
  await enqueueAll(trx, ctx, jobs);
  return { at: now, invoice: updated, history, historyBefore: written.slice(0, -1) };
}

/** `status:number?:certificate?`: which columns a status change writes besides the status. */
type StatusWrite = `${InvoiceStatus}:${'' | 'number'}:${'' | 'certificate'}`;

interface StatusWriteParams {
  id: number;
  from: InvoiceStatus;
  to: InvoiceStatus;
  now: string;
  number: string | null;
  certificate: string | null;
  dueDate: string | null;
}

/**
 * The guarded write of a status change, prepared per variant. Whether a webhook listens (rarely):
 * the change then queues its deliveries. The recipient's connections hear of the invoice once it
 * reaches them, as their users see it.
 */
const writeStatus = preparedQuery((db, p: StatusWriteParams, variant: StatusWrite) => {
  const [to, number, certificate] = variant.split(':') as [InvoiceStatus, string, string];
  return db
    .updateTable('invoices')
    .set({
      status: p.to,
      status_at: p.now,
      updated_at: p.now,
      ...(number ? { number: p.number } : {}),
      ...(to === 'DEPOSEE' ? { deposited_at: p.now } : {}),
      ...(to === 'MISE_A_DISPOSITION' ? { made_available_at: p.now, due_date: p.dueDate } : {}),
      ...(certificate ? { certificate: p.certificate } : {}),
    })
    .where('id', '=', p.id)
    .where('status', '=', p.from)
    .returningAll()
    .returning((eb) =>
      webhooksReached(eb, [
        eb.ref('invoices.supplier_structure_id'),
        ...(isDelivered(to) ? [eb.ref('invoices.recipient_structure_id')] : []),
      ]).as('webhooks_listen'),
    );
});

/**
 * The due date an invoice gets when it reaches its recipient: the payment period (DGP) runs from
 * « Mise à disposition », for the number of days the recipient structure's setting gives.
 */
async function dueDateFrom(trx: Db, invoiceId: number, now: string): Promise<string> {
  const r = await recipientPaymentTerms.first(trx, { id: invoiceId });
  const days = paymentPeriodDays({
    paymentPeriodDays: r?.payment_period_days ?? null,
    publicHospital: r?.public_hospital === 1,
  });
  return addDays(businessDate(new Date(now)), days);
}

const recipientPaymentTerms = preparedQuery((db, p: { id: number }) =>
  db
    .selectFrom('invoices as i')
    .leftJoin('structures as s', 's.id', 'i.recipient_structure_id')
    .select(['s.payment_period_days', 's.public_hospital'])
    .where('i.id', '=', p.id),
);
