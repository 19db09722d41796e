import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { depositExportSchema, invoiceAttachmentFieldsSchema, invoiceSchema } from '@chorale/contracts';
import { binary } from '../../platform/responses.ts';
import { sendDownload } from '../../platform/download.ts';
import { readUploadForm } from '../files/read-upload-form.ts';
import { certificateDigest, depositDocument } from './certificate.ts';
import { invoiceNotFound } from './invoice-access.ts';
import { addAttachment, downloadAttachment, removeAttachment } from './invoice-attachments.ts';
import {
  changesInvoice,
  invoiceParams as id,
  invoiceTags as tags,
  readsInvoice,
  user,
  view,
} from './invoice-answers.ts';
import { certificatePdf } from './pdf/certificate-pdf.ts';
import { invoiceDocument } from './facturx/invoice-document.ts';

const attachmentParams = id.extend({ attachmentId: z.coerce.number().int().positive() });

/** An invoice's files: its attachments, the invoice as a PDF, its deposit certificate and data. */
export const invoiceFilesRoutes = (): FastifyPluginAsyncZod => async (app) => {
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
