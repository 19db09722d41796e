import { preparedQuery } from '@chorale/db';
import { invoiceStatusLabels, type InvoiceStatus } from '@chorale/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext, Db } from '../../platform/context.ts';
import { jsonIds } from '../../platform/json-rows.ts';
import { composeMail } from '../../platform/mail-template.ts';
import type { Mail } from '../../platform/mailer.ts';
import type { OutboxJobKinds } from '../../platform/outbox.ts';
import type { BatchHandler, JobHandler } from '../../platform/outbox-worker.ts';
import { portalLink } from '../accounts/links.ts';

/** What the mail of a status change names: the invoice, its recipient, who typed it. */
export interface StatusMailFacts {
  invoice: { id: number; number: string | null; draft_number: string };
  recipient: { identifier: string; company_name: string } | undefined;
  creator: { contact_email: string; first_name: string };
}

type StatusMailJob = OutboxJobKinds['mail.invoice-status'];

/** The mail of one status change, from the rows it names. */
export function statusMail(ctx: AppContext, facts: StatusMailFacts, status: string, reason: string | null): Mail {
  const { invoice, recipient, creator } = facts;
  const number = invoice.number ?? invoice.draft_number;
  const label = invoiceStatusLabels[status as InvoiceStatus] ?? status;
  const url = portalLink(ctx, `/facturation/factures-emises/${invoice.id}`);
  const paragraphs = [
    `La facture n° ${number}${recipient ? ` adressée à ${recipient.identifier} ${recipient.company_name}` : ''} est passée à l’état « ${label} ».`,
    ...(reason ? [`Motif : ${reason}`] : []),
    ...(status === 'SUSPENDUE'
      ? ['Ajoutez la ou les pièces jointes manquantes et un commentaire, puis renvoyez la facture depuis sa page.']
      : []),
  ];
  return composeMail(creator.contact_email, `Chorale – Facture ${number} : ${label}`, {
    firstName: creator.first_name,
    paragraphs,
    link: { url, label: 'Suivre la facture' },
  });
}

/**
 * The job `mail.invoice-status`: each status change mails the supplier's contact (the contact
 * address of who typed the invoice), composed when it is sent from the rows read then (issue 13:
 * the change queues a few bytes instead of the whole mail, which the queue wrote, rewrote at claim
 * and at completion, then copied). Sent as `send` sends `mail.send`: over SMTP one at a time, or
 * a batch into the dev outbox in the worker's transaction, its rows read by one query.
 */
export function statusMailSender(
  ctx: AppContext,
  send: JobHandler<'mail.send'> | BatchHandler<'mail.send'>,
  log: FastifyBaseLogger,
): JobHandler<'mail.invoice-status'> | BatchHandler<'mail.invoice-status'> {
  if ('batch' in send) return { batch: async (trx, jobs) => send.batch(trx, await statusMails(trx, ctx, jobs, log)) };
  return async (job) => {
    for (const mail of await statusMails(ctx.db, ctx, [job], log)) await send(mail);
  };
}

/**
 * The mails of `jobs`, in order. An invoice or creator that no longer exists has no mail (logged):
 * its job is done, rather than tried again for nothing.
 */
async function statusMails(db: Db, ctx: AppContext, jobs: StatusMailJob[], log: FastifyBaseLogger): Promise<Mail[]> {
  const ids = [...new Set(jobs.map((j) => j.invoiceId))];
  const facts = new Map<number, StatusMailFacts>();
  for (const row of await statusMailRows.rows(db, { ids: JSON.stringify(ids) })) {
    if (row.contact_email === null || row.first_name === null) continue;
    facts.set(Number(row.id), {
      invoice: { id: Number(row.id), number: row.number, draft_number: row.draft_number },
      recipient:
        row.recipient_identifier === null
          ? undefined
          : { identifier: row.recipient_identifier, company_name: row.recipient_name ?? '' },
      creator: { contact_email: row.contact_email, first_name: row.first_name },
    });
  }
  const mails: Mail[] = [];
  for (const job of jobs) {
    const found = facts.get(job.invoiceId);
    if (found) mails.push(statusMail(ctx, found, job.status, job.reason));
    else log.warn({ invoiceId: job.invoiceId, status: job.status }, 'status mail not sent: invoice or creator missing');
  }
  return mails;
}

/** What the mails of a batch name, for each of its invoices (one query). */
const statusMailRows = preparedQuery((db, p: { ids: string }) =>
  db
    .selectFrom('invoices as i')
    .leftJoin('structures as r', 'r.id', 'i.recipient_structure_id')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .select([
      'i.id',
      'i.number',
      'i.draft_number',
      'r.identifier as recipient_identifier',
      'r.company_name as recipient_name',
      'u.contact_email',
      'u.first_name',
    ])
    .where('i.id', 'in', jsonIds(db, p.ids)),
);
