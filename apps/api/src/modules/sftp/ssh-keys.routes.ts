import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { itemsOf, sshKeyFormSchema, sshKeySchema } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import { failures, noContent } from '../../platform/responses.ts';
import { requireSession, requireUser } from '../../plugins/session.ts';
import { addSshKey, listSshKeys, removeSshKey } from './ssh-keys.ts';

const tags = ['Raccordements'];
const id = z.object({ id: z.coerce.number().int().positive() });
const changes = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED');

/**
 * « Clé publique SSH » of a technical account (mode EDI, SFTP), for the main managers of its
 * structure. As for passwords, adding or removing a key needs the portal's session.
 */
export const sshKeysRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/technical-accounts/:id/ssh-keys',
      {
        schema: {
          tags,
          summary: 'Clés publiques SSH d’un compte technique (connexion SFTP du mode EDI)',
          params: id,
          response: {
            200: itemsOf(sshKeySchema, 'Les clés publiques SSH du compte technique'),
            ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'),
          },
        },
      },
      async (req) => ({ items: await listSshKeys(ctx, requireUser(req).userId, req.params.id) }),
    );
    app.post(
      '/api/technical-accounts/:id/ssh-keys',
      {
        schema: {
          tags,
          summary: 'Ajouter une clé publique SSH à un compte technique (ligne d’un fichier .pub)',
          params: id,
          body: sshKeyFormSchema,
          response: { 201: sshKeySchema.describe('La clé enregistrée et son empreinte'), ...changes },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await addSshKey(ctx, requireSession(req).userId, req.params.id, req.body)),
    );
    app.delete(
      '/api/technical-accounts/:id/ssh-keys/:keyId',
      {
        schema: {
          tags,
          summary: 'Supprimer une clé publique SSH d’un compte technique',
          params: id.extend({ keyId: z.coerce.number().int().positive() }),
          response: { 204: noContent, ...changes },
        },
      },
      async (req, reply) => {
        await removeSshKey(ctx, requireSession(req).userId, req.params.id, req.params.keyId);
        return reply.status(204).send();
      },
    );
  };
