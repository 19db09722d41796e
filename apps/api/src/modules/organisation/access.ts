import {
  mayAccess,
  mayManageStructure,
  profileLabel,
  type AccessLevel,
  type Application,
  type MembershipAccess,
  type Profile,
} from '@chorale/domain';
import { preparedQuery } from '@chorale/db';
import { AppError } from '../../platform/app-error.ts';
import type { Db } from '../../platform/context.ts';
import { keepForRequest, oncePerRequest } from '../../platform/request-scope.ts';

const validatedMemberships = preparedQuery((db, p: { userId: number }) =>
  db
    .selectFrom('memberships as m')
    .leftJoin('membership_profiles as p', 'p.membership_id', 'm.id')
    .select(['m.id', 'm.structure_id', 'm.service_id', 'm.role', 'p.application', 'p.level'])
    .where('m.user_id', '=', p.userId)
    .where('m.status', '=', 'VALIDEE'),
);

/** One membership and one of its profiles, as the queries above and the caller's authentication read them. */
export interface MembershipProfileRow {
  id: number | null;
  structure_id: number | null;
  service_id: number | null;
  role: string | null;
  application: string | null;
  level: string | null;
}

/** The user's validated memberships with their profiles: the input of every access decision. */
export async function loadAccess(db: Db, userId: number): Promise<MembershipAccess[]> {
  return accessFromRows(await validatedMemberships.rows(db, { userId }));
}

function accessFromRows(rows: MembershipProfileRow[]): MembershipAccess[] {
  const byId = new Map<number, MembershipAccess>();
  for (const r of rows) {
    if (r.id === null || r.structure_id === null || r.role === null) continue;
    let m = byId.get(r.id);
    if (!m) {
      m = {
        structureId: r.structure_id,
        serviceId: r.service_id,
        role: r.role as MembershipAccess['role'],
        profiles: [],
      };
      byId.set(r.id, m);
    }
    if (r.application && r.level)
      m.profiles.push({ application: r.application as Application, level: r.level } as Profile);
  }
  return [...byId.values()];
}

/**
 * The same, read once per request: for use cases that do not change memberships (the invoices),
 * whose every step checks the caller's rights (issue 13).
 */
export function accessForRequest(db: Db, userId: number): Promise<MembershipAccess[]> {
  return oncePerRequest(`access:${userId}`, () => loadAccess(db, userId));
}

/**
 * The caller's memberships read with his session or API token (the same query, issue 13): the
 * request's later access decisions use them without reading them again. `rows` are those of the
 * authentication query, one per membership and profile (none: a user without membership).
 */
export function keepCallerAccess(userId: number, rows: MembershipProfileRow[]): void {
  keepForRequest(`access:${userId}`, accessFromRows(rows));
}

/**
 * One answer for « does not exist » and « not yours »: a user learns nothing about structures he
 * has no part in.
 */
export const structureNotFound = () =>
  new AppError('NOT_FOUND', 'Structure introuvable, ou vous n’y êtes pas habilité.');

/** Passes when the user holds the profile on one of `application` (any one of a list suffices). */
export async function requireAccess(
  db: Db,
  userId: number,
  target: { structureId: number; serviceId?: number | null },
  application: Application | readonly Application[],
  level: AccessLevel,
  load: (db: Db, userId: number) => Promise<MembershipAccess[]> = loadAccess,
): Promise<MembershipAccess[]> {
  const access = await load(db, userId);
  const wanted = typeof application === 'string' ? [application] : application;
  if (wanted.some((a) => mayAccess(access, target, a, level))) return access;
  // Members who lack only the profile are told so; strangers get the same answer as for nothing.
  if (access.some((m) => m.structureId === target.structureId))
    throw new AppError(
      'FORBIDDEN',
      `Votre profil ne permet pas cette action : il faut l’habilitation « ${wanted.map((a) => profileLabel({ application: a, level })).join(' » ou « ')} ». Demandez-la au gestionnaire principal de la structure.`,
    );
  throw structureNotFound();
}

export async function requireManager(db: Db, userId: number, structureId: number): Promise<void> {
  const access = await loadAccess(db, userId);
  if (mayManageStructure(access, structureId)) return;
  if (access.some((m) => m.structureId === structureId))
    throw new AppError('FORBIDDEN', 'Seul le gestionnaire principal de la structure peut faire cette action.');
  throw structureNotFound();
}

/** The main managers of a structure: who receives its membership requests and its notices. */
export function mainManagersOf(db: Db, structureId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.contact_email', 'u.first_name'])
    .where('m.structure_id', '=', structureId)
    .where('m.role', '=', 'MAIN_MANAGER')
    .where('m.status', '=', 'VALIDEE')
    .execute();
}
