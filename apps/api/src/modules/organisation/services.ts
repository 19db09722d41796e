import type { z } from 'zod';
import type { serviceFormSchema } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { requireAccess, structureNotFound } from './access.ts';
import { loadStructure, toService } from './structure-view.ts';

type ServiceForm = z.output<typeof serviceFormSchema>;

export async function listServices(ctx: AppContext, userId: number, structureId: number) {
  // Suppliers typing an invoice choose their service and bank details without being organisation readers.
  await requireAccess(ctx.db, userId, { structureId }, ['ORGANISATION', 'FACTURES_EMISES'], 'consultation');
  const rows = await ctx.db
    .selectFrom('services')
    .selectAll()
    .where('structure_id', '=', structureId)
    .orderBy('code')
    .execute();
  return rows.map(toService);
}

const duplicate = (code: string) =>
  new AppError('CONFLICT', `Le code service « ${code} » existe déjà dans cette structure.`, {
    code: `Le code service « ${code} » existe déjà dans cette structure.`,
  });

/** « Gérer un service » › créer: a sealed part of the structure, known by its service code. */
export async function createService(ctx: AppContext, userId: number, structureId: number, cmd: ServiceForm) {
  await requireAccess(ctx.db, userId, { structureId }, 'ORGANISATION', 'modification');
  await loadStructure(ctx.db, structureId);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('services')
      .select('id')
      .where('structure_id', '=', structureId)
      .where('code', '=', cmd.code)
      .executeTakeFirst();
    if (taken) throw duplicate(cmd.code);
    const now = isoNow(ctx);
    return trx
      .insertInto('services')
      .values({
        structure_id: structureId,
        code: cmd.code,
        name: cmd.name,
        commitment_required: cmd.commitmentRequired ? 1 : 0,
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return toService(row);
}

async function loadService(ctx: AppContext, userId: number, serviceId: number) {
  const service = await ctx.db.selectFrom('services').selectAll().where('id', '=', serviceId).executeTakeFirst();
  if (!service) throw structureNotFound();
  await requireAccess(ctx.db, userId, { structureId: service.structure_id }, 'ORGANISATION', 'modification');
  return service;
}

export async function updateService(ctx: AppContext, userId: number, serviceId: number, cmd: ServiceForm) {
  const service = await loadService(ctx, userId, serviceId);
  if (cmd.code !== service.code) {
    const taken = await ctx.db
      .selectFrom('services')
      .select('id')
      .where('structure_id', '=', service.structure_id)
      .where('code', '=', cmd.code)
      .executeTakeFirst();
    if (taken) throw duplicate(cmd.code);
  }
  const row = await ctx.db
    .updateTable('services')
    .set({
      code: cmd.code,
      name: cmd.name,
      commitment_required: cmd.commitmentRequired ? 1 : 0,
      updated_at: isoNow(ctx),
    })
    .where('id', '=', serviceId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toService(row);
}

export async function setServiceActive(ctx: AppContext, userId: number, serviceId: number, active: boolean) {
  await loadService(ctx, userId, serviceId);
  const row = await ctx.db
    .updateTable('services')
    .set({ active: active ? 1 : 0, updated_at: isoNow(ctx) })
    .where('id', '=', serviceId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toService(row);
}
