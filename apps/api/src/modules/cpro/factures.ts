import { z } from 'zod';
import { invoiceHeaderSchema, invoiceLineSchema } from '@chorale/contracts';
import { depositIdOfFlowNumber, flowNumberOf, invoiceStatuses, STATE_SIRET, type InvoiceStatus } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { readStoredFile } from '../files/file-store.ts';
import { completeInvoice, processReceivedInvoice } from '../invoices/change-status.ts';
import { addAttachment } from '../invoices/invoice-attachments.ts';
import { loadInvoiceRow, requireEitherSide, requireRecipient, requireSupplier } from '../invoices/invoice-access.ts';
import { addLine } from '../invoices/invoice-lines.ts';
import { visibleInvoices } from '../invoices/invoice-scope.ts';
import { invoiceView, type InvoiceView } from '../invoices/invoice-view.ts';
import { recycleInvoice, treatRejection } from '../invoices/returned-invoices.ts';
import { createDraft, deleteDraft } from '../invoices/save-draft.ts';
import { submitInvoice } from '../invoices/submit-invoice.ts';
import type { CproActor } from './auth.ts';
import type { CproOperations } from './cpro.routes.ts';
import { CproError, cproDate, cproPaging, parametresRetour } from './envelope.ts';
import { parseCproBody, registerCproOperation } from './operation.ts';
import { vatRateCodes } from './transverses.ts';

/**
 * `factures/v1/…`: each operation maps onto the portal's use cases (« Saisir facture » → draft,
 * lines, attachments, « Valider et envoyer »; « Factures émises / reçues » searches; the one
 * status path for `traiter/recue`, `completer`, `recycler`), with the technical account's user
 * as actor, so that no rule is written twice.
 */

const euros = (cents: number) => Math.round(cents) / 100;
const numberText = (n: number | undefined | null) => (n === undefined || n === null ? undefined : String(n));
const strip = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

const invoiceNotFound = () =>
  new CproError('NO_RESULT', 'Facture introuvable, ou votre compte technique n’est pas habilité à la voir.');
async function loadInvoice(ctx: AppContext, id: number) {
  return loadInvoiceRow(ctx.db, id).catch(() => {
    throw invoiceNotFound();
  });
}

/** Statuses of the Swaggers' enums: a status Chorale has that a Swagger lacks is left out. */
const knownStatuses = new Set<string>(invoiceStatuses);

// ---------------------------------------------------------------- soumettre

const lineSchema = z.object({
  lignePosteNumero: z.number().int().optional(),
  lignePosteReference: z.string().optional(),
  lignePosteDenomination: z.string().optional(),
  lignePosteQuantite: z.number().optional(),
  lignePosteUnite: z.string().optional(),
  lignePosteMontantUnitaireHT: z.number().optional(),
  lignePosteMontantRemiseHT: z.number().optional(),
  lignePosteTauxTva: z.string().optional(),
  lignePosteTauxTvaManuel: z.number().optional(),
});
interface AttachmentRef {
  id: number;
  designation?: string | undefined;
}
const soumettreSchema = z.object({
  modeDepot: z
    .literal('SAISIE_API', {
      error: 'soumettre accepte modeDepot SAISIE_API (les dépôts PDF passent par deposer/pdf).',
    })
    .default('SAISIE_API'),
  numeroFactureSaisi: z.string().optional(),
  dateFacture: z.string({ error: 'dateFacture est obligatoire (AAAA-MM-JJ).' }),
  destinataire: z.object({ codeDestinataire: z.string().default(''), codeServiceExecutant: z.string().default('') }),
  fournisseur: z.object({
    idFournisseur: z.number({ error: 'fournisseur.idFournisseur est obligatoire.' }).int(),
    idServiceFournisseur: z.number().int().optional(),
    codeCoordonneesBancairesFournisseur: z.number().int().optional(),
  }),
  cadreDeFacturation: z.object({ codeCadreFacturation: z.string().optional() }).optional(),
  references: z
    .object({
      deviseFacture: z.string().optional(),
      typeFacture: z.string().optional(),
      typeTva: z.string().optional(),
      motifExonerationTva: z.string().optional(),
      numeroMarche: z.string().optional(),
      numeroBonCommande: z.string().optional(),
      numeroFactureOrigine: z.string().optional(),
      modePaiement: z.string().optional(),
    })
    .default({}),
  lignePoste: z.array(lineSchema).min(1, 'Au moins une ligne (lignePoste) est obligatoire.'),
  montantTotal: z
    .object({ montantRemiseGlobaleTTC: z.number().optional(), motifRemiseGlobaleTTC: z.string().optional() })
    .optional(),
  pieceJointePrincipale: z
    .object({
      pieceJointePrincipaleId: z.number().int().optional(),
      pieceJointePrincipaleDesignation: z.string().optional(),
    })
    .optional(),
  pieceJointeComplementaire: z
    .array(
      z.object({
        pieceJointeComplementaireId: z.number().int().optional(),
        pieceJointeComplementaireDesignation: z.string().optional(),
      }),
    )
    .optional(),
  commentaire: z.string().optional(),
});

