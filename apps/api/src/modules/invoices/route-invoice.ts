import {
  addDays,
  businessDate,
  isDelivered,
  paymentPeriodDays,
  platformNextStep,
  type InvoiceStatus,
} from '@chorale/domain';
import { chainHash, preparedQuery, type Database } from '@chorale/db';
import { expressionBuilder, sql } from 'kysely';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { compilable, jsonIds, jsonRecords } from '../../platform/json-rows.ts';
import { enqueueAll, type QueuedJob } from '../../platform/outbox.ts';
import { webhookDeliveries, webhooksReached } from '../cpro/webhook-events.ts';
import { platformActor } from './invoice-history.ts';
import { statusMail } from './status-mails.ts';

/**
 * The platform's own steps after a deposit, run by the outbox worker, as the lifecycle table
 * gives them (DEPOSEE → EN_COURS_ACHEMINEMENT → MISE_A_DISPOSITION, the start of the payment
 * period). Each step is its own transaction and queues the next, so a crash in between resumes
 * where it stopped; a job whose invoice has moved on meanwhile does nothing.
 *
 * Issue 13: the worker gives a batch of routing jobs at once, in its transaction (which marks them
 * done): each invoice of the batch takes its next step as `applyStatusChange` would take it — the
 * write guarded by the status read, the « Suivi du traitement » row chained to the invoice's
 * last one, the status mail, the next routing job, the webhook deliveries and the EDI status
 * return — but in a handful of statements for the whole batch instead of about ten per invoice.
 * Any surprise (an invoice changed meanwhile, twice in one batch) fails the batch, and the worker
 * then routes its invoices one at a time.
 */
export async function routeInvoices(trx: Db, ctx: AppContext, payloads: { invoiceId: number }[]): Promise<void> {
  const ids = payloads.map((p) => p.invoiceId);
  if (new Set(ids).size !== ids.length) throw new Error('an invoice is twice in the routing batch');
  const now = isoNow(ctx);
  const steps = (await routingFacts.rows(trx, { ids: JSON.stringify(ids) }))
    .map((inv) => ({ inv, to: platformNextStep(inv.status as InvoiceStatus) }))
    .filter((s): s is { inv: RoutingFacts; to: InvoiceStatus } => s.to !== null)
    .sort((a, b) => a.inv.id - b.inv.id);
  if (!steps.length) return;
  const today = businessDate(new Date(now));
  const changes = steps.map(({ inv, to }) => ({
    id: inv.id,
    from: inv.status,
    to,
    due_date:
      to === 'MISE_A_DISPOSITION'
        ? addDays(
            today,
            paymentPeriodDays({
              paymentPeriodDays: inv.payment_period_days ?? null,
              publicHospital: inv.public_hospital === 1,
            }),
          )
        : null,
  }));
  // Invoice rows first: holding them, the history heads read next cannot move (every append to
  // an invoice's history writes its row first).
  const written = await writeSteps.rows(trx, { changes: JSON.stringify(changes), now });
  if (written.length !== steps.length) throw new AppError('CONFLICT', 'L’état d’une facture du lot vient de changer.');
  const listening = new Set(written.filter((w) => Boolean(w.webhooks_listen)).map((w) => Number(w.id)));
  const heads = new Map(
    (await historyHeads.rows(trx, { ids: JSON.stringify(steps.map((s) => s.inv.id)) })).map((h) => [
      Number(h.invoice_id),
      h.hash,
    ]),
  );
  const history = steps.map(({ inv, to }) => {
    const row = {
      invoice_id: inv.id,
      status: to,
      user_id: platformActor.userId,
      actor_label: platformActor.label,
      structure_label: platformActor.structure,
      comment: null,
      created_at: now,
    };
    const previous = heads.get(inv.id) ?? null;
    return { ...row, prev_hash: previous, hash: chainHash('invoice_history', previous, row) };
  });
  const historyIds = new Map(
    (await insertHistory.rows(trx, { rows: JSON.stringify(history) })).map((h) => [Number(h.invoice_id), Number(h.id)]),
  );
  const jobs: QueuedJob[] = [];
  for (const { inv, to } of steps) {
    const historyId = historyIds.get(inv.id)!;
    const facts = {
      invoice: inv,
      recipient: inv.recipient_identifier
        ? { identifier: inv.recipient_identifier, company_name: inv.recipient_name ?? '' }
        : undefined,
      creator: { contact_email: inv.contact_email, first_name: inv.first_name },
    };
    jobs.push({ kind: 'mail.send', payload: statusMail(ctx, facts, to, null) });
    if (platformNextStep(to)) jobs.push({ kind: 'invoice.route', payload: { invoiceId: inv.id } });
    if (listening.has(inv.id))
      jobs.push(
        ...(await webhookDeliveries(
          trx,
          ctx,
          [inv.supplier_structure_id, isDelivered(to) ? inv.recipient_structure_id : null],
          {
            id: `facture-${inv.id}-${historyId}`,
            type: 'facture.statut',
            occurredAt: now,
            data: {
              identifiantFactureCPP: inv.id,
              numeroFacture: inv.number ?? inv.draft_number,
              statut: to,
              statutPrecedent: inv.status,
              dateHeureEtatCourant: now,
              commentaire: null,
              idFournisseur: inv.supplier_structure_id,
              idDestinataire: inv.recipient_structure_id,
            },
          },
        )),
      );
    if (inv.deposit_mode === 'EDI') jobs.push({ kind: 'edi.status', payload: { invoiceId: inv.id, historyId } });
  }
  await enqueueAll(trx, ctx, jobs);
}

