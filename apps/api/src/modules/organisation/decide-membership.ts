import { simpleUserProfiles } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { portalLink, portalPaths } from '../accounts/links.ts';
import { requireManager, structureNotFound } from './access.ts';
import { membershipDecidedMail } from './mails.ts';

/** The main manager accepts (with the simple user's profiles) or refuses (with a comment). */
export async function decideMembership(
  ctx: AppContext,
  managerId: number,
  membershipId: number,
  decision: { approve: boolean; comment: string },
) {
  const m = await ctx.db.selectFrom('memberships').selectAll().where('id', '=', membershipId).executeTakeFirst();
  if (!m) throw structureNotFound();
  await requireManager(ctx.db, managerId, m.structure_id);
  if (m.status !== 'EN_COURS_DE_VALIDATION') throw new AppError('CONFLICT', 'Cette demande a déjà été traitée.');
  await ctx.db.transaction().execute(async (trx) => {
    const now = isoNow(ctx);
    const updated = await trx
      .updateTable('memberships')
      .set({
        status: decision.approve ? 'VALIDEE' : 'REFUSEE',
        decision_comment: decision.comment || null,
        decided_by: managerId,
        decided_at: now,
      })
      .where('id', '=', membershipId)
      .where('status', '=', 'EN_COURS_DE_VALIDATION')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'Cette demande a déjà été traitée.');
    const structure = await trx
      .selectFrom('structures')
      .select(['company_name', 'kind'])
      .where('id', '=', m.structure_id)
      .executeTakeFirstOrThrow();
    if (decision.approve)
      await trx
        .insertInto('membership_profiles')
        .values(
          simpleUserProfiles(structure.kind).map((p) => ({
            membership_id: membershipId,
            application: p.application,
            level: p.level,
          })),
        )
        .execute();
    const service = m.service_id
      ? await trx.selectFrom('services').select(['code']).where('id', '=', m.service_id).executeTakeFirst()
      : undefined;
    const requester = await trx
      .selectFrom('users')
      .select(['contact_email', 'first_name'])
      .where('id', '=', m.user_id)
      .executeTakeFirstOrThrow();
    await enqueue(
      trx,
      ctx,
      'mail.send',
      membershipDecidedMail(
        requester.contact_email,
        requester.first_name,
        structure.company_name,
        service?.code ?? null,
        decision.approve,
        decision.comment,
        portalLink(ctx, portalPaths.myPermissions),
      ),
    );
    await trx
      .insertInto('structure_events')
      .values({
        structure_id: m.structure_id,
        user_id: managerId,
        kind: decision.approve ? 'membership_approved' : 'membership_refused',
        detail: String(membershipId),
        created_at: now,
      })
      .execute();
  });
  ctx.nudgeOutbox();
}
