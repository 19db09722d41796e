import { TECHNICAL_PASSWORD_REMINDER_DAYS } from '@chorale/contracts';
import { formatParisDate } from '@chorale/domain';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { composeMail } from '../../platform/mail-template.ts';
import { enqueue, enqueueAll } from '../../platform/outbox.ts';
import { portalLink } from '../accounts/links.ts';
import { mainManagersOf } from '../organisation/access.ts';

/** The portal page of « Raccordements » (apps/web pages/Connections/paths.ts). */
export const connectionsPortalPath = '/raccordements';

/**
 * Queued with the password it is about (creation, « Nouveau mot de passe »), due 15 days before
 * it expires: a reminder exists only if the password was committed, and no sweep of the table runs.
 */
export async function schedulePasswordReminder(trx: Db, ctx: AppContext, accountId: number, expiresAt: string) {
  const runAfter = new Date(Date.parse(expiresAt) - TECHNICAL_PASSWORD_REMINDER_DAYS * 86_400_000).toISOString();
  await enqueueAll(trx, ctx, [{ kind: 'cpro.password-reminder', payload: { accountId, expiresAt }, runAfter }]);
}

/**
 * The outbox job: once per expiry (`reminder_sent_at`, cleared by a new password), a mail to each
 * main manager of the account's structure. A password renewed since, or an account revoked, gets
 * nothing: the job of the new password will remind in its time.
 */
export async function sendPasswordReminder(ctx: AppContext, job: { accountId: number; expiresAt: string }) {
  await ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('cpro_technical_accounts')
      .set({ reminder_sent_at: isoNow(ctx) })
      .where('id', '=', job.accountId)
      .where('expires_at', '=', job.expiresAt)
      .where('reminder_sent_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', isoNow(ctx))
      .returning(['login', 'structure_id'])
      .executeTakeFirst();
    if (!claimed) return;
    const structure = await trx
      .selectFrom('structures')
      .select(['company_name', 'identifier'])
      .where('id', '=', claimed.structure_id)
      .executeTakeFirstOrThrow();
    const managers = await mainManagersOf(trx, claimed.structure_id);
    // The password stops at the end of its last day: that day is the one the manager chose.
    const lastDay = formatParisDate(new Date(Date.parse(job.expiresAt) - 1));
    for (const manager of managers)
      await enqueue(
        trx,
        ctx,
        'mail.send',
        composeMail(
          manager.contact_email,
          `Chorale – Le mot de passe du compte technique ${claimed.login} expire le ${lastDay}`,
          {
            firstName: manager.first_name,
            paragraphs: [
              `Le mot de passe du compte technique ${claimed.login} de ${structure.company_name} (${structure.identifier}) expire le ${lastDay} au soir (heure de Paris).`,
              'Après cette date, les logiciels qui l’utilisent dans l’en-tête « cpro-account » seront refusés.',
              'Générez un nouveau mot de passe dans « Raccordements », section « Comptes techniques », puis mettez-le à jour dans vos logiciels.',
            ],
            link: {
              url: `${portalLink(ctx, connectionsPortalPath)}?structure=${claimed.structure_id}`,
              label: 'Ouvrir « Raccordements »',
            },
          },
        ),
      );
  });
  ctx.nudgeOutbox();
}
