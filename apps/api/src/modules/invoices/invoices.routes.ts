import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  completeInvoiceSchema,
  invoiceHeaderSchema,
  invoiceLineSchema,
  invoicePageSchema,
  invoiceSchema,
  invoiceSearchSchema,
  invoiceStatusChangeSchema,
  typedInvoiceSchema,
  sendCheckSchema,
} from '@chorale/contracts';
import { binary, failures, noContent } from '../../platform/responses.ts';
import { sendDownload } from '../../platform/download.ts';
import { checkSendRules } from './check-send-rules.ts';
import { completeInvoice, processReceivedInvoice } from './change-status.ts';
import {
  changesInvoice,
  invoiceParams as id,
  invoiceTags as tags,
  readsInvoice,
  user,
  view,
} from './invoice-answers.ts';
import { addLine, deleteLine, updateLine } from './invoice-lines.ts';
import { listInvoices } from './list-invoices.ts';
import { exportCount, invoicesCsv, invoicesXlsx } from './export-invoices.ts';
import { createDraft, deleteDraft, updateDraft } from './save-draft.ts';
import { sendTypedInvoice, submitInvoice } from './submit-invoice.ts';

const lineParams = id.extend({ lineId: z.coerce.number().int().positive() });
const listQuery = invoiceSearchSchema;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// Use cases get each request's context (`req.ctx`: its scope of reads, request-scope.ts).
// An invoice's files: invoice-files.routes.ts.
export const invoicesRoutes = (): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/api/invoices/issued',
    {
      schema: {
        tags,
        summary: 'Factures émises',
        querystring: listQuery,
        response: { 200: invoicePageSchema, ...failures('UNAUTHENTICATED') },
      },
    },
    async (req) => listInvoices(req.ctx, user(req), { side: 'issued', ...req.query }),
  );
  app.get(
    '/api/invoices/received',
    {
      schema: {
        tags,
        summary: 'Factures reçues',
        querystring: listQuery,
        response: { 200: invoicePageSchema, ...failures('UNAUTHENTICATED') },
      },
    },
    async (req) => listInvoices(req.ctx, user(req), { side: 'received', ...req.query }),
  );
  for (const side of ['issued', 'received'] as const) {
    const title = side === 'issued' ? 'Factures émises' : 'Factures reçues';
    const fileBase = side === 'issued' ? 'factures-emises' : 'factures-recues';
    app.get(
      `/api/invoices/${side}/export.csv`,
      {
        schema: {
          tags,
          summary: `${title} : exporter tous les résultats de la recherche (CSV « ; », UTF-8)`,
          querystring: listQuery,
          response: {
            200: binary('text/csv', 'Les factures trouvées, toutes pages (CSV « ; », UTF-8 avec BOM)'),
            ...failures('UNAUTHENTICATED'),
          },
        },
      },
      async (req, reply) => {
        const q = { side, ...req.query };
        reply.header('x-total-count', String(await exportCount(req.ctx, user(req), q)));
        return sendDownload(
          reply,
          { fileName: `${fileBase}.csv`, bytes: invoicesCsv(req.ctx, user(req), q) },
          { contentType: 'text/csv; charset=utf-8' },
        );
      },
    );
    app.get(
      `/api/invoices/${side}/export.xlsx`,
      {
        schema: {
          tags,
          summary: `${title} : exporter tous les résultats de la recherche (Excel)`,
          querystring: listQuery,
          response: {
            200: binary(XLSX, 'Les factures trouvées, toutes pages (classeur Excel)'),
            ...failures('UNAUTHENTICATED'),
          },
        },
      },
      async (req, reply) => {
        const q = { side, ...req.query };
        reply.header('x-total-count', String(await exportCount(req.ctx, user(req), q)));
        return sendDownload(
          reply,
          { fileName: `${fileBase}.xlsx`, bytes: await invoicesXlsx(req.ctx, user(req), q, title) },
          { contentType: XLSX },
        );
      },
    );
  }

  app.post(
    '/api/invoices',
    {
      schema: {
        tags,
        summary: 'Saisir facture : enregistrer le brouillon',
        body: invoiceHeaderSchema,
        response: { 201: invoiceSchema, ...changesInvoice },
      },
    },
    async (req, reply) => {
      const userId = user(req);
      const draft = await createDraft(req.ctx, userId, req.body);
      return reply.status(201).send(await view(req, draft.inv.id, draft));
    },
  );
  app.post(
    '/api/invoices/send',
    {
      schema: {
        tags,
        summary: 'Saisir et envoyer une facture complète en un appel (en-tête et lignes)',
        description:
          'Le brouillon, ses lignes et l’envoi dans une seule transaction : les mêmes contrôles que « Enregistrer », ' +
          '« Ajouter une ligne » puis « Confirmer et envoyer ». Si une règle d’envoi refuse la facture, rien n’est gardé.',
        body: typedInvoiceSchema,
        response: { 201: invoiceSchema, ...changesInvoice },
      },
    },
    async (req, reply) => {
      const userId = user(req);
      const sent = await sendTypedInvoice(req.ctx, userId, req.body);
      req.ctx.nudgeOutbox();
      return reply.status(201).send(await view(req, sent.inv.id, sent));
    },
  );
  app.get(
    '/api/invoices/:id',
    {
      schema: {
        tags,
        summary: 'Consulter une facture',
        params: id,
        response: { 200: invoiceSchema, ...readsInvoice },
      },
    },
    async (req) => view(req, req.params.id),
  );
  app.put(
    '/api/invoices/:id',
    {
      schema: {
        tags,
        summary: 'Modifier le brouillon',
        params: id,
        body: invoiceHeaderSchema,
        response: { 200: invoiceSchema, ...changesInvoice },
      },
    },
    async (req) => {
      await updateDraft(req.ctx, user(req), req.params.id, req.body);
      return view(req, req.params.id);
    },
  );
  app.delete(
    '/api/invoices/:id',
    {
      schema: {
        tags,
        summary: 'Supprimer un brouillon',
        params: id,
        response: { 204: noContent, ...changesInvoice },
      },
    },
    async (req, reply) => {
      await deleteDraft(req.ctx, user(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/invoices/:id/lines',
    {
      schema: {
        tags,
        summary: 'Ajouter une ligne',
        params: id,
        body: invoiceLineSchema,
        response: { 201: invoiceSchema, ...changesInvoice },
      },
    },
    async (req, reply) => {
      const known = await addLine(req.ctx, user(req), req.params.id, req.body);
      return reply.status(201).send(await view(req, req.params.id, known));
    },
  );
  app.put(
    '/api/invoices/:id/lines/:lineId',
    {
      schema: {
        tags,
        summary: 'Modifier une ligne',
        params: lineParams,
        body: invoiceLineSchema,
        response: { 200: invoiceSchema, ...changesInvoice },
      },
    },
    async (req) => {
      await updateLine(req.ctx, user(req), req.params.id, req.params.lineId, req.body);
      return view(req, req.params.id);
    },
  );
  app.delete(
    '/api/invoices/:id/lines/:lineId',
    {
      schema: {
        tags,
        summary: 'Supprimer une ligne',
        params: lineParams,
        response: { 200: invoiceSchema, ...changesInvoice },
      },
    },
    async (req) => {
      await deleteLine(req.ctx, user(req), req.params.id, req.params.lineId);
      return view(req, req.params.id);
    },
  );

  app.get(
    '/api/invoices/:id/send-check',
    {
      schema: {
        tags,
        summary: 'Vérifier les règles d’envoi d’un brouillon, sans l’envoyer',
        params: id,
        response: { 200: sendCheckSchema, ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT') },
      },
    },
    async (req) => checkSendRules(req.ctx, user(req), req.params.id),
  );
  app.post(
    '/api/invoices/:id/submit',
    {
      schema: {
        tags,
        summary: 'Valider et envoyer la facture',
        params: id,
        response: { 200: invoiceSchema, ...changesInvoice },
      },
    },
    async (req) => {
      return view(req, req.params.id, await submitInvoice(req.ctx, user(req), req.params.id));
    },
  );
  app.post(
    '/api/invoices/:id/status',
    {
      schema: {
        tags,
        summary: 'Traiter une facture reçue (changer son état)',
        params: id,
        body: invoiceStatusChangeSchema,
        response: { 200: invoiceSchema, ...changesInvoice },
      },
    },
    async (req) => {
      await processReceivedInvoice(req.ctx, user(req), req.params.id, req.body);
      return view(req, req.params.id);
    },
  );
  app.post(
    '/api/invoices/:id/complete',
    {
      schema: {
        tags,
        summary: 'Compléter une facture suspendue',
        params: id,
        body: completeInvoiceSchema,
        response: { 200: invoiceSchema, ...changesInvoice },
      },
    },
    async (req) => {
      await completeInvoice(req.ctx, user(req), req.params.id, req.body);
      return view(req, req.params.id);
    },
  );
};
