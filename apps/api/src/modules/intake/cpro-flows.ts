import { z } from 'zod';
import { depositIdOfFlowNumber, flowNumberOf, flowSyntaxes, intakeLimits, type FlowSyntax } from '@chorale/domain';
import type { DepositItem, FlowReport } from '@chorale/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { CproOperations } from '../cpro/cpro.routes.ts';
import { CproError, cproDate } from '../cpro/envelope.ts';
import { registerCproOperation } from '../cpro/operation.ts';
import { archiveKind } from './read-archive.ts';
import { depositNotFound, readableDeposit } from './deposit-results.ts';
import { depositNow, startDeposit } from './deposits.ts';
import { flowReport, flowReportPdf } from './flow-report.ts';

/**
 * The flow operations of the Chorus Pro-compatible API (DOMAIN.md §9, §10), over the one file
 * intake: `factures/v1/deposer/flux` opens a flow read by the job queue, `factures/v1/deposer/pdf`
 * reads a plain PDF at once (OCR guesses), `transverses/v1/consulterCR` and `consulterCRDetaille`
 * answer the flow's report. A technical account reads only the flows it deposited.
 */

/** A base64 file: the characters of base64 only (line breaks allowed), decoded. */
function decodeFile(value: string, field: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (!compact || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact))
    throw new CproError('INVALID', `« ${field} » doit contenir le fichier encodé en base64.`);
  return Buffer.from(compact, 'base64');
}

/**
 * The file name the intake reads by: Chorus Pro clients may send a name without extension
 * (« flux_0042 »); it then gets the one its content says (the content decides anyway).
 */
function nameFor(nomFichier: string, bytes: Buffer): string {
  const name = nomFichier.split(/[\\/]/).pop()?.trim() || 'flux';
  if (/\.(xml|pdf|zip|tar\.gz|tgz)$/i.test(name)) return name;
  const kind = archiveKind(bytes);
  if (kind) return `${name}.${kind}`;
  return `${name}.${bytes.subarray(0, 1024).includes('%PDF-') ? 'pdf' : 'xml'}`;
}

const tooLarge = (max: number, what: string) =>
  new CproError('FILE_TOO_LARGE', `${what} dépasse ${max / 1024 / 1024} Mo : déposez un fichier plus petit.`);

const deposerFlux = z.object({
  fichierFlux: z.string({ error: '« fichierFlux » (le fichier encodé en base64) est obligatoire.' }),
  nomFichier: z.string({ error: '« nomFichier » est obligatoire.' }).min(1).max(255),
  /** Declared syntax: every file of the flow must be of it. Detected from the content when absent. */
  syntaxeFlux: z.enum(flowSyntaxes).optional(),
  /** Signed flows: the signature is not checked by Chorale (accepted and ignored). */
  avecSignature: z.boolean().optional(),
  idUtilisateurCourant: z.number().optional(),
});

const deposerPdf = z.object({
  fichierFacture: z.string({ error: '« fichierFacture » (le PDF encodé en base64) est obligatoire.' }),
  nomFichier: z.string({ error: '« nomFichier » est obligatoire.' }).min(1).max(255),
  formatDepot: z.enum(['PDF_NON_SIGNE', 'PDF_SIGNE_PADES', 'PDF_SIGNE_XADES']).optional(),
  idUtilisateurCourant: z.number().optional(),
});

const consulterCr = z.object({
  numeroFluxDepot: z.string({ error: '« numeroFluxDepot » est obligatoire.' }).min(1).max(40),
  syntaxeFlux: z.enum(flowSyntaxes).optional(),
  idUtilisateurCourant: z.number().optional(),
});

/** The flow of a `numeroFluxDepot`, if the technical account deposited it; 20000 otherwise. */
async function flowOf(ctx: AppContext, userId: number, numeroFluxDepot: string): Promise<FlowReport> {
  const id = depositIdOfFlowNumber(numeroFluxDepot);
  const unknown = () =>
    new CproError(
      'NO_RESULT',
      `Flux n° ${numeroFluxDepot} introuvable, ou il n’a pas été déposé par ce compte technique.`,
    );
  if (id === null) throw unknown();
  try {
    const d = await readableDeposit(ctx, userId, id);
    if (flowNumberOf(d.id, d.created_at) !== numeroFluxDepot.trim()) throw depositNotFound();
    return await flowReport(ctx, userId, id);
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'NOT_FOUND') throw unknown();
    throw e;
  }
}

