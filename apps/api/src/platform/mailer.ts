import { preparedQuery } from '@chorale/db';
import { sql } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { AppContext } from './context.ts';
import { isoNow } from './context.ts';
import { compilable, jsonRecords } from './json-rows.ts';
import type { OutboxJobKinds } from './outbox.ts';
import type { BatchHandler, JobHandler } from './outbox-worker.ts';

export type Mail = OutboxJobKinds['mail.send'];

/**
 * Sends a mail: over SMTP when SMTP_URL is set, otherwise into the dev outbox table that the
 * /outbox page shows (a batch of mails in one insert, in the worker's transaction). Called by the
 * outbox worker only, never inside a request.
 */
export function createMailSender(ctx: AppContext): JobHandler<'mail.send'> | BatchHandler<'mail.send'> {
  if (ctx.config.smtpUrl) {
    const smtpUrl = ctx.config.smtpUrl;
    // nodemailer is loaded with the first mail, not at start-up (issue 13); a failed import is
    // not kept, the job's retry tries again.
    let transport: Promise<Transporter> | undefined;
    return async (mail) => {
      transport ??= import('nodemailer').then(
        ({ default: nodemailer }) => nodemailer.createTransport(smtpUrl),
        (err: unknown) => {
          transport = undefined;
          throw err;
        },
      );
      const transporter = await transport;
      await transporter.sendMail({
        from: ctx.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    };
  }
  return {
    batch: async (trx, mails) => {
      await insertDevMails.execute(trx, { mails: JSON.stringify(mails), at: isoNow(ctx) });
    },
  };
}

const insertDevMails = preparedQuery((db, p: { mails: string; at: string }) =>
  compilable(
    db,
    sql`insert into dev_mails (to_address, subject, text_body, html_body, created_at)
      select m."to", m.subject, m.text, m.html, ${p.at}
      from ${jsonRecords(db, p.mails, { to: 'text', subject: 'text', text: 'text', html: 'text' }, 'm')}`,
  ),
);
