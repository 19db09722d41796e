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
import { compilable, isPostgres, jsonIds, jsonRecords } from '../../platform/json-rows.ts';
import { enqueueAll, type QueuedJob } from '../../platform/outbox.ts';
import { webhookDeliveries, webhooksReached } from '../cpro/webhook-events.ts';
import { platformActor } from './invoice-history.ts';

/**
 * The platform's own steps after a deposit, run by the outbox worker, as the lifecycle table
 * gives them (DEPOSEE → EN_COURS_ACHEMINEMENT → MISE_A_DISPOSITION, the start of the payment
 * period). One routing job takes an invoice through every step the platform takes by itself, in
 * one transaction: each step has its « Suivi du traitement » row (chained, in order), its status
 * mail, its webhook deliveries and its EDI status return, as `applyStatusChange` would give them,
 * but the invoice row is written once, with its last status (issue 13: a status change rewrites
 * the row and each of its 13 indexes on PostgreSQL; two steps, two jobs and two transactions per
 * invoice were half the routing's cost). A crash before the commit leaves the invoice where it was
 * and its job pending; after it, nothing runs again. A job whose invoice has moved on meanwhile
 * does nothing; an invoice sent back to « En cours d'acheminement » (recycled) takes the last step.
 *
 * The worker gives a batch of routing jobs at once, in its transaction (which marks them done):
 * a handful of statements for the whole batch instead of about ten per invoice and step. Any
 * surprise (an invoice changed meanwhile, twice in one batch) fails the batch, and the worker then
 * routes its invoices one at a time.
 */
export async function routeInvoices(trx: Db, ctx: AppContext, payloads: { invoiceId: number }[]): Promise<void> {
  const ids = payloads.map((p) => p.invoiceId);
  if (new Set(ids).size !== ids.length) throw new Error('an invoice is twice in the routing batch');
  const now = isoNow(ctx);
  const routes = (await routingFacts.rows(trx, { ids: JSON.stringify(ids) }))
    .map((inv) => ({ inv, steps: platformSteps(inv.status as InvoiceStatus) }))
    .filter((r) => r.steps.length > 0)
    .sort((a, b) => a.inv.id - b.inv.id);
  if (!routes.length) return;
  const today = businessDate(new Date(now));
  const changes = routes.map(({ inv, steps }) => {
    const to = steps.at(-1)!;
    return {
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
    };
  });
  // Invoice rows first: holding them, the history heads read next cannot move (every append to
  // an invoice's history writes its row first).
  const written = await writeSteps.rows(trx, { changes: JSON.stringify(changes), now });
  if (written.length !== routes.length) throw new AppError('CONFLICT', 'L’état d’une facture du lot vient de changer.');
  const listening = new Set(written.filter((w) => Boolean(w.webhooks_listen)).map((w) => Number(w.id)));
  const heads = new Map(
    (await historyHeads.rows(trx, { ids: JSON.stringify(routes.map((r) => r.inv.id)) })).map((h) => [
      Number(h.invoice_id),
      h.hash,
    ]),
  );
  // One row per step, each chained to the one before it; `seq` orders an invoice's rows (their ids).
  const history = routes.flatMap(({ inv, steps }) => {
    let previous = heads.get(inv.id) ?? null;
    return steps.map((to, seq) => {
      const row = {
        invoice_id: inv.id,
        status: to,
        user_id: platformActor.userId,
        actor_label: platformActor.label,
        structure_label: platformActor.structure,
        comment: null,
        created_at: now,
      };
      const prev_hash = previous;
      previous = chainHash('invoice_history', prev_hash, row);
      return { ...row, prev_hash, hash: previous, seq };
    });
  });
  const historyIds = new Map(
    (await insertHistory.rows(trx, { rows: JSON.stringify(history) })).map((h) => [
      `${Number(h.invoice_id)} ${h.status}`,
      Number(h.id),
    ]),
  );
  const jobs: QueuedJob[] = [];
  for (const { inv, steps } of routes) {
    let from = inv.status;
    for (const to of steps) {
      const historyId = historyIds.get(`${inv.id} ${to}`)!;
      jobs.push({ kind: 'mail.invoice-status', payload: { invoiceId: inv.id, status: to, reason: null } });
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
                statutPrecedent: from,
                dateHeureEtatCourant: now,
                commentaire: null,
                idFournisseur: inv.supplier_structure_id,
                idDestinataire: inv.recipient_structure_id,
              },
            },
          )),
        );
      if (inv.deposit_mode === 'EDI') jobs.push({ kind: 'edi.status', payload: { invoiceId: inv.id, historyId } });
      from = to;
    }
  }
  await enqueueAll(trx, ctx, jobs);
}

/** The steps the platform takes by itself from `from`, in order (none when it waits for a person). */
export function platformSteps(from: InvoiceStatus): InvoiceStatus[] {
  const steps: InvoiceStatus[] = [];
  for (let to = platformNextStep(from); to && !steps.includes(to); to = platformNextStep(to)) steps.push(to);
  return steps;
}

/** What a routing step reads of each invoice: its status, and what its webhook event and due date name. */
const routingFacts = preparedQuery((db, p: { ids: string }) =>
  db
    .selectFrom('invoices as i')
    .leftJoin('structures as r', 'r.id', 'i.recipient_structure_id')
    .select([
      'i.id',
      'i.status',
      'i.number',
      'i.draft_number',
      'i.supplier_structure_id',
      'i.recipient_structure_id',
      'i.deposit_mode',
      'r.payment_period_days',
      'r.public_hospital',
    ])
    .where('i.id', 'in', jsonIds(db, p.ids)),
);

/**
 * The guarded writes of a batch (`changes`: id, from, the last step's status as `to`, due_date),
 * each as `applyStatusChange` writes it, once per invoice; returns the rows written and whether a
 * webhook listens (the recipient's connections once the invoice is delivered to it).
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

/**
 * The last « Suivi du traitement » row of each invoice (the heads the batch's rows chain to). On
 * PostgreSQL, one backward probe of `invoice_history_invoice` per invoice (LATERAL … LIMIT 1),
 * whatever the table's statistics. Written as `id in (select max(id) … group by invoice_id)`, the
 * plan PostgreSQL cached for the prepared statement on a young table was two sequential scans of
 * the whole table, kept while it grew (auto_explain during the bench: 2.8 ms a batch after 10 s of
 * load, 5 to 7 ms at 27,000 rows, where the probes take ~0.15 ms).
 */
const historyHeads = preparedQuery((db, p: { ids: string }) =>
  isPostgres(db)
    ? compilable(
        db,
        sql<{ invoice_id: number; hash: string | null }>`select h.invoice_id, h.hash
          from json_array_elements_text(${p.ids}::json) as ids(v)
          cross join lateral (
            select invoice_id, hash from invoice_history where invoice_id = ids.v::int order by id desc limit 1
          ) as h`,
      )
    : db
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

/** The batch's history rows in one insert, each invoice's in step order (`seq`); returns each row's id. */
const insertHistory = preparedQuery((db, p: { rows: string }) => {
  const columns = sql.join(Object.keys(HISTORY_COLUMNS).map((c) => sql.id(c)));
  const values = sql.join(Object.keys(HISTORY_COLUMNS).map((c) => sql.ref(`h.${c}`)));
  return compilable(
    db,
    sql<{ id: number; invoice_id: number; status: string }>`insert into invoice_history (${columns})
      select ${values} from ${jsonRecords(db, p.rows, { ...HISTORY_COLUMNS, seq: 'int' }, 'h')}
      order by h.invoice_id, h.seq
      returning id, invoice_id, status`,
  );
});
