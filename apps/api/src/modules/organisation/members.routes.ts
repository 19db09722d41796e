import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  inviteMemberSchema,
  itemsOf,
  memberSchema,
  membershipDecisionSchema,
  membershipRefusalSchema,
  membershipRequestSchema,
  membershipRequestedSchema,
  myMembershipSchema,
  myInvitationsSchema,
  okSchema,
  pendingRequestSchema,
  permissionSchema,
  setProfilesSchema,
  text,
} from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { binary, failures, noContent } from '../../platform/responses.ts';
import { sendDownload } from '../../platform/download.ts';
import { requireUser } from '../../plugins/session.ts';
import { decideMembership } from './decide-membership.ts';
import { decideInvitation, inviteMember, myInvitations } from './invitations.ts';
import { detachMember, setProfiles, transferMainManager } from './manage-members.ts';
import { listMembers, membersCsv } from './members.ts';
import { myMemberships, myPermissions, pendingRequests } from './my-memberships.ts';
import { requestMembership } from './request-membership.ts';
import {
  changesStructure,
  ofStructure,
  organisationTags as tags,
  signedIn,
  structureParams as id,
} from './organisation-answers.ts';

/** A structure's people: its members, invitations, requests to join, profiles and main manager. */
export const membersRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const user = (req: Parameters<typeof requireUser>[0]) => requireUser(req).userId;

    const memberFilter = z.object({
      status: z.enum(['EN_COURS_DE_VALIDATION', 'VALIDEE', 'REFUSEE', 'DESACTIVEE']).optional(),
      q: text('Recherche', 200).optional(),
    });
    app.get(
      '/api/structures/:id/members',
      {
        schema: {
          tags,
          summary: 'Consulter les utilisateurs',
          params: id,
          querystring: memberFilter,
          response: { 200: itemsOf(memberSchema, 'Utilisateurs rattachés'), ...ofStructure },
        },
      },
      async (req) => ({
        items: await listMembers(ctx, user(req), req.params.id, req.query),
      }),
    );
    app.get(
      '/api/structures/:id/members.csv',
      {
        schema: {
          tags,
          summary: 'Exporter les utilisateurs (CSV)',
          params: id,
          querystring: memberFilter,
          response: { 200: binary('text/csv', 'Utilisateurs rattachés (CSV « ; », UTF-8)'), ...ofStructure },
        },
      },
      async (req, reply) => {
        const csv = membersCsv(await listMembers(ctx, user(req), req.params.id, req.query));
        return sendDownload(
          reply,
          { fileName: `utilisateurs-structure-${req.params.id}.csv`, bytes: csv },
          { contentType: 'text/csv; charset=utf-8' },
        );
      },
    );
    app.post(
      '/api/structures/:id/invitations',
      {
        schema: {
          tags,
          summary: 'Rattacher un utilisateur',
          params: id,
          body: inviteMemberSchema,
          response: { 202: okSchema, ...changesStructure },
        },
      },
      async (req, reply) => {
        await inviteMember(ctx, user(req), req.params.id, req.body);
        return reply.status(202).send({ ok: true } as const);
      },
    );
    app.get(
      '/api/me/invitations',
      {
        schema: {
          tags,
          summary: 'Mes invitations à rejoindre une structure',
          response: { 200: myInvitationsSchema, ...signedIn },
        },
      },
      async (req) => myInvitations(ctx, user(req)),
    );
    for (const [action, accept] of [
      ['accept', true],
      ['decline', false],
    ] as const)
      app.post(
        `/api/me/invitations/:id/${action}`,
        {
          schema: {
            tags,
            summary: accept ? 'Accepter une invitation' : 'Refuser une invitation',
            params: id,
            response: { 200: okSchema, ...failures('UNAUTHENTICATED', 'NOT_FOUND') },
          },
        },
        async (req) => {
          await decideInvitation(ctx, user(req), req.params.id, accept);
          return { ok: true } as const;
        },
      );
    app.post(
      '/api/structures/:id/main-manager',
      {
        schema: {
          tags,
          summary: 'Transférer le rôle de gestionnaire principal',
          params: id,
          body: z.object({ membershipId: z.number().int() }),
          response: { 204: noContent, ...changesStructure },
        },
      },
      async (req, reply) => {
        await transferMainManager(ctx, user(req), req.params.id, req.body.membershipId);
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/memberships',
      {
        schema: {
          tags,
          summary: 'Demander un rattachement à une structure',
          body: membershipRequestSchema,
          response: {
            201: membershipRequestedSchema,
            ...failures('UNAUTHENTICATED', 'VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT'),
          },
        },
      },
      async (req, reply) => reply.status(201).send(await requestMembership(ctx, user(req), req.body)),
    );
    app.get(
      '/api/memberships/mine',
      {
        schema: {
          tags,
          summary: 'Mes rattachements et l’historique de mes demandes',
          response: { 200: itemsOf(myMembershipSchema, 'Mes rattachements'), ...signedIn },
        },
      },
      async (req) => ({ items: await myMemberships(ctx, user(req)) }),
    );
    app.get(
      '/api/memberships/pending',
      {
        schema: {
          tags,
          summary: 'Demandes de rattachement à traiter',
          response: { 200: itemsOf(pendingRequestSchema, 'Demandes à traiter'), ...signedIn },
        },
      },
      async (req) => ({ items: await pendingRequests(ctx, user(req)) }),
    );
    app.post(
      '/api/memberships/:id/approve',
      {
        schema: {
          tags,
          summary: 'Accepter une demande de rattachement',
          params: id,
          body: membershipDecisionSchema,
          response: { 204: noContent, ...changesStructure },
        },
      },
      async (req, reply) => {
        await decideMembership(ctx, user(req), req.params.id, { approve: true, comment: req.body.comment });
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/memberships/:id/refuse',
      {
        schema: {
          tags,
          summary: 'Refuser une demande de rattachement',
          params: id,
          body: membershipRefusalSchema,
          response: { 204: noContent, ...changesStructure },
        },
      },
      async (req, reply) => {
        await decideMembership(ctx, user(req), req.params.id, { approve: false, comment: req.body.comment });
        return reply.status(204).send();
      },
    );
    app.put(
      '/api/memberships/:id/profiles',
      {
        schema: {
          tags,
          summary: 'Gérer les habilitations d’un utilisateur',
          params: id,
          body: setProfilesSchema,
          response: { 204: noContent, ...changesStructure },
        },
      },
      async (req, reply) => {
        await setProfiles(ctx, user(req), req.params.id, req.body.profiles);
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/memberships/:id/detach',
      {
        schema: {
          tags,
          summary: 'Détacher un utilisateur',
          params: id,
          response: { 204: noContent, ...changesStructure },
        },
      },
      async (req, reply) => {
        await detachMember(ctx, user(req), req.params.id);
        return reply.status(204).send();
      },
    );
    app.get(
      '/api/me/permissions',
      {
        schema: {
          tags,
          summary: 'Mes habilitations',
          response: { 200: itemsOf(permissionSchema, 'Mes habilitations'), ...signedIn },
        },
      },
      async (req) => ({
        items: await myPermissions(ctx, user(req)),
      }),
    );
  };
