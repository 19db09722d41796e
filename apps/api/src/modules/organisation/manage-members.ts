import { applicationsFor, mainManagerProfiles, simpleUserProfiles, type Profile } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { requireManager, structureNotFound } from './access.ts';
import { memberDetachedMail } from './mails.ts';

/** A person's membership, managed here; a technical account's is managed in « Raccordements ». */
async function managedMembership(ctx: AppContext, managerId: number, membershipId: number) {
  const m = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('m')
    .select('u.status as user_status')
    .where('m.id', '=', membershipId)
    .executeTakeFirst();
  if (!m) throw structureNotFound();
  await requireManager(ctx.db, managerId, m.structure_id);
  if (m.user_status === 'technical') throw technicalAccountElsewhere();
  return m;
}

const technicalAccountElsewhere = () =>
  new AppError(
    'CONFLICT',
    'Ce compte technique se gère dans « Raccordements EDI et API » : ses rattachements et habilitations s’y modifient.',
  );

/** « Gérer les habilitations des utilisateurs »: the profile set replaces the current one. */
export async function setProfiles(ctx: AppContext, managerId: number, membershipId: number, profiles: Profile[]) {
  const m = await managedMembership(ctx, managerId, membershipId);
  if (m.status !== 'VALIDEE') throw new AppError('CONFLICT', 'Seul un rattachement validé porte des habilitations.');
  const structure = await ctx.db
    .selectFrom('structures')
    .select('kind')
    .where('id', '=', m.structure_id)
    .executeTakeFirstOrThrow();
  const allowed = new Set(applicationsFor(structure.kind));
  const unique = new Map(
    profiles.filter((p) => allowed.has(p.application)).map((p) => [`${p.application}:${p.level}`, p]),
  );
  if (
    m.role === 'MAIN_MANAGER' &&
    ![...unique.values()].some((p) => p.application === 'ORGANISATION' && p.level === 'modification')
  )
    throw new AppError('CONFLICT', 'Le gestionnaire principal garde toujours le profil « Organisation modification ».');
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('membership_profiles').where('membership_id', '=', membershipId).execute();
    if (unique.size)
      await trx
        .insertInto('membership_profiles')
        .values(
          [...unique.values()].map((p) => ({
            membership_id: membershipId,
            application: p.application,
            level: p.level,
          })),
        )
        .execute();
    await trx
      .insertInto('structure_events')
      .values({
        structure_id: m.structure_id,
        user_id: managerId,
        kind: 'profiles_changed',
        detail: String(membershipId),
        created_at: isoNow(ctx),
      })
      .execute();
  });
}

/** A detached membership is kept as « Supprimée », without its profiles (people and technical accounts). */
export async function endMembership(trx: Db, ctx: AppContext, managerId: number, membershipId: number) {
  await trx
    .updateTable('memberships')
    .set({ status: 'SUPPRIMEE', decided_by: managerId, decided_at: isoNow(ctx) })
    .where('id', '=', membershipId)
    .execute();
  await trx.deleteFrom('membership_profiles').where('membership_id', '=', membershipId).execute();
}

/** « Détacher un utilisateur »: never the last main manager. */
export async function detachMember(ctx: AppContext, managerId: number, membershipId: number) {
  const m = await managedMembership(ctx, managerId, membershipId);
  if (m.status !== 'VALIDEE') throw new AppError('CONFLICT', 'Ce rattachement n’est pas actif.');
  await ctx.db.transaction().execute(async (trx) => {
    if (m.role === 'MAIN_MANAGER') {
      const managers = await trx
        .selectFrom('memberships')
        .select('id')
        .where('structure_id', '=', m.structure_id)
        .where('role', '=', 'MAIN_MANAGER')
        .where('status', '=', 'VALIDEE')
        .execute();
      if (managers.length <= 1)
        throw new AppError(
          'CONFLICT',
          'Une structure garde toujours un gestionnaire principal : transférez d’abord ce rôle à un autre membre.',
        );
    }
    await endMembership(trx, ctx, managerId, membershipId);
    const structure = await trx
      .selectFrom('structures')
      .select('company_name')
      .where('id', '=', m.structure_id)
      .executeTakeFirstOrThrow();
    const user = await trx
      .selectFrom('users')
      .select(['contact_email', 'first_name'])
      .where('id', '=', m.user_id)
      .executeTakeFirstOrThrow();
    await enqueue(
      trx,
      ctx,
      'mail.send',
      memberDetachedMail(user.contact_email, user.first_name, structure.company_name),
    );
    await trx
      .insertInto('structure_events')
      .values({
        structure_id: m.structure_id,
        user_id: managerId,
        kind: 'member_detached',
        detail: String(membershipId),
        created_at: isoNow(ctx),
      })
      .execute();
  });
  ctx.nudgeOutbox();
}

/** The main manager hands the role to another validated member of the structure. */
export async function transferMainManager(
  ctx: AppContext,
  managerId: number,
  structureId: number,
  toMembershipId: number,
) {
  await requireManager(ctx.db, managerId, structureId);
  await ctx.db.transaction().execute(async (trx) => {
    const target = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .selectAll('m')
      .where('m.id', '=', toMembershipId)
      .where('m.structure_id', '=', structureId)
      .where('m.status', '=', 'VALIDEE')
      .where('m.service_id', 'is', null)
      // A technical account never manages a structure.
      .where('u.status', '!=', 'technical')
      .executeTakeFirst();
    if (!target)
      throw new AppError('VALIDATION_FAILED', 'Choisissez un membre validé rattaché à toute la structure.', {
        membershipId: 'Choisissez un membre validé rattaché à toute la structure.',
      });
    const mine = await trx
      .selectFrom('memberships')
      .select(['id'])
      .where('structure_id', '=', structureId)
      .where('user_id', '=', managerId)
      .where('role', '=', 'MAIN_MANAGER')
      .where('status', '=', 'VALIDEE')
      .executeTakeFirstOrThrow();
    if (mine.id === target.id) throw new AppError('CONFLICT', 'Vous êtes déjà le gestionnaire principal.');
    const structure = await trx
      .selectFrom('structures')
      .select('kind')
      .where('id', '=', structureId)
      .executeTakeFirstOrThrow();
    await trx.updateTable('memberships').set({ role: 'MAIN_MANAGER' }).where('id', '=', target.id).execute();
    await trx.updateTable('memberships').set({ role: 'SIMPLE' }).where('id', '=', mine.id).execute();
    // The new manager gets every profile; the former one keeps a simple user's.
    for (const [id, profiles] of [
      [target.id, mainManagerProfiles(structure.kind)],
      [mine.id, simpleUserProfiles(structure.kind)],
    ] as const) {
      await trx.deleteFrom('membership_profiles').where('membership_id', '=', id).execute();
      await trx
        .insertInto('membership_profiles')
        .values(profiles.map((p) => ({ membership_id: id, application: p.application, level: p.level })))
        .execute();
    }
    await trx
      .insertInto('structure_events')
      .values({
        structure_id: structureId,
        user_id: managerId,
        kind: 'main_manager_transferred',
        detail: String(target.id),
        created_at: isoNow(ctx),
      })
      .execute();
  });
}
