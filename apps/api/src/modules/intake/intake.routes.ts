import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { intakeLimits } from '@chorale/domain';
import {
  depositFormSchema,
  depositListQuerySchema,
  depositPageSchema,
  depositResultSchema,
  flowReportSchema,
  invoiceDepositSchema,
  typedTotalsSchema,
} from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import { readUploadForm } from '../files/read-upload-form.ts';
import { sendDownload } from '../../platform/download.ts';
import { binary, failures } from '../../platform/responses.ts';
import { requireUser } from '../../plugins/session.ts';
import { depositResult, listDeposits } from './deposit-results.ts';
import { depositNow, startDeposit, type DepositCommand } from './deposits.ts';
import { flowReport, flowReportPdf } from './flow-report.ts';
import { downloadOriginal, invoiceDeposit } from './deposited-original.ts';
import { saveTypedTotals } from './typed-totals.ts';

const id = z.object({ id: z.coerce.number().int().positive() });
const tags = ['Factures'];
const deposited = depositResultSchema.describe(
  'Le dépôt : chaque fichier lu, son rapport de validation, le brouillon créé',
);
const deposits = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE');
const readsDeposit = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND');
const form =
  'Multipart : champs `submit` (true/false), `supplierStructureId` (PDF non signé) et `syntax` (syntaxeFlux déclarée, facultative), puis le fichier `file`. Chaque dépôt est un flux : numéro (numeroFluxDepot), syntaxe, états IN_RECU … IN_INTEGRE | IN_INTEGRE_PARTIEL | IN_REJETE.';

/** The deposit form: text fields first, then one file, read up to the batch limit (30 MB). */
async function readDepositForm(req: FastifyRequest): Promise<DepositCommand> {
  const { fields, file } = await readUploadForm(req, {
    fileMaxBytes: intakeLimits.batchMaxBytes + 1,
    tooLargeMessage: 'Ce fichier dépasse 30 Mo : déposez un fichier ou un lot plus petit.',
  });
  const parsed = depositFormSchema.safeParse(fields);
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', 'Le formulaire de dépôt est incorrect.', {
      form: parsed.error.issues.map((i) => i.message).join(' '),
    });
  return { ...file, ...parsed.data };
}

// Use cases get each request's context (`req.ctx`: its scope of reads, request-scope.ts).
export const intakeRoutes = (): FastifyPluginAsyncZod => async (app) => {
  const actor = (req: FastifyRequest) => ({ userId: requireUser(req).userId, channel: 'PORTAIL' as const });

  app.post(
    '/api/invoices/deposit',
    {
      schema: {
        tags,
        summary: 'Déposer facture (un fichier PDF, Factur-X, UBL, CII, ou un lot .zip / .tar.gz), réponse immédiate',
        description: `${form} Avec submit=true, chaque facture sans règle bloquante ni champ à compléter est envoyée dans le même appel. Réponse 201 si au moins un brouillon est créé, 200 si tout est refusé.`,
        consumes: ['multipart/form-data'],
        response: { 200: deposited, 201: deposited, ...deposits },
      },
    },
    async (req, reply) => {
      const result = await depositNow(req.ctx, actor(req), await readDepositForm(req));
      return reply.status(result.summary.refused === result.summary.total ? 200 : 201).send(result);
    },
  );
  app.post(
    '/api/invoices/deposits',
    {
      schema: {
        tags,
        summary: 'Déposer facture en différé : la lecture (OCR) se suit par GET /api/invoices/deposits/:id',
        description: form,
        consumes: ['multipart/form-data'],
        response: { 202: deposited, ...deposits },
      },
    },
    async (req, reply) => reply.status(202).send(await startDeposit(req.ctx, actor(req), await readDepositForm(req))),
  );
  app.get(
    '/api/invoices/deposits',
    {
      schema: {
        tags,
        summary: 'Suivi des flux : mes dépôts (flux), du plus récent au plus ancien, avec leur état',
        querystring: depositListQuerySchema,
        response: { 200: depositPageSchema, ...failures('UNAUTHENTICATED') },
      },
    },
    async (req) => listDeposits(req.ctx, requireUser(req).userId, req.query),
  );
  app.get(
    '/api/invoices/deposits/:id/report',
    {
      schema: {
        tags,
        summary: 'Compte rendu d’un flux (JSON) : chaque facture créée avec son numéro, ou refusée avec ses motifs',
        params: id,
        response: { 200: flowReportSchema.describe('Le compte rendu du flux'), ...readsDeposit },
      },
    },
    async (req) => flowReport(req.ctx, requireUser(req).userId, req.params.id),
  );
  app.get(
    '/api/invoices/deposits/:id/report.pdf',
    {
      schema: {
        tags,
        summary: 'Compte rendu d’un flux (PDF)',
        params: id,
        response: { 200: binary('application/pdf', 'Le compte rendu du flux, en PDF'), ...readsDeposit },
      },
    },
    async (req, reply) => {
      const report = await flowReport(req.ctx, requireUser(req).userId, req.params.id);
      return sendDownload(
        reply,
        { fileName: `compte-rendu-flux-${report.flowNumber}.pdf`, bytes: Buffer.from(await flowReportPdf(report)) },
        { contentType: 'application/pdf' },
      );
    },
  );
  app.get(
    '/api/invoices/deposits/:id',
    {
      schema: {
        tags,
        summary: 'Avancement et résultat d’un dépôt',
        params: id,
        response: { 200: deposited, ...readsDeposit },
      },
    },
    async (req) => depositResult(req.ctx, requireUser(req).userId, req.params.id),
  );
  app.get(
    '/api/invoices/:id/deposit',
    {
      schema: {
        tags,
        summary: 'Dépôt d’une facture : rapport de validation, valeurs à vérifier, champs modifiables',
        params: id,
        response: {
          200: invoiceDepositSchema.describe('Rapport de validation, valeurs à vérifier, champs modifiables'),
          ...readsDeposit,
        },
      },
    },
    async (req) => invoiceDeposit(req.ctx, requireUser(req).userId, req.params.id),
  );
  app.put(
    '/api/invoices/:id/totals',
    {
      schema: {
        tags,
        summary: 'Montants totaux et détail de la TVA d’une facture déposée en PDF non signé',
        description:
          'Montant HT, montant TVA, net à payer (le montant TTC en découle) et, facultatif, le détail de la TVA par taux. Brouillons déposés en PDF non signé seulement.',
        params: id,
        body: typedTotalsSchema,
        response: {
          200: invoiceDepositSchema.describe('Le dépôt, avec les montants enregistrés'),
          ...failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED'),
        },
      },
    },
    async (req) => {
      await saveTypedTotals(req.ctx, requireUser(req).userId, req.params.id, req.body);
      return invoiceDeposit(req.ctx, requireUser(req).userId, req.params.id);
    },
  );
  app.get(
    '/api/invoices/:id/original',
    {
      schema: {
        tags,
        summary: 'Télécharger le fichier déposé (original, à l’octet près)',
        params: id,
        response: {
          200: binary(['application/pdf', 'application/xml'], 'Le fichier déposé, original légal de la facture'),
          ...readsDeposit,
        },
      },
    },
    async (req, reply) => {
      const file = await downloadOriginal(req.ctx, requireUser(req).userId, req.params.id);
      return sendDownload(reply, file, { contentType: file.contentType });
    },
  );
};
