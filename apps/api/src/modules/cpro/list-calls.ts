import { CPRO_CALLS_PAGE_SIZE, type CproCallPage, type cproCallsQuerySchema } from '@chorale/contracts';
import { addDays, parisDayStart } from '@chorale/domain';
import type { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { managedConnection } from './connections.ts';

/** A call succeeded when the API answered 2xx with `codeRetour` 0 (what a connector checks too). */
const SUCCESS_MAX_STATUS = 299;

/**
 * « Derniers appels » of one API connection, newest first, filtered by operation, result and
 * period (Paris days, both included), by pages of 20. Only the structure's managers read it.
 */
export async function listCalls(
  ctx: AppContext,
  managerId: number,
  connectionId: number,
  q: z.output<typeof cproCallsQuerySchema>,
): Promise<CproCallPage> {
  await managedConnection(ctx, managerId, connectionId);
  let base = ctx.db.selectFrom('cpro_calls as k').where('k.connection_id', '=', connectionId);
  if (q.operation) base = base.where('k.operation', '=', q.operation);
  if (q.result === 'success')
    base = base.where('k.code_retour', '=', 0).where('k.http_status', '<=', SUCCESS_MAX_STATUS);
  if (q.result === 'error')
    base = base.where((eb) => eb.or([eb('k.code_retour', '!=', 0), eb('k.http_status', '>', SUCCESS_MAX_STATUS)]));
  if (q.from) base = base.where('k.created_at', '>=', parisDayStart(q.from));
  if (q.to) base = base.where('k.created_at', '<', parisDayStart(addDays(q.to, 1)));

  const [count, rows, operations] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .leftJoin('cpro_technical_accounts as a', 'a.id', 'k.technical_account_id')
      .select(['k.id', 'k.created_at', 'k.operation', 'k.http_status', 'k.code_retour', 'k.duration_ms', 'a.login'])
      .orderBy('k.id', 'desc')
      .limit(CPRO_CALLS_PAGE_SIZE)
      .offset((q.page - 1) * CPRO_CALLS_PAGE_SIZE)
      .execute(),
    ctx.db
      .selectFrom('cpro_calls')
      .select('operation')
      .distinct()
      .where('connection_id', '=', connectionId)
      .orderBy('operation')
      .execute(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.created_at,
      operation: r.operation,
      httpStatus: r.http_status,
      codeRetour: r.code_retour,
      result: r.code_retour === 0 && r.http_status <= SUCCESS_MAX_STATUS ? 'success' : 'error',
      durationMs: r.duration_ms,
      technicalAccountLogin: r.login ?? null,
    })),
    total: Number(count.n),
    page: q.page,
    pageSize: CPRO_CALLS_PAGE_SIZE,
    operations: operations.map((o) => o.operation),
  };
}
