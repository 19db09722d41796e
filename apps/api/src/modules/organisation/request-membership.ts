import { searchMatch } from '@chorale/db';
import type { StructureIdentifierType } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { enqueue } from '../../platform/outbox.ts';
import { portalLink } from '../accounts/links.ts';
import { mainManagersOf } from './access.ts';
import { membershipRequestedMail } from './mails.ts';

/** Structures a user may ask to join: search by identifier, company name or label. */
export async function searchStructures(ctx: AppContext, q: string) {
  const term = q.trim().toLowerCase();
  if (term.length < 2) return [];
  const rows = await ctx.db
    .selectFrom('structures')
    .select(['id', 'identifier_type', 'identifier', 'company_name', 'label', 'kind', 'city', 'non_diffusible'])
    .where('active', '=', 1)
    .where((eb) =>
      eb.or([
        searchMatch('identifier', term.replace(/\s/g, ''), { mode: 'prefix' }),
        searchMatch('company_name', term, { ignoreCase: true }),
        searchMatch('label', term, { ignoreCase: true }),
      ]),
    )
    .orderBy('company_name')
    .limit(20)
    .execute();
  const services = rows.length
    ? await ctx.db
        .selectFrom('services')
        .select(['id', 'structure_id', 'code', 'name'])
        .where(
          'structure_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('active', '=', 1)
        .orderBy('code')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    identifierType: r.identifier_type as StructureIdentifierType,
    identifier: r.identifier,
    // A « non diffusible » company's name is not shown to strangers (INSEE dissemination rule).
    companyName: r.non_diffusible ? 'Structure non diffusible' : r.company_name,
    label: r.non_diffusible ? '' : (r.label ?? ''),
    kind: r.kind,
    city: r.non_diffusible ? '' : (r.city ?? ''),
    services: services.filter((s) => s.structure_id === r.id).map((s) => ({ id: s.id, code: s.code, name: s.name })),
  }));
}

/** « Demander un rattachement à une structure », at structure or service level. */
export async function requestMembership(
  ctx: AppContext,
  userId: number,
  cmd: { structureId: number; serviceId: number | null; comment: string },
) {
  const structure = await ctx.db
    .selectFrom('structures')
    .select(['id', 'company_name', 'active'])
    .where('id', '=', cmd.structureId)
    .executeTakeFirst();
  if (!structure || structure.active !== 1)
    throw new AppError('NOT_FOUND', 'Cette structure n’existe pas ou n’est pas active.', {
      structureId: 'Cette structure n’existe pas ou n’est pas active.',
    });
  let serviceName: string | null = null;
  if (cmd.serviceId !== null) {
    const service = await ctx.db
      .selectFrom('services')
      .select(['code', 'name'])
      .where('id', '=', cmd.serviceId)
      .where('structure_id', '=', cmd.structureId)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!service)
      throw new AppError('VALIDATION_FAILED', 'Ce service n’existe pas dans cette structure.', {
        serviceId: 'Ce service n’existe pas dans cette structure.',
      });
    serviceName = `${service.code} – ${service.name}`;
  }
  const membership = await ctx.db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom('memberships')
      .select(['status'])
      .where('user_id', '=', userId)
      .where('structure_id', '=', cmd.structureId)
      .where((eb) => (cmd.serviceId === null ? eb('service_id', 'is', null) : eb('service_id', '=', cmd.serviceId)))
      .where('status', 'in', ['EN_COURS_DE_VALIDATION', 'VALIDEE'])
      .executeTakeFirst();
    if (open)
      throw new AppError(
        'CONFLICT',
        open.status === 'VALIDEE'
          ? 'Vous êtes déjà rattaché(e) à cette structure.'
          : 'Une demande de rattachement à cette structure est déjà en cours de validation.',
      );
    const now = isoNow(ctx);
    const row = await trx
      .insertInto('memberships')
      .values({
        user_id: userId,
        structure_id: cmd.structureId,
        service_id: cmd.serviceId,
        role: 'SIMPLE',
        status: 'EN_COURS_DE_VALIDATION',
        request_comment: cmd.comment,
        created_at: now,
      })
      .returning(['id', 'status', 'created_at'])
      .executeTakeFirstOrThrow();
    const requester = await trx
      .selectFrom('users')
      .select(['first_name', 'last_name', 'login_email'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const managers = await mainManagersOf(trx, cmd.structureId);
    for (const manager of managers)
      await enqueue(
        trx,
        ctx,
        'mail.send',
        membershipRequestedMail(
          manager.contact_email,
          manager.first_name,
          `${requester.first_name} ${requester.last_name} (${requester.login_email})`,
          structure.company_name,
          serviceName,
          cmd.comment,
          portalLink(ctx, '/organisation/utilisateurs/demandes'),
        ),
      );
    return row;
  });
  ctx.nudgeOutbox();
  return { id: membership.id, status: membership.status, createdAt: membership.created_at };
}
