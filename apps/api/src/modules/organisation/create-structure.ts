import type { z } from 'zod';
import { checkStructureIdentifier, mainManagerProfiles } from '@chorale/domain';
import type { structureFormSchema } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { structureFormColumns, toStructure } from './structure-view.ts';

export type CreateStructureCommand = z.output<typeof structureFormSchema>;

/**
 * « Créer une nouvelle structure »: the creator becomes its main manager with every profile.
 * Public structures come from the directory import, not from this form.
 */
export async function createStructure(ctx: AppContext, userId: number, cmd: CreateStructureCommand) {
  const checked = checkStructureIdentifier(cmd.identifierType, cmd.identifier);
  if (!checked.ok) throw new AppError('VALIDATION_FAILED', checked.message, { identifier: checked.message });
  if (cmd.kind === 'PUBLIQUE')
    throw new AppError(
      'VALIDATION_FAILED',
      'Les structures publiques proviennent de l’annuaire des destinataires : demandez un rattachement à la vôtre.',
      {
        kind: 'Les structures publiques proviennent de l’annuaire : demandez un rattachement à la vôtre.',
      },
    );
  const row = await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('structures')
      .select('id')
      .where('identifier_type', '=', cmd.identifierType)
      .where('identifier', '=', checked.value)
      .executeTakeFirst();
    if (existing)
      throw new AppError(
        'CONFLICT',
        'Cette structure est déjà présente dans Chorale : demandez un rattachement à cette structure.',
        {
          identifier: 'Cette structure est déjà présente dans Chorale.',
        },
      );
    const now = isoNow(ctx);
    const s = await trx
      .insertInto('structures')
      .values({
        identifier_type: cmd.identifierType,
        identifier: checked.value,
        kind: 'PRIVEE',
        ...structureFormColumns(cmd),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const m = await trx
      .insertInto('memberships')
      .values({
        user_id: userId,
        structure_id: s.id,
        service_id: null,
        role: 'MAIN_MANAGER',
        status: 'VALIDEE',
        decided_at: now,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('membership_profiles')
      .values(
        mainManagerProfiles('PRIVEE').map((p) => ({ membership_id: m.id, application: p.application, level: p.level })),
      )
      .execute();
    await trx
      .insertInto('structure_events')
      .values({ structure_id: s.id, user_id: userId, kind: 'created', detail: null, created_at: now })
      .execute();
    return s;
  });
  return toStructure(row);
}
