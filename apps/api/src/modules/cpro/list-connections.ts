import type { ApiConnection, TechnicalAccount, TechnicalAttachment } from '@chorale/contracts';
import type { AccessLevel, Application } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { requireManager } from '../organisation/access.ts';

/**
 * « Raccordements » of a structure as its managers read them: the API connections (never their
 * secret, which only its hash stands for) and the technical accounts with their attachments.
 */

async function connections(ctx: AppContext, where: { structureId: number } | { id: number }) {
  let query = ctx.db.selectFrom('cpro_connections as c').select((eb) => [
    'c.id',
    'c.structure_id',
    'c.name',
    'c.client_id',
    'c.created_at',
    'c.rotated_at',
    'c.revoked_at',
    eb
      .selectFrom('cpro_calls as k')
      .select((k) => k.fn.max('k.created_at').as('last'))
      .whereRef('k.connection_id', '=', 'c.id')
      .as('last_call_at'),
  ]);
  query = 'id' in where ? query.where('c.id', '=', where.id) : query.where('c.structure_id', '=', where.structureId);
  const rows = await query
    .orderBy('c.revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r): ApiConnection => ({
    id: r.id,
    structureId: r.structure_id,
    name: r.name,
    clientId: r.client_id,
    createdAt: r.created_at,
    rotatedAt: r.rotated_at,
    revokedAt: r.revoked_at,
    lastCallAt: r.last_call_at ?? null,
  }));
}

/** « Connexions API »: active ones first, then the revoked ones (kept: their calls stay readable). */
export async function listConnections(ctx: AppContext, managerId: number, structureId: number) {
  await requireManager(ctx.db, managerId, structureId);
  return connections(ctx, { structureId });
}

/** One connection as the list shows it (after a change the caller was allowed to make). */
export async function connectionView(ctx: AppContext, connectionId: number): Promise<ApiConnection> {
  const [row] = await connections(ctx, { id: connectionId });
  return row!;
}

async function accounts(ctx: AppContext, where: { structureId: number } | { id: number }) {
  let query = ctx.db
    .selectFrom('cpro_technical_accounts')
    .select(['id', 'user_id', 'structure_id', 'login', 'created_at', 'expires_at', 'revoked_at']);
  query = 'id' in where ? query.where('id', '=', where.id) : query.where('structure_id', '=', where.structureId);
  const rows = await query
    .orderBy('revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('id', 'desc')
    .execute();
  if (!rows.length) return [];
  const memberships = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('structures as s', 's.id', 'm.structure_id')
    .leftJoin('services as v', 'v.id', 'm.service_id')
    .leftJoin('membership_profiles as p', 'p.membership_id', 'm.id')
    .select([
      'm.id',
      'm.user_id',
      'm.structure_id',
      's.identifier',
      's.company_name',
      'm.service_id',
      'v.code',
      'v.name',
      'p.application',
      'p.level',
    ])
    .where(
      'm.user_id',
      'in',
      rows.map((r) => r.user_id),
    )
    .where('m.status', '=', 'VALIDEE')
    .orderBy('m.id')
    .execute();
  const byUser = new Map<number, Map<number, TechnicalAttachment>>();
  for (const m of memberships) {
    const mine = byUser.get(m.user_id) ?? new Map<number, TechnicalAttachment>();
    byUser.set(m.user_id, mine);
    const attachment = mine.get(m.id) ?? {
      membershipId: m.id,
      structureId: m.structure_id,
      structureIdentifier: m.identifier,
      structureName: m.company_name,
      serviceId: m.service_id,
      serviceCode: m.code,
      serviceName: m.name,
      profiles: [],
    };
    mine.set(m.id, attachment);
    if (m.application && m.level)
      attachment.profiles.push({ application: m.application as Application, level: m.level as AccessLevel });
  }
  return rows.map((r): TechnicalAccount => ({
    id: r.id,
    structureId: r.structure_id,
    login: r.login,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    attachments: [...(byUser.get(r.user_id)?.values() ?? [])],
  }));
}

/** « Comptes techniques »: active ones first, each with its attachments and profiles. */
export async function listTechnicalAccounts(ctx: AppContext, managerId: number, structureId: number) {
  await requireManager(ctx.db, managerId, structureId);
  return accounts(ctx, { structureId });
}

export async function technicalAccountView(ctx: AppContext, accountId: number): Promise<TechnicalAccount> {
  const [row] = await accounts(ctx, { id: accountId });
  return row!;
}
