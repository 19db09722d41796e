import { normalizeEmail, simpleUserProfiles } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { portalLink } from '../accounts/links.ts';
import { requireManager } from './access.ts';
import { invitationMail } from './mails.ts';

/** The portal page where the invitee sees and accepts his invitations. */
export const INVITATIONS_PAGE = '/mes-invitations';

/**
 * « Rattacher un utilisateur » (issue 15 defect 9): the address gets an invitation, whether an
 * account uses it or not, and nothing else happens until its owner accepts. The manager learns
 * nothing about the address (same answer, every time) and sees no data of its owner meanwhile.
 */
export async function inviteMember(
  ctx: AppContext,
  managerId: number,
  structureId: number,
  cmd: { email: string; serviceId: number | null },
) {
  await requireManager(ctx.db, managerId, structureId);
  const email = normalizeEmail(cmd.email);
  await ctx.db.transaction().execute(async (trx) => {
    const structure = await trx
      .selectFrom('structures')
      .select('company_name')
      .where('id', '=', structureId)
      .executeTakeFirstOrThrow();
    if (cmd.serviceId !== null) {
      const service = await trx
        .selectFrom('services')
        .select('id')
        .where('id', '=', cmd.serviceId)
        .where('structure_id', '=', structureId)
        .executeTakeFirst();
      if (!service)
        throw new AppError('VALIDATION_FAILED', 'Ce service n’existe pas dans cette structure.', {
          serviceId: 'Ce service n’existe pas dans cette structure.',
        });
    }
    const manager = await trx
      .selectFrom('users')
      .select(['first_name', 'last_name'])
      .where('id', '=', managerId)
      .executeTakeFirstOrThrow();
    const pending = await trx
      .selectFrom('invitations')
      .select('id')
      .where('structure_id', '=', structureId)
      .where('email', '=', email)
      .where('status', '=', 'EN_ATTENTE')
      .where((eb) => (cmd.serviceId === null ? eb('service_id', 'is', null) : eb('service_id', '=', cmd.serviceId)))
      .executeTakeFirst();
    // Inviting again sends the mail again; it never makes a second invitation.
    if (pending)
      await trx
        .updateTable('invitations')
        .set({ created_at: isoNow(ctx), invited_by: managerId })
        .where('id', '=', pending.id)
        .execute();
    else
      await trx
        .insertInto('invitations')
        .values({
          structure_id: structureId,
          service_id: cmd.serviceId,
          email,
          invited_by: managerId,
          status: 'EN_ATTENTE',
          created_at: isoNow(ctx),
        })
        .execute();
    await enqueue(
      trx,
      ctx,
      'mail.send',
      invitationMail(
        email,
        structure.company_name,
        `${manager.first_name} ${manager.last_name}`,
        portalLink(ctx, INVITATIONS_PAGE),
      ),
    );
  });
  ctx.nudgeOutbox();
}

/** The invitations waiting for the signed-in user (sent to his login address). */
export async function myInvitations(ctx: AppContext, userId: number) {
  const user = await ctx.db
    .selectFrom('users')
    .select('login_email')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const rows = await ctx.db
    .selectFrom('invitations as i')
    .innerJoin('structures as st', 'st.id', 'i.structure_id')
    .innerJoin('users as m', 'm.id', 'i.invited_by')
    .leftJoin('services as s', 's.id', 'i.service_id')
    .select([
      'i.id',
      'i.created_at',
      'st.company_name',
      'st.identifier',
      's.code as service_code',
      's.name as service_name',
      'm.first_name',
      'm.last_name',
    ])
    .where('i.email', '=', user.login_email)
    .where('i.status', '=', 'EN_ATTENTE')
    .orderBy('i.id')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      structure: { name: r.company_name, identifier: r.identifier },
      service: r.service_code ? { code: r.service_code, name: r.service_name ?? '' } : null,
      invitedBy: `${r.first_name} ${r.last_name}`,
      invitedAt: r.created_at,
    })),
  };
}

/** « Accepter » attaches the user as a simple user; « Refuser » closes the invitation. */
export async function decideInvitation(ctx: AppContext, userId: number, invitationId: number, accept: boolean) {
  await ctx.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('login_email').where('id', '=', userId).executeTakeFirstOrThrow();
    const invitation = await trx
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', invitationId)
      .where('email', '=', user.login_email)
      .where('status', '=', 'EN_ATTENTE')
      .executeTakeFirst();
    if (!invitation) throw new AppError('NOT_FOUND', 'Cette invitation n’existe pas ou a déjà reçu une réponse.');
    const now = isoNow(ctx);
    await trx
      .updateTable('invitations')
      .set({ status: accept ? 'ACCEPTEE' : 'REFUSEE', decided_at: now })
      .where('id', '=', invitation.id)
      .execute();
    if (!accept) return;
    const open = await trx
      .selectFrom('memberships')
      .select(['id', 'status'])
      .where('user_id', '=', userId)
      .where('structure_id', '=', invitation.structure_id)
      .where((eb) =>
        invitation.service_id === null ? eb('service_id', 'is', null) : eb('service_id', '=', invitation.service_id),
      )
      .where('status', 'in', ['EN_COURS_DE_VALIDATION', 'VALIDEE'])
      .executeTakeFirst();
    if (open?.status === 'VALIDEE') return;
    let membershipId = open?.id;
    if (membershipId)
      await trx
        .updateTable('memberships')
        .set({ status: 'VALIDEE', decided_by: invitation.invited_by, decided_at: now })
        .where('id', '=', membershipId)
        .execute();
    else
      membershipId = (
        await trx
          .insertInto('memberships')
          .values({
            user_id: userId,
            structure_id: invitation.structure_id,
            service_id: invitation.service_id,
            role: 'SIMPLE',
            status: 'VALIDEE',
            decided_by: invitation.invited_by,
            decided_at: now,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const structure = await trx
      .selectFrom('structures')
      .select('kind')
      .where('id', '=', invitation.structure_id)
      .executeTakeFirstOrThrow();
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
  });
}
