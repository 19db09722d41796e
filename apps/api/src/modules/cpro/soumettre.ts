import { z } from 'zod';
import { invoiceHeaderSchema, invoiceLineSchema } from '@chorale/contracts';
import { STATE_SIRET } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { readStoredFile } from '../files/file-store.ts';
import { addAttachment } from '../invoices/invoice-attachments.ts';
import { addLine } from '../invoices/invoice-lines.ts';
import { invoiceView, type InvoiceView } from '../invoices/invoice-view.ts';
import { createDraft, deleteDraft } from '../invoices/save-draft.ts';
import { sendTypedInvoice, submitInvoice } from '../invoices/submit-invoice.ts';
import type { CproActor } from './auth.ts';
import { CproError, cproDate } from './envelope.ts';
import { parseCproBody } from './operation.ts';
import { vatRateCodes } from './transverses.ts';

/**
 * `factures/v1/soumettre`: a JSON invoice (`SAISIE_API`) made by the portal's « Saisir facture »
 * use cases — draft, lines, attachments from `ajouter/fichier`, « Valider et envoyer » — with the
 * technical account's user as actor; a refused call leaves no draft behind. Without attachments,
 * the native API's one call (`POST /api/invoices/send`): one transaction.
 */

const numberText = (n: number | undefined | null) => (n === undefined || n === null ? undefined : String(n));
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
export async function uploadedFiles(ctx: AppContext, actor: CproActor, refs: AttachmentRef[]) {
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

export async function soumettre(ctx: AppContext, actor: CproActor, raw: unknown) {
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

  const answer = (sent: InvoiceView) => ({
    identifiantFactureCPP: sent.id,
    numeroFacture: sent.number ?? '',
    statutFacture: sent.status,
    dateDepot: cproDate(sent.depositedAt),
    identifiantStructure: sent.supplier.identifier,
    empreinteCertificatDepot: sent.certificate ?? '',
  });
  if (!files.length) {
    // Without files: the native API's one call (draft with its lines, then « Valider et envoyer »),
    // one transaction, the same rules; a refusal keeps nothing (issue 13).
    const sent = await sendTypedInvoice(ctx, actor.userId, { ...header, lines }, { depositMode: 'SAISIE_API' });
    ctx.nudgeOutbox();
    return answer(await invoiceView(ctx, sent.inv.id, ctx.now(), sent));
  }
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
    return answer(await invoiceView(ctx, invoiceId, ctx.now(), await submitInvoice(ctx, actor.userId, invoiceId)));
  } catch (error) {
    await deleteDraft(ctx, actor.userId, invoiceId).catch(() => undefined);
    throw error;
  }
}
