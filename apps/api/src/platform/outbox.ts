import { preparedQuery } from '@chorale/db';
import type { InvoiceStatus } from '@chorale/domain';
import { sql } from 'kysely';
import type { AppContext, Db } from './context.ts';
import { isoNow } from './context.ts';
import { compilable, jsonRecords } from './json-rows.ts';

export interface OutboxJobKinds {
  'mail.send': { to: string; subject: string; text: string; html: string };
  /**
   * The mail of an invoice's status change, composed when sent (status-mails.ts): a few bytes in
   * the queue instead of the mail (issue 13). `reason`: the comment of the change, if any.
   */
  'mail.invoice-status': { invoiceId: number; status: InvoiceStatus; reason: string | null };
  'invoice.route': { invoiceId: number };
  /** Reads a deposited file or batch (« Déposer facture », a flow), OCR included; resumes after a crash. */
  'intake.read': { depositId: number };
  /** 15 days before a technical password expires (queued with it, due then): one mail to the managers. */
  'cpro.password-reminder': { accountId: number; expiresAt: string };
  /** Pushes one webhook delivery (cpro/webhook-delivery.ts); each attempt is logged. */
  'webhook.deliver': { deliveryId: number; webhookId: number };
  /** Mode EDI (issue 11): a final flow's reports, written to the SFTP account's retour/. */
  'edi.report': { depositId: number };
  /** Mode EDI: a status change of an invoice deposited by SFTP, written to retour/. */
  'edi.status': { invoiceId: number; historyId: number };
}
export type OutboxJobKind = keyof OutboxJobKinds;

/** Queues a side effect in the caller's transaction: it exists only if the change commits. */
export async function enqueue<K extends OutboxJobKind>(
  trx: Db,
  ctx: Pick<AppContext, 'now'>,
  kind: K,
  payload: OutboxJobKinds[K],
): Promise<void> {
  await enqueueAll(trx, ctx, [{ kind, payload } as QueuedJob]);
}

export type QueuedJob = {
  [K in OutboxJobKind]: { kind: K; payload: OutboxJobKinds[K]; /** ISO instant; default now. */ runAfter?: string };
}[OutboxJobKind];

/** Several side effects queued by one statement (issue 13: one multi-row insert per change). */
export async function enqueueAll(trx: Db, ctx: Pick<AppContext, 'now'>, jobs: QueuedJob[]): Promise<void> {
  if (!jobs.length) return;
  const now = isoNow(ctx);
  if (jobs.length > 4) {
    // A batch's follow-ups: the rows as one JSON parameter, one statement text whatever their number.
    const rows = jobs.map((job) => ({
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      run_after: job.runAfter && job.runAfter > now ? job.runAfter : now,
    }));
    await insertJobRows.execute(trx, { rows: JSON.stringify(rows), now });
    return;
  }
  const values: Record<string, string> = { now };
  jobs.forEach((job, i) => {
    values[`kind${i}`] = job.kind;
    values[`payload${i}`] = JSON.stringify(job.payload);
    values[`runAfter${i}`] = job.runAfter && job.runAfter > now ? job.runAfter : now;
  });
  await insertJobs.execute(trx, values, String(jobs.length));
}

/** `count` jobs in one insert (the variant is the count: a status change queues one to four). */
const insertJobs = preparedQuery((db, p: Record<string, string>, count: string) =>
  db.insertInto('outbox_jobs').values(
    Array.from({ length: Number(count) }, (_, i) => ({
      kind: p[`kind${i}`]!,
      payload: p[`payload${i}`]!,
      status: 'pending',
      attempts: 0,
      run_after: p[`runAfter${i}`]!,
      created_at: p.now!,
    })),
  ),
);

const insertJobRows = preparedQuery((db, p: { rows: string; now: string }) =>
  compilable(
    db,
    sql`insert into outbox_jobs (kind, payload, status, attempts, run_after, created_at)
      select j.kind, j.payload, 'pending', 0, j.run_after, ${p.now}
      from ${jsonRecords(db, p.rows, { kind: 'text', payload: 'text', run_after: 'text' }, 'j')}`,
  ),
);
