import { appendToChain } from '@chorale/db';
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
  // Chained to the user's previous event (tamper-evident, checked by npm run audit:verify).
  await appendToChain(trx, 'security_events', { user_id: userId, kind, ip, detail, created_at: isoNow(ctx) });
}