function vatRateOf(line: z.infer<typeof lineSchema>, index: number): string {
  if (line.lignePosteTauxTvaManuel !== undefined) return String(line.lignePosteTauxTvaManuel);
  const code = line.lignePosteTauxTva ?? '';
  const rate = vatRateCodes[code.toUpperCase()] ?? (/^\d+([.,]\d+)?$/.test(code) ? code : undefined);
  if (rate === undefined)
    throw new CproError(
      'INVALID',
      `Requête invalide : [lignePoste.${index}.lignePosteTauxTva] code de taux « ${code} » inconnu (voyez transverses/v1/recuperer/tauxtva).`,
    );
  return rate;
}

/** The uploaded files (`ajouter/fichier`) the call refers to: only the technical account's own. */
async function uploadedFiles(ctx: AppContext, actor: CproActor, refs: AttachmentRef[]) {
  if (!refs.length) return [];
  const rows = await ctx.db
    .selectFrom('cpro_files')
    .selectAll()
    .where('technical_account_id', '=', actor.technicalAccountId)
    .where(
      'id',
      'in',
      refs.map((r) => r.id),
    )
    .execute();
  return refs.map((ref) => {
    const row = rows.find((r) => r.id === ref.id);
    if (!row)
      throw new CproError(
        'NO_RESULT',
        `Pièce jointe ${ref.id} introuvable : déposez-la d’abord avec transverses/v1/ajouter/fichier, avec le même compte technique.`,
      );
    return { ...row, designation: ref.designation || row.file_name };
  });
}

