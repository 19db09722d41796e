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
import { PostgresAdapter, sql } from 'kysely';
import { AppError } from '../../platform/app-error.ts';
import type { Db } from '../../platform/context.ts';
import { oncePerRequest, type Reading, type RequestScope } from '../../platform/request-scope.ts';

/**
 * The profiles of the membership `m` of the enclosing query, in one value: a JSON array of
 * `[application, level]` pairs (`[]` or null when it has none). One row per membership rather
 * than one per membership and profile (issue 13): a main manager holds 20 profiles, and the
 * caller's authentication read 20 rows of 15 columns on every request; better-sqlite3 spent
 * ~70 µs of the ~80 µs of that read making JavaScript objects of them (SQLite itself: ~8 µs).
 * JSON rather than a joined string: a stored value cannot pass for two profiles.
 */
export function membershipProfiles(db: Db) {
  const pair = sql`${sql.ref('p.application')}, ${sql.ref('p.level')}`;
  const pairs =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql`json_agg(json_build_array(${pair}))`
      : sql`json_group_array(json_array(${pair}))`;
  return sql<ProfilePairs>`(select ${pairs} from ${sql.table('membership_profiles')} as ${sql.id('p')} where ${sql.ref('p.membership_id')} = ${sql.ref('m.id')})`.as(
    'profiles',
  );
}

/** What `membershipProfiles` reads: SQLite gives the JSON text, PostgreSQL the parsed array. */
type ProfilePairs = string | [string, string][] | null;

const validatedMemberships = preparedQuery((db, p: { userId: number }) =>
  db
    .selectFrom('memberships as m')
    .select(['m.id', 'm.structure_id', 'm.service_id', 'm.role', membershipProfiles(db)])
    .where('m.user_id', '=', p.userId)
    .where('m.status', '=', 'VALIDEE'),
);

/** One validated membership with its profiles, as the query above and the caller's authentication read them. */
export interface MembershipRow {
  id: number | null;
  structure_id: number | null;
  service_id: number | null;
  role: string | null;
  profiles: ProfilePairs;
}

/** The user's validated memberships with their profiles: the input of every access decision. */
export async function loadAccess(db: Db, userId: number): Promise<MembershipAccess[]> {
  return accessFromRows(await validatedMemberships.rows(db, { userId }));
}

function accessFromRows(rows: MembershipRow[]): MembershipAccess[] {
  const access: MembershipAccess[] = [];
  for (const r of rows) {
    if (r.id === null || r.structure_id === null || r.role === null) continue;
    const pairs = (typeof r.profiles === 'string' ? JSON.parse(r.profiles) : r.profiles) as [string, string][] | null;
    access.push({
      structureId: r.structure_id,
      serviceId: r.service_id,
      role: r.role as MembershipAccess['role'],
      profiles: (pairs ?? []).map(([application, level]) => ({ application, level }) as Profile),
    });
  }
  return access;
}

/**
 * The same, read once per request: for use cases that do not change memberships (the invoices),
 * whose every step checks the caller's rights (issue 13).
 */
export function accessForRequest(r: Reading, userId: number): Promise<MembershipAccess[]> {
  return oncePerRequest(r, `access:${userId}`, () => loadAccess(r.db, userId));
}

/**
 * The caller's memberships read with his session or API token (the same query, issue 13): the
 * request's later access decisions use them without reading them again. `rows` are those of the
 * authentication query, one per validated membership (one with a null `id`: a user without any).
 */
export function keepCallerAccess(scope: RequestScope | undefined, userId: number, rows: MembershipRow[]): void {
  scope?.keep(`access:${userId}`, accessFromRows(rows));
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
