import { randomBytes } from 'node:crypto';
import { TECHNICAL_ACCOUNT_DEFAULT_DAYS, TECHNICAL_ACCOUNT_MAX_DAYS } from '@chorale/contracts';
import { applicationsFor, type Profile } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { randomToken, sha256 } from '../../platform/secrets.ts';
import { endOfParisDay } from '../me/api-tokens.ts';
import { requireManager, structureNotFound } from '../organisation/access.ts';
import { endMembership } from '../organisation/manage-members.ts';
import { schedulePasswordReminder } from './password-reminder.ts';

/**
 * « Raccordements »: a structure's managers declare API connections (OAuth clients) and technical
 * accounts, and attach those accounts to structures and services with profiles. An attachment is
 * a validated membership of the account's user row: the portal's access rules apply unchanged.
 */

export { TECHNICAL_ACCOUNT_DEFAULT_DAYS, TECHNICAL_ACCOUNT_MAX_DAYS };

const CLIENT_ID_PREFIX = 'chorale-';
const SECRET_PREFIX = 'cpro_';

export async function createConnection(
  ctx: AppContext,
  managerId: number,
  cmd: { structureId: number; name: string },
): Promise<{ id: number; clientId: string; clientSecret: string }> {
  await requireManager(ctx.db, managerId, cmd.structureId);
  const clientId = `${CLIENT_ID_PREFIX}${randomBytes(12).toString('hex')}`;
  const clientSecret = `${SECRET_PREFIX}${randomToken(32)}`;
  const row = await ctx.db
    .insertInto('cpro_connections')
    .values({
      structure_id: cmd.structureId,
      name: cmd.name,
      client_id: clientId,
      secret_hash: sha256(clientSecret),
      created_by: managerId,
      created_at: isoNow(ctx),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, clientId, clientSecret };
}

const connectionNotFound = () =>
  new AppError('NOT_FOUND', 'Raccordement introuvable, ou vous n’en êtes pas gestionnaire.');

export async function managedConnection(ctx: AppContext, managerId: number, connectionId: number) {
  const row = await ctx.db.selectFrom('cpro_connections').selectAll().where('id', '=', connectionId).executeTakeFirst();
  if (!row) throw connectionNotFound();
  await requireManager(ctx.db, managerId, row.structure_id).catch(() => {
    throw connectionNotFound();
  });
  return row;
}

/** « Renouveler le secret »: the old secret and its tokens stop working at once. */
export async function rotateConnectionSecret(ctx: AppContext, managerId: number, connectionId: number) {
  const row = await managedConnection(ctx, managerId, connectionId);
  if (row.revoked_at) throw new AppError('CONFLICT', 'Ce raccordement est révoqué.');
  const clientSecret = `${SECRET_PREFIX}${randomToken(32)}`;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('cpro_connections')
      .set({ secret_hash: sha256(clientSecret), rotated_at: isoNow(ctx) })
      .where('id', '=', connectionId)
      .execute();
    await trx.deleteFrom('cpro_access_tokens').where('connection_id', '=', connectionId).execute();
  });
  return { id: row.id, clientId: row.client_id, clientSecret };
}

/** « Révoquer »: its tokens stop working at the next call. */
export async function revokeConnection(ctx: AppContext, managerId: number, connectionId: number) {
  const row = await managedConnection(ctx, managerId, connectionId);
  if (row.revoked_at) throw new AppError('CONFLICT', 'Ce raccordement est déjà révoqué.');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('cpro_connections')
      .set({ revoked_at: isoNow(ctx) })
      .where('id', '=', connectionId)
      .execute();
    await trx.deleteFrom('cpro_access_tokens').where('connection_id', '=', connectionId).execute();
  });
}

