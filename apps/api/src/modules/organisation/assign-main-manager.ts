import { mainManagerProfiles, normalizeEmail } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';

/**
 * Platform operator's command: makes an existing account main manager of a structure. Public
 * structures arrive through the directory import with nobody attached; this gives each its first
 * manager, who then accepts his colleagues' requests like any manager.
 */
export async function assignMainManager(
  ctx: AppContext,
  cmd: { identifier: string; identifierType?: string; email: string },
) {
  const email = normalizeEmail(cmd.email);
  return ctx.db.transaction().execute(async (trx) => {
    const structure = await trx
      .selectFrom('structures')
      .select(['id', 'kind', 'company_name'])
      .where('identifier_type', '=', cmd.identifierType ?? 'SIRET')
      .where('identifier', '=', cmd.identifier.replace(/\s/g, ''))
      .executeTakeFirst();
    if (!structure) throw new AppError('NOT_FOUND', `Aucune structure d'identifiant ${cmd.identifier}.`);
    const user = await trx
      .selectFrom('users')
      .select(['id', 'status'])
      .where('login_email', '=', email)
      .executeTakeFirst();
    if (!user || user.status !== 'active')
      throw new AppError('NOT_FOUND', `Aucun compte actif pour l’adresse ${email}.`);
    const now = isoNow(ctx);
    const existing = await trx
      .selectFrom('memberships')
      .select(['id'])
      .where('user_id', '=', user.id)
      .where('structure_id', '=', structure.id)
      .where('service_id', 'is', null)
      .where('status', 'in', ['EN_COURS_DE_VALIDATION', 'VALIDEE'])
      .executeTakeFirst();
    const membershipId = existing
      ? (
          await trx
            .updateTable('memberships')
            .set({ role: 'MAIN_MANAGER', status: 'VALIDEE', decided_at: now })
            .where('id', '=', existing.id)
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      : (
          await trx
            .insertInto('memberships')
            .values({
              user_id: user.id,
              structure_id: structure.id,
              service_id: null,
              role: 'MAIN_MANAGER',
              status: 'VALIDEE',
              decided_at: now,
              created_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
    await trx.deleteFrom('membership_profiles').where('membership_id', '=', membershipId).execute();
    await trx
      .insertInto('membership_profiles')
      .values(
        mainManagerProfiles(structure.kind).map((p) => ({
          membership_id: membershipId,
          application: p.application,
          level: p.level,
        })),
      )
      .execute();
    await trx
      .insertInto('structure_events')
      .values({
        structure_id: structure.id,
        user_id: user.id,
        kind: 'main_manager_assigned',
        detail: 'operator',
        created_at: now,
      })
      .execute();
    return { structure: structure.company_name, membershipId };
  });
}