async function soumettre(ctx: AppContext, actor: CproActor, raw: unknown) {
  const body = parseCproBody(soumettreSchema, raw);
  const refs = body.references;
  const recipient = body.destinataire.codeDestinataire.replace(/\s/g, '');
  const header = parseCproBody(invoiceHeaderSchema, {
    supplierStructureId: body.fournisseur.idFournisseur,
    supplierServiceId: body.fournisseur.idServiceFournisseur ?? null,
    recipientIsState: recipient === STATE_SIRET,
    recipientIdentifier: recipient,
    recipientServiceCode: body.destinataire.codeServiceExecutant,
    billingFramework: body.cadreDeFacturation?.codeCadreFacturation ?? undefined,
    currency: refs.deviseFacture ?? undefined,
    type: refs.typeFacture ?? undefined,
    vatType: refs.typeTva ?? undefined,
    exemptionReason: refs.motifExonerationTva ?? undefined,
    marketNumber: refs.numeroMarche ?? undefined,
    commitmentNumber: refs.numeroBonCommande ?? undefined,
    originalInvoiceNumber: refs.numeroFactureOrigine ?? undefined,
    paymentMode: refs.modePaiement ?? undefined,
    number: body.numeroFactureSaisi ?? undefined,
    invoiceDate: body.dateFacture.slice(0, 10),
    bankAccountId: body.fournisseur.codeCoordonneesBancairesFournisseur ?? null,
    comment: body.commentaire ?? undefined,
    globalDiscount: numberText(body.montantTotal?.montantRemiseGlobaleTTC) ?? undefined,
    globalDiscountReason: body.montantTotal?.motifRemiseGlobaleTTC ?? undefined,
  });
  const lines = body.lignePoste.map((l, i) =>
    parseCproBody(invoiceLineSchema, {
      reference: l.lignePosteReference ?? '',
      name: l.lignePosteDenomination ?? '',
      quantity: numberText(l.lignePosteQuantite) ?? '',
      unit: l.lignePosteUnite ?? '',
      unitPrice: numberText(l.lignePosteMontantUnitaireHT) ?? '',
      discount: numberText(l.lignePosteMontantRemiseHT) ?? '0',
      vatRate: vatRateOf(l, i),
    }),
  );
  const files = [
    ...(
      await uploadedFiles(
        ctx,
        actor,
        body.pieceJointePrincipale?.pieceJointePrincipaleId !== undefined
          ? [
              {
                id: body.pieceJointePrincipale.pieceJointePrincipaleId,
                designation: body.pieceJointePrincipale.pieceJointePrincipaleDesignation,
              },
            ]
          : [],
      )
    ).map((f) => ({ ...f, kind: 'PRINCIPALE' as const })),
    ...(
      await uploadedFiles(
        ctx,
        actor,
        (body.pieceJointeComplementaire ?? [])
          .filter((p) => p.pieceJointeComplementaireId !== undefined)
          .map((p) => ({ id: p.pieceJointeComplementaireId!, designation: p.pieceJointeComplementaireDesignation })),
      )
    ).map((f) => ({ ...f, kind: 'COMPLEMENTAIRE' as const })),
  ];

  // The portal's path: draft, lines, attachments, then « Valider et envoyer ». A refusal at any
  // step leaves nothing behind (the draft is deleted), as a Chorus Pro refusal creates nothing.
  const invoiceId = (await createDraft(ctx, actor.userId, header)).inv.id;
  try {
    await ctx.db
      .updateTable('invoices')
      .set({ deposit_mode: 'SAISIE_API' })
      .where('id', '=', invoiceId)
      .where('status', '=', 'BROUILLON')
      .execute();
    for (const line of lines) await addLine(ctx, actor.userId, invoiceId, line);
    for (const f of files)
      await addAttachment(ctx, actor.userId, invoiceId, {
        fileName: f.file_name,
        designation: f.designation.slice(0, 200),
        kind: f.kind,
        bytes: await readStoredFile(ctx, f.file_sha256),
      });
    const sent = await invoiceView(ctx.db, invoiceId, ctx.now(), await submitInvoice(ctx, actor.userId, invoiceId));
    return {
      identifiantFactureCPP: sent.id,
      numeroFacture: sent.number ?? '',
      statutFacture: sent.status,
      dateDepot: cproDate(sent.depositedAt),
      identifiantStructure: sent.supplier.identifier,
      empreinteCertificatDepot: sent.certificate ?? '',
    };
  } catch (error) {
    await deleteDraft(ctx, actor.userId, invoiceId).catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------- searches

const searchSchema = z
  .object({
    numeroFacture: z.string().optional(),
    typeFacture: z.string().optional(),
    statutCourant: z.array(z.string()).optional(),
    idFournisseur: z.number().int().optional(),
    idServiceFournisseur: z.number().int().optional(),
    idDestinataire: z.number().int().optional(),
    idServiceExecutant: z.number().int().optional(),
    listeDestinataire: z.array(z.object({ idDestinataire: z.number().int().optional() })).optional(),
    numeroBonCommande: z.string().optional(),
    numeroMarche: z.string().optional(),
    modeDepot: z.string().optional(),
    periodeDateDepotDu: z.string().optional(),
    periodeDateDepotAu: z.string().optional(),
    periodeDateFactureDu: z.string().optional(),
    periodeDateFactureAu: z.string().optional(),
    rejetTraite: z.boolean().optional(),
    /** The invoices integrated from one flow (`deposer/flux`): none for an unknown number. */
    numeroFluxDepot: z.string().optional(),
    factureTelechargeeParDestinataire: z.boolean().optional(),
    rechercheFactureParFournisseur: z.record(z.string(), z.unknown()).optional(),
    rechercheFactureRecipiendaire: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

async function search(
  ctx: AppContext,
  actor: CproActor,
  side: 'issued' | 'received',
  body: z.infer<typeof searchSchema>,
) {
  const pagingInput = (side === 'issued' ? body.rechercheFactureParFournisseur : body.rechercheFactureRecipiendaire) as
    Record<string, number | string> | undefined;
  const paging = cproPaging(pagingInput ?? null);
  const visible = await visibleInvoices(ctx, actor.userId, side);
  if (!visible) return { total: 0, rows: [], paging };
  let q = visible;
  if (body.numeroFacture) q = q.where('i.number', '=', body.numeroFacture);
  if (body.typeFacture === 'FACTURE' || body.typeFacture === 'AVOIR') q = q.where('i.type', '=', body.typeFacture);
  const statuses = (body.statutCourant ?? []).filter((s): s is InvoiceStatus => knownStatuses.has(s));
  if (body.statutCourant?.length) q = statuses.length ? q.where('i.status', 'in', statuses) : q.where('i.id', '=', -1);
  if (body.idFournisseur) q = q.where('i.supplier_structure_id', '=', body.idFournisseur);
  if (body.idServiceFournisseur) q = q.where('i.supplier_service_id', '=', body.idServiceFournisseur);
  const recipients = [body.idDestinataire, ...(body.listeDestinataire ?? []).map((d) => d.idDestinataire)].filter(
    (v): v is number => typeof v === 'number',
  );
  if (recipients.length) q = q.where('i.recipient_structure_id', 'in', recipients);
  if (body.idServiceExecutant) q = q.where('i.recipient_service_id', '=', body.idServiceExecutant);
  if (body.numeroBonCommande) q = q.where('i.commitment_number', '=', body.numeroBonCommande);
  if (body.numeroMarche) q = q.where('i.market_number', '=', body.numeroMarche);
  if (body.modeDepot) q = q.where('i.deposit_mode', '=', body.modeDepot);
  if (body.periodeDateFactureDu) q = q.where('i.invoice_date', '>=', body.periodeDateFactureDu.slice(0, 10));
  if (body.periodeDateFactureAu) q = q.where('i.invoice_date', '<=', body.periodeDateFactureAu.slice(0, 10));
  if (body.periodeDateDepotDu) q = q.where('i.deposited_at', '>=', body.periodeDateDepotDu.slice(0, 10));
  if (body.periodeDateDepotAu) q = q.where('i.deposited_at', '<', `${body.periodeDateDepotAu.slice(0, 10)}T99`);
  if (body.rejetTraite === true) q = q.where('i.rejection_handled_at', 'is not', null);
  if (body.rejetTraite === false) q = q.where('i.rejection_handled_at', 'is', null);
  if (body.numeroFluxDepot !== undefined) {
    // The number carries the flow's year: the deposit must be that flow, not one of another year.
    const number = body.numeroFluxDepot.trim();
    const id = depositIdOfFlowNumber(number);
    const flow = id
      ? await ctx.db.selectFrom('deposits').select(['id', 'created_at']).where('id', '=', id).executeTakeFirst()
      : undefined;
    const depositId = flow && flowNumberOf(flow.id, flow.created_at) === number ? flow.id : -1;
    q = q.where('i.id', 'in', (eb) =>
      eb
        .selectFrom('deposit_entries as de')
        .select('de.invoice_id')
        .where('de.deposit_id', '=', depositId)
        .where('de.invoice_id', 'is not', null),
    );
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .leftJoin('structures as sup', 'sup.id', 'i.supplier_structure_id')
    .leftJoin('services as ss', 'ss.id', 'i.supplier_service_id')
    .leftJoin('structures as rec', 'rec.id', 'i.recipient_structure_id')
    .leftJoin('services as rs', 'rs.id', 'i.recipient_service_id')
    .leftJoin('deposit_entries as de', 'de.invoice_id', 'i.id')
    .leftJoin('deposits as dep', 'dep.id', 'de.deposit_id')
    .select([
      'dep.id as flow_id',
      'dep.created_at as flow_created_at',
      'i.id',
      'i.number',
      'i.draft_number',
      'i.type',
      'i.status',
      'i.status_at',
      'i.invoice_date',
      'i.deposited_at',
      'i.commitment_number',
      'i.market_number',
      'i.original_invoice_number',
      'i.total_net_cents',
      'i.total_gross_cents',
      'i.global_discount_cents',
      'i.net_payable_cents',
      'i.currency',
      'i.deposit_mode',
      'i.rejection_handled_at',
      'i.recipient_structure_id',
      'i.recipient_service_id',
      'sup.identifier as supplier_identifier',
      'sup.identifier_type as supplier_identifier_type',
      'sup.company_name as supplier_name',
      'ss.code as supplier_service_code',
      'ss.name as supplier_service_name',
      'rec.identifier as recipient_identifier',
      'rec.company_name as recipient_name',
      'rs.code as recipient_service_code',
      'rs.name as recipient_service_name',
    ])
    .orderBy('i.status_at', paging.descending ? 'asc' : 'desc')
    .orderBy('i.id', 'desc')
    .limit(paging.size)
    .offset(paging.offset)
    .execute();
  return { total, rows, paging };
}

type SearchRow = Awaited<ReturnType<typeof search>>['rows'][number];
const listItem = (r: SearchRow) =>
  strip({
    identifiantFactureCPP: r.id,
    typeDemandePaiement: 'FACTURE',
    codeFournisseur: r.supplier_identifier ?? undefined,
    typeIdentifiantFournisseur: r.supplier_identifier_type ?? undefined,
    designationFournisseur: r.supplier_name ?? undefined,
    codeServiceFournisseur: r.supplier_service_code ?? undefined,
    nomServiceFournisseur: r.supplier_service_name ?? undefined,
    idDestinataire: r.recipient_structure_id ?? undefined,
    codeDestinataire: r.recipient_identifier ?? undefined,
    designationDestinataire: r.recipient_name ?? undefined,
    idServiceExecutant: r.recipient_service_id ?? undefined,
    codeServiceExecutant: r.recipient_service_code ?? undefined,
    nomServiceExecutant: r.recipient_service_name ?? undefined,
    typeFacture: r.type,
    numeroFacture: r.number ?? r.draft_number,
    dateFacture: r.invoice_date,
    dateDepot: cproDate(r.deposited_at),
    montantHT: euros(Number(r.total_net_cents)),
    montantTTC: euros(Number(r.total_gross_cents) - Number(r.global_discount_cents)),
    montantAPayer: euros(Number(r.net_payable_cents)),
    devise: r.currency,
    statut: r.status,
    numeroMarche: r.market_number ?? undefined,
    numeroBonCommande: r.commitment_number ?? undefined,
    numeroFluxDepot: r.flow_id !== null && r.flow_created_at ? flowNumberOf(r.flow_id, r.flow_created_at) : undefined,
    numeroFactureOrigine: r.original_invoice_number ?? undefined,
    modeDepot: r.deposit_mode,
    dateHeureEtatCourant: r.status_at,
    rejetTraite: r.rejection_handled_at !== null,
  });

// ---------------------------------------------------------------- consultations

/** `facture` of consulter/fournisseur and consulter/recipiendaire (FactureCppEmise / FactureCpp). */
function consultation(v: InvoiceView) {
  return strip({
    identifiantFactureCPP: v.id,
    numeroFacture: v.number ?? v.draftNumber,
    statutFacture: v.status,
    rejetTraite: v.rejectionHandledAt !== null,
    fournisseur: strip({
      idFournisseur: v.supplier.id,
      typeIdentifiantFournisseur: v.supplier.identifierType,
      codeFournisseur: v.supplier.identifier,
      raisonSocialeFournisseur: v.supplier.name,
      designationFournisseur: v.supplier.name,
      idServiceFournisseur: v.supplierService?.id,
      codeServiceFournisseur: v.supplierService?.code,
      libelleServiceFournisseur: v.supplierService?.name,
      adresseFournisseurDetail: v.supplier.address,
      adresseFournisseurCodePostal: v.supplier.postalCode,
      adresseFournisseurVille: v.supplier.city,
      adresseFournisseurCodePays: v.supplier.countryCode,
      coordBancairesFournisseurId: v.bankAccount?.id,
      coordBancairesFournisseurLibelle: v.bankAccount?.holderName,
      coordBancairesFournisseurCleIban: v.bankAccount?.iban,
      coordBancairesBicSwift: v.bankAccount?.bic,
    }),
    destinataire: v.recipient
      ? strip({
          idDestinataire: v.recipient.id,
          codeDestinataire: v.recipient.identifier,
          libelleDestinataire: v.recipient.name,
          designationDestinataire: v.recipient.name,
          idServiceExecutant: v.recipientService?.id,
          codeServiceExecutant: v.recipientService?.code,
          libelleServiceExecutant: v.recipientService?.name,
          adresseDestinataireDetail: v.recipient.address,
          adresseDestinataireCodePostal: v.recipient.postalCode,
          adresseDestinataireVille: v.recipient.city,
          adresseDestinataireCodePays: v.recipient.countryCode,
        })
      : undefined,
    cadreDeFacturation: { codeCadreFacturation: v.billingFramework },
    references: strip({
      dateFacture: v.invoiceDate,
      dateDepot: cproDate(v.depositedAt),
      codeDeviseFacture: v.currency,
      typeFacture: v.type,
      typeTva: v.vatType,
      motifExonerationTva: v.exemptionReason || undefined,
      numeroMarche: v.marketNumber || undefined,
      numeroBonCommande: v.commitmentNumber || undefined,
      numeroFactureOrigine: v.originalInvoiceNumber || undefined,
      modePaiement: v.paymentMode,
      tailleTotalePiecesJointes: v.attachments.reduce((n, a) => n + a.size, 0),
    }),
    montantTotal: {
      montantHtTotal: euros(v.totals.netCents),
      montantTVA: euros(v.totals.vatCents),
      montantTtcAvantRemiseGlobalTTC: euros(v.totals.grossCents),
      montantRemiseGlobaleTTC: euros(v.totals.globalDiscountCents),
      ...(v.globalDiscountReason ? { motifRemiseGlobaleTTC: v.globalDiscountReason } : {}),
      montantTtcTotal: euros(v.totals.afterDiscountCents),
      montantAPayer: euros(v.totals.netPayableCents),
    },
    lignesDePoste: {
      lignePoste: v.lines.map((l) => ({
        lignePosteNumero: l.position,
        lignePosteReference: l.reference,
        lignePosteDenomination: l.name,
        lignePosteQuantite: Number(l.quantity),
        lignePosteUniteLibelle: l.unit,
        lignePosteMontantUnitaireHT: Number(l.unitPrice),
        lignePosteMontantRemiseHT: Number(l.discount),
        lignePosteTauxTva: `${l.vatRate.replace('.', ',')} %`,
        lignePosteTauxTvaManuel: Number(l.vatRate),
        lignePosteMontantHtApresRemise: euros(l.netCents),
        lignePosteMontantTtcApresRemise: euros(l.grossCents),
      })),
      pageCouranteLignesPoste: 1,
      pagesLignesPoste: 1,
      nbResultatsParPageLignesPoste: v.lines.length,
      totalLignesPoste: v.lines.length,
    },
    listeDesPiecesJointes: {
      pieceJointe: v.attachments.map((a) => ({
        pieceJointeId: a.id,
        pieceJointeDesignation: a.designation,
        pieceJointeTypeCode: a.kind,
        pieceJointeTypeLibelle: a.kind === 'PRINCIPALE' ? 'Pièce jointe principale' : 'Pièce jointe complémentaire',
        pieceJointeExtension: a.fileName.slice(a.fileName.lastIndexOf('.') + 1).toUpperCase(),
      })),
      pageCouranteListePiecesJointe: 1,
      pagesListePiecesJointe: 1,
      nbResultatsParPageListePiecesJointe: v.attachments.length,
      totalListePiecesJointe: v.attachments.length,
    },
    commentaire: v.comment || undefined,
  });
}

const idFactureSchema = z.object({ idFacture: z.number({ error: 'idFacture est obligatoire.' }).int() });

export const facturesOperations: CproOperations = (app, ctx) => {
  registerCproOperation(app, ctx, {
    path: 'factures/v1/soumettre',
    handler: async ({ body, actor }) => soumettre(ctx, actor, body),
  });

  registerCproOperation(app, ctx, {
    path: 'factures/v1/rechercher/fournisseur',
    body: searchSchema,
    handler: async ({ body, actor }) => {
      const found = await search(ctx, actor, 'issued', body);
      return { listeFactures: found.rows.map(listItem), parametresRetour: parametresRetour(found.paging, found.total) };
    },
  });
  registerCproOperation(app, ctx, {
    path: 'factures/v1/rechercher/recipiendaire',
    body: searchSchema,
    handler: async ({ body, actor }) => {
      const found = await search(ctx, actor, 'received', body);
      return { listeFactures: found.rows.map(listItem), parametresRetour: parametresRetour(found.paging, found.total) };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'factures/v1/consulter/fournisseur',
    body: z.object({
      identifiantFactureCPP: z.number({ error: 'identifiantFactureCPP est obligatoire.' }).int(),
    }),
    handler: async ({ body, actor }) => {
      const inv = await loadInvoice(ctx, body.identifiantFactureCPP);
      await requireSupplier(ctx.db, actor.userId, inv, 'consultation').catch(() => {
        throw invoiceNotFound();
      });
      return { facture: consultation(await invoiceView(ctx.db, inv.id)) };
    },
  });
  registerCproOperation(app, ctx, {
    path: 'factures/v1/consulter/recipiendaire',
    body: z.object({
      identifiantFactureCPP: z.number({ error: 'identifiantFactureCPP est obligatoire.' }).int(),
    }),
    handler: async ({ body, actor }) => {
      const inv = await loadInvoice(ctx, body.identifiantFactureCPP);
      await requireRecipient(ctx.db, actor.userId, inv, 'consultation').catch(() => {
        throw invoiceNotFound();
      });
      return { facture: consultation(await invoiceView(ctx.db, inv.id)) };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'factures/v1/consulter/historique',
    body: idFactureSchema,
    handler: async ({ body, actor }) => {
      const inv = await loadInvoice(ctx, body.idFacture);
      await requireEitherSide(ctx.db, actor.userId, inv).catch(() => {
        throw invoiceNotFound();
      });
      const v = await invoiceView(ctx.db, inv.id);
      const history = [...v.history].reverse();
      return {
        idFacture: v.id,
        numeroFacture: v.number ?? v.draftNumber,
        statutCourantCode: v.status,
        historiquesDesStatuts: {
          histoStatut: history.map((h, i) => ({
            histoStatutId: i + 1,
            histoStatutCode: h.status,
            histoStatutDatePassage: h.at,
            histoStatutCommentaire: h.comment,
            histoStatutUtilisateurNom: h.user,
          })),
          pageCouranteHistoStatut: 1,
          pagesHistoStatut: 1,
          nbResultatsParPageHistoStatut: history.length,
          totalHistoStatut: history.length,
        },
      };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'factures/v1/traiter/recue',
    body: z.object({
      idFacture: z.number({ error: 'idFacture est obligatoire.' }).int(),
      nouveauStatut: z.string({ error: 'nouveauStatut est obligatoire.' }),
      motif: z.string().max(2000).default(''),
      numeroDPMandat: z.string().max(100).optional(),
    }),
    handler: async ({ body, actor }) => {
      await loadInvoice(ctx, body.idFacture);
      const comment = [body.motif, body.numeroDPMandat ? `Mandat n° ${body.numeroDPMandat}` : '']
        .filter(Boolean)
        .join(' — ');
      const v = await processReceivedInvoice(ctx, actor.userId, body.idFacture, {
        status: body.nouveauStatut,
        reason: comment,
      });
      return {
        idFacture: v.id,
        numeroFacture: v.number ?? '',
        dateTraitement: cproDate(v.statusAt),
        nouveauStatut: v.status,
      };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'factures/v1/completer',
    body: z.object({
      identifiantFactureCPP: z.number({ error: 'identifiantFactureCPP est obligatoire.' }).int(),
      commentaire: z.string().default(''),
      pieceJointeComplementaire: z
        .array(
          z.object({
            pieceJointeComplementaireId: z.number().int().optional(),
            pieceJointeComplementaireDesignation: z.string().optional(),
          }),
        )
        .default([]),
    }),
    handler: async ({ body, actor }) => {
      const inv = await loadInvoice(ctx, body.identifiantFactureCPP);
      await requireSupplier(ctx.db, actor.userId, inv, 'modification');
      const files = await uploadedFiles(
        ctx,
        actor,
        body.pieceJointeComplementaire
          .filter((p) => p.pieceJointeComplementaireId !== undefined)
          .map((p) => ({ id: p.pieceJointeComplementaireId!, designation: p.pieceJointeComplementaireDesignation })),
      );
      for (const f of files)
        await addAttachment(ctx, actor.userId, inv.id, {
          fileName: f.file_name,
          designation: f.designation.slice(0, 200),
          kind: 'COMPLEMENTAIRE',
          bytes: await readStoredFile(ctx, f.file_sha256),
        });
      const v = await completeInvoice(ctx, actor.userId, inv.id, {
        comment: body.commentaire || (files.length ? 'Pièces jointes ajoutées' : ''),
      });
      return {
        identifiantFactureCPP: v.id,
        numeroFacture: v.number ?? '',
        dateTraitement: cproDate(v.statusAt),
      };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'factures/v1/recycler',
    body: z.object({
      identifiantFactureCPP: z.number({ error: 'identifiantFactureCPP est obligatoire.' }).int(),
      destinataire: z.object({
        codeDestinataire: z.string().default(''),
        codeServiceExecutant: z.string().default(''),
      }),
      reference: z.object({ numeroBonCommande: z.string().default('') }).default({ numeroBonCommande: '' }),
      commentaire: z.string().default(''),
    }),
    handler: async ({ body, actor }) => {
      await loadInvoice(ctx, body.identifiantFactureCPP);
      const recipient = body.destinataire.codeDestinataire.replace(/\s/g, '');
      await recycleInvoice(ctx, actor.userId, body.identifiantFactureCPP, {
        recipientIsState: recipient === STATE_SIRET,
        recipientIdentifier: recipient,
        recipientServiceCode: body.destinataire.codeServiceExecutant,
        commitmentNumber: body.reference.numeroBonCommande,
        comment: body.commentaire,
      });
      const v = await invoiceView(ctx.db, body.identifiantFactureCPP);
      return {
        identifiantFactureCPP: v.id,
        numeroFacture: v.number ?? '',
        statutFacture: v.status,
        dateDepot: cproDate(v.depositedAt),
      };
    },
  });

  // `traiterRejet`: the supplier acknowledges rejected invoices (« Traiter le rejet »); all or none
  // is checked first, so that a refused id leaves the others untouched.
  registerCproOperation(app, ctx, {
    path: 'factures/v1/traiterRejet',
    body: z.object({
      listeDemandePaiement: z
        .array(z.object({ idDemandePaiement: z.number({ error: 'idDemandePaiement est obligatoire.' }).int() }))
        .min(1, 'listeDemandePaiement est vide.')
        .max(100, 'Au plus 100 factures par appel.'),
    }),
    handler: async ({ body, actor }) => {
      const ids = [...new Set(body.listeDemandePaiement.map((d) => d.idDemandePaiement))];
      for (const id of ids) {
        const inv = await loadInvoice(ctx, id);
        await requireSupplier(ctx.db, actor.userId, inv, 'modification').catch(() => {
          throw invoiceNotFound();
        });
      }
      for (const id of ids) await treatRejection(ctx, actor.userId, id, { comment: '' });
      return {};
    },
  });
};