/** What a routing step reads of each invoice: its status, and what its mail and due date name. */
const routingFacts = preparedQuery((db, p: { ids: string }) =>
  db
    .selectFrom('invoices as i')
    .leftJoin('structures as r', 'r.id', 'i.recipient_structure_id')
    .innerJoin('users as u', 'u.id', 'i.created_by')
    .select([
      'i.id',
      'i.status',
      'i.number',
      'i.draft_number',
      'i.supplier_structure_id',
      'i.recipient_structure_id',
      'i.deposit_mode',
      'r.identifier as recipient_identifier',
      'r.company_name as recipient_name',
      'r.payment_period_days',
      'r.public_hospital',
      'u.contact_email',
      'u.first_name',
    ])
    .where('i.id', 'in', jsonIds(db, p.ids)),
);
type RoutingFacts = Awaited<ReturnType<typeof routingFacts.rows>>[number];

/**
 * The guarded writes of a batch's steps (`changes`: id, from, to, due_date), each as
 * `applyStatusChange` writes it; returns the rows written and whether a webhook listens (the
 * recipient's connections once the invoice is delivered to it).
 */
const writeSteps = preparedQuery((db, p: { changes: string; now: string }) =>
  compilable(
    db,
    sql<{ id: number; webhooks_listen: unknown }>`update invoices set
      status = c."to", status_at = ${p.now}, updated_at = ${p.now},
      made_available_at = case when c."to" = 'MISE_A_DISPOSITION' then ${p.now} else invoices.made_available_at end,
      due_date = case when c."to" = 'MISE_A_DISPOSITION' then c.due_date else invoices.due_date end
    from ${jsonRecords(db, p.changes, { id: 'int', from: 'text', to: 'text', due_date: 'text' }, 'c')}
    where invoices.id = c.id and invoices.status = c."from"
    returning invoices.id, ${webhooksReached(expressionBuilder<Database, 'invoices'>(), [
      sql.ref<number>('invoices.supplier_structure_id'),
      // The new status (SQLite's RETURNING sees the updated table only): delivered at « Mise à disposition ».
      sql<number | null>`case when invoices.status = 'MISE_A_DISPOSITION' then invoices.recipient_structure_id end`,
    ])} as webhooks_listen`,
  ),
);

/** The last « Suivi du traitement » row of each invoice (the heads the batch's rows chain to). */
const historyHeads = preparedQuery((db, p: { ids: string }) =>
  db
    .selectFrom('invoice_history')
    .select(['invoice_id', 'hash'])
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('invoice_history')
        .select((e) => e.fn.max('id').as('id'))
        .where('invoice_id', 'in', jsonIds(db, p.ids))
        .groupBy('invoice_id'),
    ),
);

const HISTORY_COLUMNS = {
  invoice_id: 'int',
  status: 'text',
  user_id: 'int',
  actor_label: 'text',
  structure_label: 'text',
  comment: 'text',
  created_at: 'text',
  prev_hash: 'text',
  hash: 'text',
} as const;

/** The batch's history rows in one insert; returns each row's id. */
const insertHistory = preparedQuery((db, p: { rows: string }) => {
  const columns = sql.join(Object.keys(HISTORY_COLUMNS).map((c) => sql.id(c)));
  const values = sql.join(Object.keys(HISTORY_COLUMNS).map((c) => sql.ref(`h.${c}`)));
  return compilable(
    db,
    sql<{ id: number; invoice_id: number }>`insert into invoice_history (${columns})
      select ${values} from ${jsonRecords(db, p.rows, HISTORY_COLUMNS, 'h')} order by h.invoice_id
      returning id, invoice_id`,
  );
});
