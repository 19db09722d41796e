import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  bankAccountFormSchema,
  bankAccountSchema,
  foundStructureSchema,
  inviteMemberSchema,
  itemsOf,
  lookupResultSchema,
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
  serviceFormSchema,
  serviceSchema,
  setProfilesSchema,
  structureFormSchema,
  structureLookupSchema,
  structureSchema,
  structureUpdateSchema,
  text,
} from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { binary, failures, noContent } from '../../platform/responses.ts';
import { sendDownload } from '../../platform/download.ts';
import { requireUser } from '../../plugins/session.ts';
import { attachBankProof, createBankAccount, downloadBankProof, listBankAccounts } from './bank-accounts.ts';
import { readUploadForm } from '../files/read-upload-form.ts';
import { createStructure } from './create-structure.ts';
import { decideMembership } from './decide-membership.ts';
import { lookupStructure } from './lookup-structure.ts';
import { decideInvitation, inviteMember, myInvitations } from './invitations.ts';
import { detachMember, setProfiles, transferMainManager } from './manage-members.ts';
import { listMembers, membersCsv } from './members.ts';
import { myMemberships, myPermissions, pendingRequests } from './my-memberships.ts';
import { requestMembership, searchStructures } from './request-membership.ts';
import { createService, listServices, setServiceActive, updateService } from './services.ts';
import { getStructure, setStructureActive, updateStructure } from './update-structure.ts';

const id = z.object({ id: z.coerce.number().int().positive() });
const tags = ['Organisation'];
const signedIn = failures('UNAUTHENTICATED');
// Reading a structure's data: the user must belong to it (or manage it).
const ofStructure = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND');
const changesStructure = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED');

export const organisationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const user = (req: Parameters<typeof requireUser>[0]) => requireUser(req).userId;

    app.get(
      '/api/structures/lookup',
      {
        schema: {
          tags,
          summary: 'Créer une structure : l’identifiant est-il connu ?',
          querystring: structureLookupSchema,
          response: { 200: lookupResultSchema, ...failures('UNAUTHENTICATED', 'VALIDATION_FAILED') },
        },
      },
      async (req) => {
        user(req);
        return lookupStructure(ctx, req.query);
      },
    );
    app.post(
      '/api/structures',
      {
        schema: {
          tags,
          summary: 'Créer une structure',
          body: structureFormSchema,
          response: { 201: structureSchema, ...failures('UNAUTHENTICATED', 'VALIDATION_FAILED', 'CONFLICT') },
        },
      },
      async (req, reply) => reply.status(201).send(await createStructure(ctx, user(req), req.body)),
    );
    app.get(
      '/api/structures/search',
      {
        schema: {
          tags,
          summary: 'Rechercher une structure (demande de rattachement)',
          querystring: z.object({ q: text('Recherche', 200).default('') }),
          response: { 200: itemsOf(foundStructureSchema, 'Structures trouvées'), ...signedIn },
        },
      },
      async (req) => {
        user(req);
        return { items: await searchStructures(ctx, req.query.q) };
      },
    );
    app.get(
      '/api/structures/:id',
      {
        schema: {
          tags,
          summary: 'Consulter une structure',
          params: id,
          response: { 200: structureSchema, ...ofStructure },
        },
      },
      async (req) => getStructure(ctx, user(req), req.params.id),
    );
    app.put(
      '/api/structures/:id',
      {
        schema: {
          tags,
          summary: 'Modifier une structure',
          params: id,
          body: structureUpdateSchema,
          response: { 200: structureSchema, ...changesStructure },
        },
      },
      async (req) => updateStructure(ctx, user(req), req.params.id, req.body),
    );
    app.post(
      '/api/structures/:id/activate',
      {
        schema: {
          tags,
          summary: 'Activer une structure',
          params: id,
          response: { 200: structureSchema, ...changesStructure },
        },
      },
      async (req) => setStructureActive(ctx, user(req), req.params.id, true),
    );
    app.post(
      '/api/structures/:id/deactivate',
      {
        schema: {
          tags,
          summary: 'Désactiver une structure',
          params: id,
          response: { 200: structureSchema, ...changesStructure },
        },
      },
      async (req) => setStructureActive(ctx, user(req), req.params.id, false),
    );

    app.get(
      '/api/structures/:id/services',
      {
        schema: {
          tags,
          summary: 'Services d’une structure',
          params: id,
          response: { 200: itemsOf(serviceSchema, 'Services de la structure'), ...ofStructure },
        },
      },
      async (req) => ({ items: await listServices(ctx, user(req), req.params.id) }),
    );
    app.post(
      '/api/structures/:id/services',
      {
        schema: {
          tags,
          summary: 'Créer un service',
          params: id,
          body: serviceFormSchema,
          response: { 201: serviceSchema, ...changesStructure },
        },
      },
      async (req, reply) => reply.status(201).send(await createService(ctx, user(req), req.params.id, req.body)),
    );
    app.put(
      '/api/services/:id',
      {
        schema: {
          tags,
          summary: 'Modifier un service',
          params: id,
          body: serviceFormSchema,
          response: { 200: serviceSchema, ...changesStructure },
        },
      },
      async (req) => updateService(ctx, user(req), req.params.id, req.body),
    );
    app.post(
      '/api/services/:id/activate',
      {
        schema: {
          tags,
          summary: 'Activer un service',
          params: id,
          response: { 200: serviceSchema, ...changesStructure },
        },
      },
      async (req) => setServiceActive(ctx, user(req), req.params.id, true),
    );
    app.post(
      '/api/services/:id/deactivate',
      {
        schema: {
          tags,
          summary: 'Désactiver un service',
          params: id,
          response: { 200: serviceSchema, ...changesStructure },
        },
      },
      async (req) => setServiceActive(ctx, user(req), req.params.id, false),
    );

    app.get(
      '/api/structures/:id/bank-accounts',
      {
        schema: {
          tags,
          summary: 'Coordonnées bancaires',
          params: id,
          response: { 200: itemsOf(bankAccountSchema, 'Coordonnées bancaires de la structure'), ...ofStructure },
        },
      },
      async (req) => ({ items: await listBankAccounts(ctx, user(req), req.params.id) }),
    );
    app.post(
      '/api/structures/:id/bank-accounts',
      {
        schema: {
          tags,
          summary: 'Créer une coordonnée bancaire',
          params: id,
          body: bankAccountFormSchema,
          response: { 201: bankAccountSchema, ...changesStructure },
        },
      },
      async (req, reply) => reply.status(201).send(await createBankAccount(ctx, user(req), req.params.id, req.body)),
    );

    const bankParams = z.object({ id: z.coerce.number().int().positive(), bankId: z.coerce.number().int().positive() });
    app.post(
      '/api/structures/:id/bank-accounts/:bankId/proof',
      {
        schema: {
          tags,
          summary: 'Joindre le justificatif de coordonnées bancaires (multipart : file)',
          params: bankParams,
          response: { 200: bankAccountSchema, ...changesStructure },
        },
      },
      async (req) => {
        const { file } = await readUploadForm(req);
        return attachBankProof(ctx, user(req), req.params.id, req.params.bankId, file);
      },
    );
    app.get(
      '/api/structures/:id/bank-accounts/:bankId/proof',
      {
        schema: {
          tags,
          summary: 'Télécharger le justificatif de coordonnées bancaires',
          params: bankParams,
          response: { 200: binary('application/octet-stream', 'Le justificatif déposé'), ...ofStructure },
        },
      },
      async (req, reply) => {
        const file = await downloadBankProof(ctx, user(req), req.params.id, req.params.bankId);
        return sendDownload(reply, file);
      },
    );

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
