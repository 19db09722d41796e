import type { SecurityEventKind } from '@chorale/contracts';
import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';

/** One line of the user's security log; never a password, code or token. */
export async function recordSecurityEvent(
  trx: Db,
  ctx: AppContext,
  userId: number,
  kind: SecurityEventKind,
  ip: string | null,
  detail: string | null = null,
): Promise<void> {
  await trx
    .insertInto('security_events')
    .values({ user_id: userId, kind, ip, detail, created_at: isoNow(ctx) })
    .execute();
}
