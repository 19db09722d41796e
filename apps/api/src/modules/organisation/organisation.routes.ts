import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  bankAccountFormSchema,
  bankAccountSchema,
  foundStructureSchema,
  itemsOf,
  lookupResultSchema,
  serviceFormSchema,
  serviceSchema,
  structureFormSchema,
  structureLookupSchema,
  structureSchema,
  structureUpdateSchema,
  text,
} from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { binary, failures } from '../../platform/responses.ts';
import { sendDownload } from '../../platform/download.ts';
import { requireUser } from '../../plugins/session.ts';
import { attachBankProof, createBankAccount, downloadBankProof, listBankAccounts } from './bank-accounts.ts';
import { readUploadForm } from '../files/read-upload-form.ts';
import { createStructure } from './create-structure.ts';
import { lookupStructure } from './lookup-structure.ts';
import { searchStructures } from './request-membership.ts';
import { createService, listServices, setServiceActive, updateService } from './services.ts';
import { getStructure, setStructureActive, updateStructure } from './update-structure.ts';
import {
  changesStructure,
  ofStructure,
  organisationTags as tags,
  signedIn,
  structureParams as id,
} from './organisation-answers.ts';

// The structure's people (members, invitations, memberships): members.routes.ts.
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
  };