function expiryOf(ctx: AppContext, expiresOn: string | null | undefined): Date {
  const now = ctx.now().getTime();
  const expires = expiresOn ? endOfParisDay(expiresOn) : new Date(now + TECHNICAL_ACCOUNT_DEFAULT_DAYS * 86_400_000);
  const message =
    expires.getTime() <= now
      ? 'La date d’expiration est passée : choisissez une date à venir.'
      : expires.getTime() > now + (TECHNICAL_ACCOUNT_MAX_DAYS + 1) * 86_400_000
        ? `Un mot de passe de compte technique vaut au plus ${TECHNICAL_ACCOUNT_MAX_DAYS} jours : choisissez une date plus proche.`
        : null;
  if (message) throw new AppError('VALIDATION_FAILED', message, { expiresOn: message });
  return expires;
}

/** « Créer un compte technique »: login and password generated, the password shown once. */
export async function createTechnicalAccount(
  ctx: AppContext,
  managerId: number,
  cmd: { structureId: number; expiresOn?: string | null },
): Promise<{ id: number; login: string; password: string; expiresAt: string }> {
  await requireManager(ctx.db, managerId, cmd.structureId);
  const structure = await ctx.db
    .selectFrom('structures')
    .select(['identifier'])
    .where('id', '=', cmd.structureId)
    .executeTakeFirstOrThrow();
  const manager = await ctx.db
    .selectFrom('users')
    .select(['contact_email'])
    .where('id', '=', managerId)
    .executeTakeFirstOrThrow();
  const expiresAt = expiryOf(ctx, cmd.expiresOn).toISOString();
  const suffix = randomBytes(4).toString('hex').toUpperCase();
  const login = `TECH_${structure.identifier.replace(/[^A-Za-z0-9]/g, '')}_${suffix}@cpro.chorale`;
  const password = randomToken(24);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('users')
      .values({
        login_email: login.toLowerCase(),
        first_name: 'Compte technique',
        last_name: login,
        phone: '',
        // Reminders (password expiry) and notices go to the manager who created it.
        contact_email: manager.contact_email,
        survey_consent: 0,
        status: 'technical',
        password_hash: null,
        created_at: isoNow(ctx),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const account = await trx
      .insertInto('cpro_technical_accounts')
      .values({
        user_id: user.id,
        structure_id: cmd.structureId,
        login,
        password_hash: sha256(password),
        expires_at: expiresAt,
        created_by: managerId,
        created_at: isoNow(ctx),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await schedulePasswordReminder(trx, ctx, account.id, expiresAt);
    return account.id;
  });
  return { id, login, password, expiresAt };
}

const accountNotFound = () =>
  new AppError('NOT_FOUND', 'Compte technique introuvable, ou vous n’en êtes pas gestionnaire.');

export async function managedAccount(ctx: AppContext, managerId: number, accountId: number) {
  const row = await ctx.db
    .selectFrom('cpro_technical_accounts')
    .selectAll()
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw accountNotFound();
  await requireManager(ctx.db, managerId, row.structure_id).catch(() => {
    throw accountNotFound();
  });
  return row;
}

/** « Nouveau mot de passe »: a new generated password and expiry date, the old one stops at once. */
export async function renewTechnicalPassword(
  ctx: AppContext,
  managerId: number,
  accountId: number,
  cmd: { expiresOn?: string | null },
) {
  const row = await managedAccount(ctx, managerId, accountId);
  if (row.revoked_at) throw new AppError('CONFLICT', 'Ce compte technique est révoqué.');
  const expiresAt = expiryOf(ctx, cmd.expiresOn).toISOString();
  const password = randomToken(24);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('cpro_technical_accounts')
      .set({ password_hash: sha256(password), expires_at: expiresAt, reminder_sent_at: null })
      .where('id', '=', accountId)
      .execute();
    await schedulePasswordReminder(trx, ctx, accountId, expiresAt);
  });
  return { id: row.id, login: row.login, password, expiresAt };
}

export async function revokeTechnicalAccount(ctx: AppContext, managerId: number, accountId: number) {
  const row = await managedAccount(ctx, managerId, accountId);
  if (row.revoked_at) throw new AppError('CONFLICT', 'Ce compte technique est déjà révoqué.');
  await ctx.db
    .updateTable('cpro_technical_accounts')
    .set({ revoked_at: isoNow(ctx) })
    .where('id', '=', accountId)
    .execute();
}

