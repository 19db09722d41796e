import { preparedQuery } from '@chorale/db';
import nodemailer from 'nodemailer';
import type { AppContext } from './context.ts';
import { isoNow } from './context.ts';
import type { OutboxJobKinds } from './outbox.ts';

export type Mail = OutboxJobKinds['mail.send'];

/**
 * Sends a mail: over SMTP when SMTP_URL is set, otherwise into the dev outbox table that the
 * /outbox page shows. Called by the outbox worker only, never inside a request.
 */
export function createMailSender(ctx: AppContext): (mail: Mail) => Promise<void> {
  if (ctx.config.smtpUrl) {
    const transport = nodemailer.createTransport(ctx.config.smtpUrl);
    return async (mail) => {
      await transport.sendMail({
        from: ctx.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    };
  }
  return async (mail) => {
    await insertDevMail.execute(ctx.db, { ...mail, at: isoNow(ctx) });
  };
}

const insertDevMail = preparedQuery((db, p: Mail & { at: string }) =>
  db.insertInto('dev_mails').values({
    to_address: p.to,
    subject: p.subject,
    text_body: p.text,
    html_body: p.html,
    created_at: p.at,
  }),
);
