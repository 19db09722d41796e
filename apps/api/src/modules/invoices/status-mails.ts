import { invoiceStatusLabels, type InvoiceStatus } from '@chorale/domain';
import type { AppContext, Db } from '../../platform/context.ts';
import { composeMail } from '../../platform/mail-template.ts';
import type { Mail } from '../../platform/mailer.ts';
import { portalLink } from '../accounts/links.ts';
import { heldStructureRow, heldUserRow, structureRow, userRow } from './invoice-rows.ts';

/** What the mail of a status change names: the invoice, its recipient, who typed it. */
export interface StatusMailFacts {
  invoice: { id: number; number: string | null; draft_number: string };
  recipient: { identifier: string; company_name: string } | undefined;
  creator: { contact_email: string; first_name: string };
}

/** Each status change mails the supplier's contact: the contact address of who typed the invoice. */
export async function statusChangeMails(
  trx: Db,
  ctx: AppContext,
  inv: {
    id: number;
    number: string | null;
    draft_number: string;
    created_by: number;
    recipient_structure_id: number | null;
  },
  status: string,
  reason: string | null,
): Promise<Mail[]> {
  const [recipient, creator] = await Promise.all([
    inv.recipient_structure_id ? structureRow(trx, inv.recipient_structure_id) : undefined,
    userRow(trx, inv.created_by),
  ]);
  return [statusMail(ctx, { invoice: inv, recipient, creator }, status, reason)];
}

/**
 * Whether statusChangeMails will read nothing: the rows its mail is made of (the recipient
 * structure, the invoice's creator) are held by the request, answered once this resolves.
 */
export async function statusMailRowsHeld(inv: {
  created_by: number;
  recipient_structure_id: number | null;
}): Promise<boolean> {
  const held = [
    heldUserRow(inv.created_by),
    inv.recipient_structure_id ? heldStructureRow(inv.recipient_structure_id) : Promise.resolve(),
  ];
  if (held.some((row) => !row)) return false;
  const answered = await Promise.allSettled(held);
  return answered.every((row) => row.status === 'fulfilled');
}

/** The mail of one status change, from rows the caller has read (the routing reads a batch's at once). */
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