/**
 * « Rattacher » a technical account to a structure (or one of its services) with profiles: the
 * caller manages both the account's structure and the target. Attaching again replaces the profiles.
 */
export async function attachTechnicalAccount(
  ctx: AppContext,
  managerId: number,
  accountId: number,
  cmd: { structureId: number; serviceId?: number | null; profiles: Profile[] },
): Promise<{ membershipId: number }> {
  const account = await managedAccount(ctx, managerId, accountId);
  if (account.revoked_at) throw new AppError('CONFLICT', 'Ce compte technique est révoqué.');
  await requireManager(ctx.db, managerId, cmd.structureId);
  const structure = await ctx.db
    .selectFrom('structures')
    .select('kind')
    .where('id', '=', cmd.structureId)
    .executeTakeFirst();
  if (!structure) throw structureNotFound();
  if (cmd.serviceId) {
    const service = await ctx.db
      .selectFrom('services')
      .select('id')
      .where('id', '=', cmd.serviceId)
      .where('structure_id', '=', cmd.structureId)
      .executeTakeFirst();
    if (!service) throw new AppError('NOT_FOUND', 'Ce service n’appartient pas à la structure choisie.');
  }
  const allowed = new Set(applicationsFor(structure.kind));
  const profiles = [
    ...new Map(
      cmd.profiles.filter((p) => allowed.has(p.application)).map((p) => [`${p.application}:${p.level}`, p]),
    ).values(),
  ];
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('memberships')
      .select('id')
      .where('user_id', '=', account.user_id)
      .where('structure_id', '=', cmd.structureId)
      .where('status', '=', 'VALIDEE')
      .where((eb) => (cmd.serviceId ? eb('service_id', '=', cmd.serviceId) : eb('service_id', 'is', null)))
      .executeTakeFirst();
    const membershipId =
      existing?.id ??
      (
        await trx
          .insertInto('memberships')
          .values({
            user_id: account.user_id,
            structure_id: cmd.structureId,
            service_id: cmd.serviceId ?? null,
            role: 'SIMPLE',
            status: 'VALIDEE',
            request_comment: null,
            decided_by: managerId,
            decided_at: isoNow(ctx),
            created_at: isoNow(ctx),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    await trx.deleteFrom('membership_profiles').where('membership_id', '=', membershipId).execute();
    if (profiles.length)
      await trx
        .insertInto('membership_profiles')
        .values(profiles.map((p) => ({ membership_id: membershipId, application: p.application, level: p.level })))
        .execute();
    await trx
      .insertInto('structure_events')
      .values({
        structure_id: cmd.structureId,
        user_id: managerId,
        kind: 'technical_account_attached',
        detail: account.login,
        created_at: isoNow(ctx),
      })
      .execute();
    return { membershipId };
  });
}

/**
 * « Détacher »: the account loses this attachment and its profiles (the membership is kept as
 * « Supprimée », like a detached person's). The caller manages the account's structure and the
 * attachment's one.
 */
export async function detachTechnicalAccount(
  ctx: AppContext,
  managerId: number,
  accountId: number,
  membershipId: number,
): Promise<void> {
  const account = await managedAccount(ctx, managerId, accountId);
  const membership = await ctx.db
    .selectFrom('memberships')
    .select(['id', 'structure_id'])
    .where('id', '=', membershipId)
    .where('user_id', '=', account.user_id)
    .where('status', '=', 'VALIDEE')
    .executeTakeFirst();
  if (!membership) throw new AppError('NOT_FOUND', 'Ce rattachement du compte technique n’existe pas ou plus.');
  await requireManager(ctx.db, managerId, membership.structure_id);
  await ctx.db.transaction().execute(async (trx) => {
    await endMembership(trx, ctx, managerId, membershipId);
    await trx
      .insertInto('structure_events')
      .values({
        structure_id: membership.structure_id,
        user_id: managerId,
        kind: 'technical_account_detached',
        detail: account.login,
        created_at: isoNow(ctx),
      })
      .execute();
  });
}
