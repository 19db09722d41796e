import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  completeInvoiceSchema,
  depositExportSchema,
  invoiceAttachmentFieldsSchema,
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
import { requireUser } from '../../plugins/session.ts';
import { readUploadForm } from '../files/read-upload-form.ts';
import { certificateDigest, depositDocument } from './certificate.ts';
import { checkSendRules } from './check-send-rules.ts';
import { completeInvoice, processReceivedInvoice } from './change-status.ts';
import { invoiceNotFound, loadInvoiceRow, requireEitherSide } from './invoice-access.ts';
import { addAttachment, downloadAttachment, removeAttachment } from './invoice-attachments.ts';
import { addLine, deleteLine, updateLine } from './invoice-lines.ts';
import { invoiceView, type KnownInvoice } from './invoice-view.ts';
import { listInvoices } from './list-invoices.ts';
import { exportCount, invoicesCsv, invoicesXlsx } from './export-invoices.ts';
import { createDraft, deleteDraft, updateDraft } from './save-draft.ts';
import { sendTypedInvoice, submitInvoice } from './submit-invoice.ts';
import { certificatePdf } from './pdf/certificate-pdf.ts';
import { invoiceDocument } from './facturx/invoice-document.ts';

const id = z.object({ id: z.coerce.number().int().positive() });
const lineParams = z.object({ id: z.coerce.number().int().positive(), lineId: z.coerce.number().int().positive() });
const attachmentParams = z.object({
  id: z.coerce.number().int().positive(),
  attachmentId: z.coerce.number().int().positive(),
});
const listQuery = invoiceSearchSchema;
const tags = ['Factures'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// An invoice is hidden (404) from who may not see it; 403 when he sees it but may not act.
const readsInvoice = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND');
const changesInvoice = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED');

// Use cases get each request's context (`req.ctx`: its scope of reads, request-scope.ts).
export const invoicesRoutes = (): FastifyPluginAsyncZod => async (app) => {
  const user = (req: Parameters<typeof requireUser>[0]) => requireUser(req).userId;
  // The answer of a change is made of the rows the use case just wrote (issue 13).
  const view = async (req: Parameters<typeof requireUser>[0], invoiceId: number, known: KnownInvoice = {}) => {
    const userId = user(req);
    const inv = known.inv ?? (await loadInvoiceRow(req.ctx.db, invoiceId));
    const side = await requireEitherSide(req.ctx, userId, inv);
    return { side, ...(await invoiceView(req.ctx, invoiceId, req.ctx.now(), { ...known, inv })) };
  };

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

  app.post(
    '/api/invoices/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Ajouter une pièce jointe (multipart : designation, kind, file)',
        params: id,
        response: { 201: invoiceSchema, ...changesInvoice },
      },
    },
    async (req, reply) => {
      const userId = user(req);
      const { fields, file } = await readUploadForm(req, { fields: invoiceAttachmentFieldsSchema });
      await addAttachment(req.ctx, userId, req.params.id, { ...file, ...fields });
      return reply.status(201).send(await view(req, req.params.id));
    },
  );
  app.delete(
    '/api/invoices/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Retirer une pièce jointe du brouillon',
        params: attachmentParams,
        response: { 200: invoiceSchema, ...changesInvoice },
      },
    },
    async (req) => {
      await removeAttachment(req.ctx, user(req), req.params.id, req.params.attachmentId);
      return view(req, req.params.id);
    },
  );
  app.get(
    '/api/invoices/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Télécharger une pièce jointe',
        params: attachmentParams,
        response: { 200: binary('application/octet-stream', 'La pièce jointe, octet pour octet'), ...readsInvoice },
      },
    },
    async (req, reply) => {
      const file = await downloadAttachment(req.ctx, user(req), req.params.id, req.params.attachmentId);
      return sendDownload(reply, file);
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
  app.get(
    '/api/invoices/:id/invoice.pdf',
    {
      schema: {
        tags,
        summary: 'Visualiser la facture (Factur-X une fois envoyée)',
        params: id,
        response: {
          200: binary('application/pdf', 'La facture en PDF (Factur-X une fois envoyée)'),
          ...readsInvoice,
        },
      },
    },
    async (req, reply) => {
      const document = await invoiceDocument(req.ctx, await view(req, req.params.id));
      return sendDownload(reply, document, { contentType: document.contentType, inline: true });
    },
  );
  app.get(
    '/api/invoices/:id/certificate.pdf',
    {
      schema: {
        tags,
        summary: 'Exporter le certificat de dépôt (PDF)',
        params: id,
        response: { 200: binary('application/pdf', 'Le certificat de dépôt en PDF'), ...readsInvoice },
      },
    },
    async (req, reply) => {
      const v = await view(req, req.params.id);
      if (!v.certificate) throw invoiceNotFound();
      return sendDownload(
        reply,
        { fileName: `certificat-depot-${v.number}.pdf`, bytes: await certificatePdf(v) },
        { contentType: 'application/pdf' },
      );
    },
  );
  app.get(
    '/api/invoices/:id/deposit.json',
    {
      schema: {
        tags,
        summary: 'Exporter les données déposées (base du certificat de dépôt)',
        params: id,
        response: { 200: depositExportSchema, ...readsInvoice },
      },
    },
    async (req, reply) => {
      const v = await view(req, req.params.id);
      if (!v.depositedAt) throw invoiceNotFound();
      const document = depositDocument(v);
      return reply
        .header('content-disposition', `attachment; filename="depot-${v.number}.json"`)
        .send({ certificate: v.certificate, recomputed: certificateDigest(document), document });
    },
  );
};