/** One line of `listeErreurDP` per file not integrated as asked, with the reasons of its report. */
function errorsOfInvoices(r: FlowReport) {
  return r.invoices
    .filter((i) => i.result === 'REFUSEE' || i.outcome === 'BROUILLON')
    .map((i) => ({
      numeroDP: i.number ?? i.fileName,
      identifiantFournisseur: i.supplierIdentifier ?? '',
      identifiantDestinataire: i.recipientIdentifier ?? '',
      libelleErreurDP: [
        i.result === 'REFUSEE' ? `${i.fileName} : refusée.` : `${i.fileName} : ${i.message}`,
        ...i.errors.map((e) => (e.rule.startsWith('CHORALE-') ? e.message : `${e.rule} : ${e.message}`)),
      ].join(' '),
    }));
}

/**
 * The detailed report of a flow (`consulterCRDetaille`): the files not integrated as asked with
 * their reasons, the flow's own rejection, and (Chorale's addition) the invoices created. The EDI
 * JSON report in `retour/` is the same.
 */
export function detailedFlowReport(r: FlowReport) {
  return {
    numeroFluxDepot: r.flowNumber,
    etatCourantDepotFlux: r.flowState,
    dateDepotFlux: cproDate(r.receivedAt),
    nomFichier: r.fileName,
    syntaxeFlux: r.syntax ?? '',
    listeErreurDP: errorsOfInvoices(r),
    listeErreurTechnique: r.error
      ? [{ codeErreur: 'FLUX_REJETE', libelleErreur: r.error, natureErreur: 'REJET_FLUX' }]
      : [],
    // Chorale's addition: the invoices created, with their ids (rechercher/fournisseur finds them too).
    listeFacturesIntegrees: r.invoices
      .filter((i) => i.result === 'INTEGREE' && i.invoiceId !== null)
      .map((i) => ({
        numeroDP: i.number ?? '',
        identifiantFactureCPP: i.invoiceId,
        statut: i.outcome === 'ENVOYEE' ? 'DEPOSEE' : 'BROUILLON',
        identifiantFournisseur: i.supplierIdentifier ?? '',
        identifiantDestinataire: i.recipientIdentifier ?? '',
      })),
  };
}

function pdfAnswer(item: DepositItem, structureIdentifier: string) {
  const g = (field: string) => item.guesses.find((x) => x.field === field)?.value ?? null;
  const amount = (field: string) => Number(g(field) ?? 0);
  return {
    identifiantFactureCPP: item.invoiceId,
    statutFacture: 'INTERPRETEE_OCR',
    numeroFacture: g('number') ?? '',
    dateFacture: g('invoiceDate') ?? '',
    codeDestinataire: g('recipientIdentifier') ?? '',
    codeServiceExecutant: '',
    codeFournisseur: g('supplierIdentifier') ?? structureIdentifier,
    codeDeviseFacture: 'EUR',
    typeFacture: 'FACTURE',
    typeTva: 'TVA_SUR_DEBIT',
    numeroBonCommande: '',
    montantHtTotal: amount('totalNet'),
    montantTVA: amount('totalVat'),
    montantTtcAvantRemiseGlobalTTC: amount('totalGross'),
    montantAPayer: amount('netPayable') || amount('totalGross'),
    // The draft's id: its PDF is the draft's original (GET /api/invoices/:id/original).
    pieceJointeId: item.invoiceId,
  };
}

/** A base64 body of the largest flow, and some room for the rest of the JSON. */
const FLOW_BODY_LIMIT = Math.ceil((intakeLimits.batchMaxBytes * 4) / 3) + 64 * 1024;
const PDF_BODY_LIMIT = Math.ceil((intakeLimits.fileMaxBytes * 4) / 3) + 64 * 1024;

