import { invoiceStatusLabels, type InvoiceStatus } from '@chorale/domain';
import type { AppContext, Db } from '../../platform/context.ts';
import { composeMail } from '../../platform/mail-template.ts';
import type { Mail } from '../../platform/mailer.ts';
import { portalLink } from '../accounts/links.ts';

/** Each status change mails the supplier's contact: the contact address of who typed the invoice. */
export async function statusChangeMails(
  trx: Db,
  ctx: AppContext,
  invoiceId: number,
  status: string,
  reason: string | null,
): Promise<Mail[]> {
  const inv = await trx
    .selectFrom('invoices')
    .select(['number', 'draft_number', 'created_by', 'recipient_structure_id'])
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  const recipient = inv.recipient_structure_id
    ? await trx
        .selectFrom('structures')
        .select(['company_name', 'identifier'])
        .where('id', '=', inv.recipient_structure_id)
        .executeTakeFirst()
    : undefined;
  const creator = await trx
    .selectFrom('users')
    .select(['contact_email', 'first_name'])
    .where('id', '=', inv.created_by)
    .executeTakeFirstOrThrow();
  const number = inv.number ?? inv.draft_number;
  const label = invoiceStatusLabels[status as InvoiceStatus] ?? status;
  const url = portalLink(ctx, `/facturation/factures-emises/${invoiceId}`);
  const paragraphs = [
    `La facture n° ${number}${recipient ? ` adressée à ${recipient.identifier} ${recipient.company_name}` : ''} est passée à l’état « ${label} ».`,
    ...(reason ? [`Motif : ${reason}`] : []),
    ...(status === 'SUSPENDUE'
      ? ['Ajoutez la ou les pièces jointes manquantes et un commentaire, puis renvoyez la facture depuis sa page.']
      : []),
  ];
  return [
    composeMail(creator.contact_email, `Chorale – Facture ${number} : ${label}`, {
      firstName: creator.first_name,
      paragraphs,
      link: { url, label: 'Suivre la facture' },
    }),
  ];
}
