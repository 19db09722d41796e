import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ticketCategories } from '@chorale/domain';
import {
  ticketActionSchema,
  ticketCategoriesSchema,
  ticketFormSchema,
  ticketListQuerySchema,
  ticketPageSchema,
  ticketSchema,
} from '@chorale/contracts';
import { binary, failures } from '../../platform/responses.ts';
import { sendDownload } from '../../platform/download.ts';
import { requireUser } from '../../plugins/session.ts';
import { readUploadForm } from '../files/read-upload-form.ts';
import { actOnTicket } from './act-on-ticket.ts';
import { listTickets, ticketsCsv } from './list-tickets.ts';
import { saveTicket } from './save-ticket.ts';
import { addTicketAttachment, downloadTicketAttachment } from './ticket-attachments.ts';
import { ticketView } from './ticket-view.ts';

const id = z.object({ id: z.coerce.number().int().positive() });
const attachmentParams = z.object({
  id: z.coerce.number().int().positive(),
  attachmentId: z.coerce.number().int().positive(),
});
const tags = ['Support'];
const readsTicket = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND');
const changesTicket = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED');

// Use cases get each request's context (`req.ctx`: its scope of reads, request-scope.ts).
export const supportRoutes = (): FastifyPluginAsyncZod => async (app) => {
  const user = (req: Parameters<typeof requireUser>[0]) => requireUser(req).userId;

  app.get(
    '/api/tickets/categories',
    {
      schema: {
        tags,
        summary: 'Catégories et sous-catégories de tickets',
        response: { 200: ticketCategoriesSchema, ...failures('UNAUTHENTICATED') },
      },
    },
    async () => ({ categories: ticketCategories }),
  );
  app.get(
    '/api/tickets',
    {
      schema: {
        tags,
        summary: 'Tickets émis',
        querystring: ticketListQuerySchema,
        response: { 200: ticketPageSchema, ...failures('UNAUTHENTICATED') },
      },
    },
    async (req) => listTickets(req.ctx, user(req), 'emitter', req.query),
  );
  app.get(
    '/api/tickets/export.csv',
    {
      schema: {
        tags,
        summary: 'Exporter le tableau des tickets émis',
        querystring: ticketListQuerySchema,
        response: {
          200: binary('text/csv', 'Tableau des tickets émis (CSV « ; », UTF-8)'),
          ...failures('UNAUTHENTICATED'),
        },
      },
    },
    async (req, reply) => {
      const { items } = await listTickets(req.ctx, user(req), 'emitter', { ...req.query, page: 1, pageSize: 10_000 });
      return sendDownload(
        reply,
        { fileName: 'tickets-emis.csv', bytes: ticketsCsv(items) },
        { contentType: 'text/csv; charset=utf-8' },
      );
    },
  );
  app.get(
    '/api/tickets/received',
    {
      schema: {
        tags,
        summary: 'Tickets reçus (support)',
        querystring: ticketListQuerySchema,
        response: { 200: ticketPageSchema, ...failures('UNAUTHENTICATED') },
      },
    },
    async (req) => listTickets(req.ctx, user(req), 'receiver', req.query),
  );
  app.post(
    '/api/tickets',
    {
      schema: {
        tags,
        summary: 'Créer un ticket (soumettre ou enregistrer)',
        body: ticketFormSchema,
        response: { 201: ticketSchema, ...changesTicket },
      },
    },
    async (req, reply) => {
      const ticketId = await saveTicket(req.ctx, user(req), null, req.body);
      return reply.status(201).send(await ticketView(req.ctx, user(req), ticketId));
    },
  );
  app.get(
    '/api/tickets/:id',
    { schema: { tags, summary: 'Consulter un ticket', params: id, response: { 200: ticketSchema, ...readsTicket } } },
    async (req) => ticketView(req.ctx, user(req), req.params.id),
  );
  app.put(
    '/api/tickets/:id',
    {
      schema: {
        tags,
        summary: 'Modifier ou soumettre un brouillon',
        params: id,
        body: ticketFormSchema,
        response: { 200: ticketSchema, ...changesTicket },
      },
    },
    async (req) => {
      await saveTicket(req.ctx, user(req), req.params.id, req.body);
      return ticketView(req.ctx, user(req), req.params.id);
    },
  );
  app.post(
    '/api/tickets/:id/actions',
    {
      schema: {
        tags,
        summary:
          'Agir sur un ticket (commenter, demander des informations, résoudre, répondre, fermer, accepter, renvoyer)',
        params: id,
        body: ticketActionSchema,
        response: { 200: ticketSchema, ...changesTicket },
      },
    },
    async (req) => {
      await actOnTicket(req.ctx, user(req), req.params.id, req.body);
      return ticketView(req.ctx, user(req), req.params.id);
    },
  );
  app.post(
    '/api/tickets/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Ajouter une pièce jointe (multipart : file)',
        params: id,
        response: { 201: ticketSchema, ...changesTicket },
      },
    },
    async (req, reply) => {
      const { file } = await readUploadForm(req);
      await addTicketAttachment(req.ctx, user(req), req.params.id, file);
      return reply.status(201).send(await ticketView(req.ctx, user(req), req.params.id));
    },
  );
  app.get(
    '/api/tickets/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Télécharger une pièce jointe',
        params: attachmentParams,
        response: { 200: binary('application/octet-stream', 'La pièce jointe, octet pour octet'), ...readsTicket },
      },
    },
    async (req, reply) => {
      const file = await downloadTicketAttachment(req.ctx, user(req), req.params.id, req.params.attachmentId);
      return sendDownload(reply, file);
    },
  );
};
