import type { z } from 'zod';
import type { structureUpdateSchema } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { requireAccess } from './access.ts';
import { loadStructure, structureFormColumns, toStructure } from './structure-view.ts';

export async function getStructure(ctx: AppContext, userId: number, structureId: number) {
  await requireAccess(ctx.db, userId, { structureId }, 'ORGANISATION', 'consultation');
  return toStructure(await loadStructure(ctx.db, structureId));
}

/** « Gérer une structure » › modifier: needs « Organisation modification ». */
export async function updateStructure(
  ctx: AppContext,
  userId: number,
  structureId: number,
  cmd: z.output<typeof structureUpdateSchema>,
) {
  await requireAccess(ctx.db, userId, { structureId }, 'ORGANISATION', 'modification');
  const current = await loadStructure(ctx.db, structureId);
  const isPublic = current.kind === 'PUBLIQUE';
  const flag = (v: boolean | undefined, was: number) => (isPublic && v !== undefined ? (v ? 1 : 0) : was);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('structures')
      .set({
        ...structureFormColumns(cmd),
        service_code_required: flag(cmd.serviceCodeRequired, current.service_code_required),
        commitment_required: flag(cmd.commitmentRequired, current.commitment_required),
        service_or_commitment_required: flag(cmd.serviceOrCommitmentRequired, current.service_or_commitment_required),
        payment_status_managed: flag(cmd.paymentStatusManaged, current.payment_status_managed),
        public_hospital: flag(cmd.publicHospital, current.public_hospital),
        payment_period_days:
          isPublic && cmd.paymentPeriodDays !== undefined ? cmd.paymentPeriodDays : current.payment_period_days,
        updated_at: isoNow(ctx),
      })
      .where('id', '=', structureId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('structure_events')
      .values({ structure_id: structureId, user_id: userId, kind: 'updated', detail: null, created_at: isoNow(ctx) })
      .execute();
    return updated;
  });
  return toStructure(row);
}

/** Activer / désactiver: an inactive structure neither sends nor receives invoices. */
export async function setStructureActive(ctx: AppContext, userId: number, structureId: number, active: boolean) {
  await requireAccess(ctx.db, userId, { structureId }, 'ORGANISATION', 'modification');
  const current = await loadStructure(ctx.db, structureId);
  if ((current.active === 1) === active)
    throw new AppError(
      'CONFLICT',
      active ? 'Cette structure est déjà active.' : 'Cette structure est déjà désactivée.',
    );
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('structures')
      .set({ active: active ? 1 : 0, updated_at: isoNow(ctx) })
      .where('id', '=', structureId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('structure_events')
      .values({
        structure_id: structureId,
        user_id: userId,
        kind: active ? 'activated' : 'deactivated',
        detail: null,
        created_at: isoNow(ctx),
      })
      .execute();
    return updated;
  });
  return toStructure(row);
}
