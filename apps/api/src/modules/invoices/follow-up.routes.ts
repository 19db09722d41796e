import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  bulkStatusChangeAnswerSchema,
  bulkStatusChangeSchema,
  invoiceDashboardQuerySchema,
  invoiceIdsQuerySchema,
  invoiceDashboardSchema,
  invoiceInstructorAnswerSchema,
  invoiceInstructorSchema,
  invoiceSchema,
  pendingReturnsSchema,
  recycleInvoiceSchema,
  treatRejectionSchema,
  worklistQuerySchema,
  worklistSchema,
} from '@chorale/contracts';
import { sendDownload } from '../../platform/download.ts';
import { binary, failures } from '../../platform/responses.ts';
import { AppError } from '../../platform/app-error.ts';
import { loadInvoiceRow, requireSupplier } from './invoice-access.ts';
import { interestClaimPdf } from './pdf/interest-claim-pdf.ts';
import { invoiceView } from './invoice-view.ts';
import { invoiceDashboard } from './dashboard.ts';
import { invoicesZip } from './download-invoices.ts';
import { processReceivedInvoices } from './process-received-invoices.ts';
import { duplicateInvoice, pendingReturns, recycleInvoice, treatRejection } from './returned-invoices.ts';
import { setInstructor, worklist } from './worklist.ts';
import { changesInvoice, invoiceParams as id, invoiceTags as tags, user, view } from './invoice-answers.ts';

/**
 * Following invoices (issue 12): the worklists (« Synthèse »), the invoices returned to the
 * supplier (« A recycler », « Rejetée »), what is shown at sign-in and the « Tableau de bord ».
 */
// Use cases get each request's context (`req.ctx`: its scope of reads, request-scope.ts).
export const followUpRoutes = (): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/api/invoices/issued/worklist',
    {
      schema: {
        tags,
        summary: 'Factures émises : Synthèse (factures à traiter)',
        querystring: worklistQuerySchema,
        response: { 200: worklistSchema, ...failures('UNAUTHENTICATED') },
      },
    },
    async (req) => worklist(req.ctx, user(req), 'issued', req.query),
  );
  app.get(
    '/api/invoices/received/worklist',
    {
      schema: {
        tags,
        summary: 'Factures reçues : factures à traiter',
        querystring: worklistQuerySchema,
        response: { 200: worklistSchema, ...failures('UNAUTHENTICATED') },
      },
    },
    async (req) => worklist(req.ctx, user(req), 'received', req.query),
  );
  for (const side of ['issued', 'received'] as const)
    app.get(
      `/api/invoices/${side}/dashboard`,
      {
        schema: {
          tags,
          summary: `${side === 'issued' ? 'Factures émises' : 'Factures reçues'} : tableau de bord (par état, par mois, par échéance)`,
          querystring: invoiceDashboardQuerySchema,
          response: { 200: invoiceDashboardSchema, ...failures('UNAUTHENTICATED') },
        },
      },
      async (req) => invoiceDashboard(req.ctx, user(req), side, req.query),
    );
  app.get(
    '/api/invoices/download.zip',
    {
      schema: {
        tags,
        summary: 'Télécharger plusieurs factures (zip : la facture, son PDF, ses pièces jointes)',
        querystring: invoiceIdsQuerySchema,
        response: {
          200: binary('application/zip', 'Un dossier par facture : Factur-X ou original déposé, PDF, pièces jointes'),
          ...failures('UNAUTHENTICATED', 'NOT_FOUND'),
        },
      },
    },
    async (req, reply) =>
      sendDownload(
        reply,
        { fileName: 'factures.zip', bytes: await invoicesZip(req.ctx, user(req), req.query.ids) },
        { contentType: 'application/zip' },
      ),
  );
  app.get(
    '/api/invoices/:id/interest-claim.pdf',
    {
      schema: {
        tags,
        summary: 'Demande de paiement des intérêts moratoires (PDF, pour le fournisseur d’une facture en retard)',
        params: id,
        response: {
          200: binary('application/pdf', 'La demande d’intérêts moratoires et d’indemnité forfaitaire'),
          ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'),
        },
      },
    },
    async (req, reply) => {
      const userId = user(req);
      await requireSupplier(req.ctx, userId, await loadInvoiceRow(req.ctx.db, req.params.id), 'consultation');
      const v = await invoiceView(req.ctx, req.params.id, req.ctx.now());
      const bytes = await interestClaimPdf(v);
      if (!bytes)
        throw new AppError(
          'CONFLICT',
          'Aucun intérêt moratoire n’est dû pour cette facture : elle n’a pas dépassé son échéance.',
        );
      return sendDownload(
        reply,
        { fileName: `interets-moratoires-${v.number}.pdf`, bytes },
        { contentType: 'application/pdf' },
      );
    },
  );
  app.post(
    '/api/invoices/received/status',
    {
      schema: {
        tags,
        summary: 'Factures à traiter : passer les factures cochées à un nouvel état',
        description:
          'Chaque facture suit le cycle de vie comme une à une ; une facture qui ne peut pas prendre cet état ' +
          'le dit sur sa ligne, les autres changent. Refusé en entier si une facture n’est pas à traiter par vous.',
        body: bulkStatusChangeSchema,
        response: { 200: bulkStatusChangeAnswerSchema, ...changesInvoice },
      },
    },
    async (req) => processReceivedInvoices(req.ctx, user(req), req.body),
  );
  app.get(
    '/api/invoices/issued/returns-pending',
    {
      schema: {
        tags,
        summary: 'Factures rejetées ou suspendues en attente du fournisseur (affichées à la connexion)',
        response: { 200: pendingReturnsSchema, ...failures('UNAUTHENTICATED') },
      },
    },
    async (req) => pendingReturns(req.ctx, user(req)),
  );
  app.post(
    '/api/invoices/:id/recycle',
    {
      schema: {
        tags,
        summary: 'Recycler une facture (nouveau SIRET, code service ou numéro d’engagement ; même numéro)',
        params: id,
        body: recycleInvoiceSchema,
        response: { 200: invoiceSchema, ...changesInvoice },
      },
    },
    async (req) => {
      await recycleInvoice(req.ctx, user(req), req.params.id, req.body);
      return view(req, req.params.id);
    },
  );
  app.post(
    '/api/invoices/:id/treat-rejection',
    {
      schema: {
        tags,
        summary: 'Traiter le rejet d’une facture rejetée',
        params: id,
        body: treatRejectionSchema,
        response: { 200: invoiceSchema, ...changesInvoice },
      },
    },
    async (req) => {
      await treatRejection(req.ctx, user(req), req.params.id, req.body);
      return view(req, req.params.id);
    },
  );
  app.post(
    '/api/invoices/:id/duplicate',
    {
      schema: {
        tags,
        summary: 'Dupliquer une facture en un nouveau brouillon',
        params: id,
        response: { 201: invoiceSchema, ...changesInvoice },
      },
    },
    async (req, reply) => {
      const userId = user(req);
      const copy = await duplicateInvoice(req.ctx, userId, req.params.id);
      return reply.status(201).send(await view(req, copy));
    },
  );
  app.put(
    '/api/invoices/:id/instructor',
    {
      schema: {
        tags,
        summary: 'Noter l’instructeur de la facture (de son côté : émise ou reçue)',
        params: id,
        body: invoiceInstructorSchema,
        response: { 200: invoiceInstructorAnswerSchema, ...changesInvoice },
      },
    },
    async (req) => setInstructor(req.ctx, user(req), req.params.id, req.body.instructor),
  );
};
