import { searchMatch } from '@chorale/db';
import { applicationLabels, membershipStatusLabels, roleLabels, type Application, type Profile } from '@chorale/domain';
import type { AppContext, Db } from '../../platform/context.ts';
import { csvDocument } from '../../platform/csv.ts';
import { requireAccess } from './access.ts';

export interface MemberFilter {
  status?: string;
  q?: string;
}

async function memberRows(db: Db, structureId: number, filter: MemberFilter) {
  let query = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('services as s', 's.id', 'm.service_id')
    .select([
      'm.id',
      'm.user_id',
      'm.role',
      'm.status',
      'm.request_comment',
      'm.decision_comment',
      'm.created_at',
      'm.decided_at',
      'u.first_name',
      'u.last_name',
      'u.login_email',
      'u.phone',
      's.code as service_code',
      's.name as service_name',
    ])
    .where('m.structure_id', '=', structureId)
    .where('m.status', '!=', 'SUPPRIMEE')
    // Technical accounts (API, EDI) are listed and managed in « Raccordements », not with people.
    .where('u.status', '!=', 'technical');
  if (filter.status) query = query.where('m.status', '=', filter.status as 'VALIDEE');
  if (filter.q) {
    const term = filter.q.trim();
    query = query.where((eb) =>
      eb.or([
        searchMatch('u.first_name', term, { ignoreCase: true }),
        searchMatch('u.last_name', term, { ignoreCase: true }),
        searchMatch('u.login_email', term, { ignoreCase: true }),
      ]),
    );
  }
  const rows = await query.orderBy('u.last_name').orderBy('u.first_name').orderBy('m.id').execute();
  const profiles = rows.length
    ? await db
        .selectFrom('membership_profiles')
        .select(['membership_id', 'application', 'level'])
        .where(
          'membership_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return rows.map((r) => ({
    membershipId: r.id,
    userId: r.user_id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.login_email,
    phone: r.phone,
    role: r.role,
    status: r.status,
    serviceCode: r.service_code ?? null,
    serviceName: r.service_name ?? null,
    requestComment: r.request_comment,
    decisionComment: r.decision_comment,
    requestedAt: r.created_at,
    decidedAt: r.decided_at,
    profiles: profiles
      .filter((p) => p.membership_id === r.id)
      .map((p) => ({ application: p.application as Application, level: p.level }) satisfies Profile),
  }));
}

/** « Consulter les utilisateurs » of a structure (members with « Organisation consultation »). */
export async function listMembers(ctx: AppContext, userId: number, structureId: number, filter: MemberFilter) {
  await requireAccess(ctx.db, userId, { structureId }, 'ORGANISATION', 'consultation');
  return memberRows(ctx.db, structureId, filter);
}

/** « Exporter » of « Consulter les utilisateurs ». */
export function membersCsv(members: Awaited<ReturnType<typeof memberRows>>): string {
  const header = [
    'Nom',
    'Prénom',
    'Adresse électronique',
    'Téléphone',
    'Rôle',
    'Statut',
    'Code service',
    'Libellé service',
    'Profils',
  ];
  return csvDocument(
    header,
    members.map((m) => [
      m.lastName,
      m.firstName,
      m.email,
      m.phone,
      roleLabels[m.role],
      membershipStatusLabels[m.status],
      m.serviceCode ?? '',
      m.serviceName ?? '',
      m.profiles.map((p) => `${applicationLabels[p.application]} ${p.level}`).join(', '),
    ]),
  );
}
