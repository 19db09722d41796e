import { applicationLabels, availableApplications, type Application } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';

/** « Mes rattachements » and « Historique de mes demandes »: every membership of the user. */
export async function myMemberships(ctx: AppContext, userId: number) {
  const rows = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('structures as st', 'st.id', 'm.structure_id')
    .leftJoin('services as s', 's.id', 'm.service_id')
    .select([
      'm.id',
      'm.role',
      'm.status',
      'm.request_comment',
      'm.decision_comment',
      'm.created_at',
      'm.decided_at',
      'st.id as structure_id',
      'st.identifier',
      'st.company_name',
      'st.kind',
      'st.active',
      's.code as service_code',
      's.name as service_name',
    ])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    status: r.status,
    requestComment: r.request_comment,
    decisionComment: r.decision_comment,
    requestedAt: r.created_at,
    decidedAt: r.decided_at,
    structure: {
      id: r.structure_id,
      identifier: r.identifier,
      companyName: r.company_name,
      kind: r.kind,
      active: r.active === 1,
    },
    service: r.service_code ? { code: r.service_code, name: r.service_name ?? '' } : null,
  }));
}

/** « Mes habilitations »: Structure, Raison Sociale, Code service, Libellé service, Profil. */
export async function myPermissions(ctx: AppContext, userId: number) {
  const rows = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('structures as st', 'st.id', 'm.structure_id')
    .leftJoin('services as s', 's.id', 'm.service_id')
    .innerJoin('membership_profiles as p', 'p.membership_id', 'm.id')
    .select([
      'st.id as structure_id',
      'st.identifier',
      'st.company_name',
      's.code as service_code',
      's.name as service_name',
      'p.application',
      'p.level',
    ])
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'VALIDEE')
    .orderBy('st.identifier')
    .orderBy('p.application')
    .orderBy('p.level')
    .execute();
  return rows
    .filter((r) => availableApplications.has(r.application as Application))
    .map((r) => ({
      structureId: r.structure_id,
      structure: r.identifier,
      companyName: r.company_name,
      serviceCode: r.service_code ?? '',
      serviceName: r.service_name ?? '',
      application: r.application as Application,
      level: r.level,
      profile: `${applicationLabels[r.application as Application]} ${r.level}`,
    }));
}

/** Requests waiting for a decision in the structures this user manages. */
export async function pendingRequests(ctx: AppContext, userId: number) {
  const rows = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('structures as st', 'st.id', 'm.structure_id')
    .leftJoin('services as s', 's.id', 'm.service_id')
    .select([
      'm.id',
      'm.request_comment',
      'm.created_at',
      'u.first_name',
      'u.last_name',
      'u.login_email',
      'st.id as structure_id',
      'st.identifier',
      'st.company_name',
      's.code as service_code',
    ])
    .where('m.status', '=', 'EN_COURS_DE_VALIDATION')
    .where('m.structure_id', 'in', (eb) =>
      eb
        .selectFrom('memberships')
        .select('structure_id')
        .where('user_id', '=', userId)
        .where('role', '=', 'MAIN_MANAGER')
        .where('status', '=', 'VALIDEE'),
    )
    .orderBy('m.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    comment: r.request_comment ?? '',
    requestedAt: r.created_at,
    requester: { firstName: r.first_name, lastName: r.last_name, email: r.login_email },
    structure: { id: r.structure_id, identifier: r.identifier, companyName: r.company_name },
    serviceCode: r.service_code ?? null,
  }));
}