export const cproFlowOperations: CproOperations = (app, ctx) => {
  registerCproOperation(app, ctx, {
    path: 'factures/v1/deposer/flux',
    body: deposerFlux,
    bodyLimit: FLOW_BODY_LIMIT * 2,
    handler: async ({ body, actor, ctx }) => {
      const bytes = decodeFile(body.fichierFlux, 'fichierFlux');
      const max = archiveKind(bytes) ? intakeLimits.batchMaxBytes : intakeLimits.fileMaxBytes;
      if (bytes.length > max) throw tooLarge(max, 'Ce flux');
      const flow = await startDeposit(
        ctx,
        { userId: actor.userId, channel: 'API' },
        {
          fileName: nameFor(body.nomFichier, bytes),
          bytes,
          // A flow's invoices are deposited (sent), as Chorus Pro integrates them.
          submit: true,
          syntax: body.syntaxeFlux as FlowSyntax | undefined,
        },
      );
      return {
        numeroFluxDepot: flow.flowNumber,
        dateDepot: flow.receivedAt,
        ...(flow.syntax ? { syntaxeFlux: flow.syntax } : {}),
        etatCourantFlux: flow.flowState,
      };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'factures/v1/deposer/pdf',
    body: deposerPdf,
    bodyLimit: PDF_BODY_LIMIT * 2,
    handler: async ({ body, actor, ctx }) => {
      if (body.formatDepot && body.formatDepot !== 'PDF_NON_SIGNE')
        throw new CproError(
          'INVALID',
          `Le format de dépôt ${body.formatDepot} (PDF signé) n’est pas encore pris en charge : déposez le PDF en PDF_NON_SIGNE.`,
        );
      const bytes = decodeFile(body.fichierFacture, 'fichierFacture');
      if (bytes.length > intakeLimits.fileMaxBytes) throw tooLarge(intakeLimits.fileMaxBytes, 'Ce PDF');
      if (!bytes.subarray(0, 1024).includes('%PDF-'))
        throw new CproError('INVALID', '« fichierFacture » n’est pas un PDF.');
      const result = await depositNow(
        ctx,
        { userId: actor.userId, channel: 'API' },
        { fileName: nameFor(body.nomFichier, bytes), bytes, submit: false },
      );
      const item = result.items[0];
      if (!item || item.outcome === 'REFUSEE' || item.invoiceId === null)
        throw new CproError('INVALID', item?.message ?? result.error ?? 'Le PDF n’a pas pu être lu.');
      if (item.format !== 'PDF_NON_SIGNE')
        throw new CproError(
          'INVALID',
          `Ce PDF est une facture ${item.format === 'FACTURX' ? 'Factur-X' : 'structurée'} : déposez-le par « deposer/flux » (syntaxe IN_DP_E2_CII_FACTURX) ; le brouillon ${item.draftNumber} a été créé.`,
        );
      const structure = await ctx.db
        .selectFrom('invoices')
        .innerJoin('structures', 'structures.id', 'invoices.supplier_structure_id')
        .select('structures.identifier')
        .where('invoices.id', '=', item.invoiceId)
        .executeTakeFirstOrThrow();
      return pdfAnswer(item, structure.identifier);
    },
  });

  registerCproOperation(app, ctx, {
    path: 'transverses/v1/consulterCR',
    body: consulterCr,
    handler: async ({ body, actor, ctx }) => {
      const r = await flowOf(ctx, actor.userId, body.numeroFluxDepot);
      const who = await ctx.db
        .selectFrom('users')
        .select(['first_name', 'last_name', 'login_email'])
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      return {
        numeroFluxDepot: r.flowNumber,
        etatCourantFlux: r.flowState,
        dateDepotFlux: cproDate(r.receivedAt),
        dateHeureEtatCourantFlux: r.flowStateAt,
        nomFichierFlux: r.fileName,
        codeInterfaceFlux: r.syntax ?? '',
        designationPartenaire: `${who.first_name} ${who.last_name}`.trim() || actor.login,
        fichierCR: Buffer.from(await flowReportPdf(r)).toString('base64'),
      };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'transverses/v1/consulterCRDetaille',
    body: consulterCr,
    handler: async ({ body, actor, ctx }) => {
      return detailedFlowReport(await flowOf(ctx, actor.userId, body.numeroFluxDepot));
    },
  });
};
