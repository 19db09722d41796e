import { z } from 'zod';
import { STATE_SIRET } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { readStoredFile } from '../files/file-store.ts';
import { completeInvoice, processReceivedInvoice } from '../invoices/change-status.ts';
import { addAttachment } from '../invoices/invoice-attachments.ts';
import { loadInvoiceRow, requireEitherSide, requireRecipient, requireSupplier } from '../invoices/invoice-access.ts';
import { invoiceView, type InvoiceView } from '../invoices/invoice-view.ts';
import { recycleInvoice, treatRejection } from '../invoices/returned-invoices.ts';
import type { CproOperations } from './cpro.routes.ts';
import { CproError, cproDate, cproEuros, parametresRetour, withoutEmpty } from './envelope.ts';
import { registerCproOperation } from './operation.ts';
import { listItem, search, searchSchema } from './search-invoices.ts';
import { soumettre, uploadedFiles } from './soumettre.ts';

/**
 * `factures/v1/…`: each operation maps onto the portal's use cases (« Saisir facture » → draft,
 * lines, attachments, « Valider et envoyer »; « Factures émises / reçues » searches; the one
 * status path for `traiter/recue`, `completer`, `recycler`), with the technical account's user
 * as actor, so that no rule is written twice.
 */

const invoiceNotFound = () =>
  new CproError('NO_RESULT', 'Facture introuvable, ou votre compte technique n’est pas habilité à la voir.');
async function loadInvoice(ctx: AppContext, id: number) {
  return loadInvoiceRow(ctx.db, id).catch(() => {
    throw invoiceNotFound();
  });
}

// ---------------------------------------------------------------- consultations

/** `facture` of consulter/fournisseur and consulter/recipiendaire (FactureCppEmise / FactureCpp). */
function consultation(v: InvoiceView) {
  return withoutEmpty({
    identifiantFactureCPP: v.id,
    numeroFacture: v.number ?? v.draftNumber,
    statutFacture: v.status,
    rejetTraite: v.rejectionHandledAt !== null,
    fournisseur: withoutEmpty({
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
      ? withoutEmpty({
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
    references: withoutEmpty({
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
      montantHtTotal: cproEuros(v.totals.netCents),
      montantTVA: cproEuros(v.totals.vatCents),
      montantTtcAvantRemiseGlobalTTC: cproEuros(v.totals.grossCents),
      montantRemiseGlobaleTTC: cproEuros(v.totals.globalDiscountCents),
      ...(v.globalDiscountReason ? { motifRemiseGlobaleTTC: v.globalDiscountReason } : {}),
      montantTtcTotal: cproEuros(v.totals.afterDiscountCents),
      montantAPayer: cproEuros(v.totals.netPayableCents),
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
        lignePosteMontantHtApresRemise: cproEuros(l.netCents),
        lignePosteMontantTtcApresRemise: cproEuros(l.grossCents),
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
    handler: async ({ body, actor, ctx }) => soumettre(ctx, actor, body),
  });

  registerCproOperation(app, ctx, {
    path: 'factures/v1/rechercher/fournisseur',
    body: searchSchema,
    handler: async ({ body, actor, ctx }) => {
      const found = await search(ctx, actor, 'issued', body);
      return { listeFactures: found.rows.map(listItem), parametresRetour: parametresRetour(found.paging, found.total) };
    },
  });
  registerCproOperation(app, ctx, {
    path: 'factures/v1/rechercher/recipiendaire',
    body: searchSchema,
    handler: async ({ body, actor, ctx }) => {
      const found = await search(ctx, actor, 'received', body);
      return { listeFactures: found.rows.map(listItem), parametresRetour: parametresRetour(found.paging, found.total) };
    },
  });

  // The same consultation from either side; each side sees only the invoices it may read.
  for (const [side, requireSide] of [
    ['fournisseur', requireSupplier],
    ['recipiendaire', requireRecipient],
  ] as const)
    registerCproOperation(app, ctx, {
      path: `factures/v1/consulter/${side}`,
      body: z.object({
        identifiantFactureCPP: z.number({ error: 'identifiantFactureCPP est obligatoire.' }).int(),
      }),
      handler: async ({ body, actor, ctx }) => {
        const inv = await loadInvoice(ctx, body.identifiantFactureCPP);
        await requireSide(ctx, actor.userId, inv, 'consultation').catch(() => {
          throw invoiceNotFound();
        });
        return { facture: consultation(await invoiceView(ctx, inv.id)) };
      },
    });

  registerCproOperation(app, ctx, {
    path: 'factures/v1/consulter/historique',
    body: idFactureSchema,
    handler: async ({ body, actor, ctx }) => {
      const inv = await loadInvoice(ctx, body.idFacture);
      await requireEitherSide(ctx, actor.userId, inv).catch(() => {
        throw invoiceNotFound();
      });
      const v = await invoiceView(ctx, inv.id);
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
    handler: async ({ body, actor, ctx }) => {
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
    handler: async ({ body, actor, ctx }) => {
      const inv = await loadInvoice(ctx, body.identifiantFactureCPP);
      await requireSupplier(ctx, actor.userId, inv, 'modification');
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
    handler: async ({ body, actor, ctx }) => {
      await loadInvoice(ctx, body.identifiantFactureCPP);
      const recipient = body.destinataire.codeDestinataire.replace(/\s/g, '');
      await recycleInvoice(ctx, actor.userId, body.identifiantFactureCPP, {
        recipientIsState: recipient === STATE_SIRET,
        recipientIdentifier: recipient,
        recipientServiceCode: body.destinataire.codeServiceExecutant,
        commitmentNumber: body.reference.numeroBonCommande,
        comment: body.commentaire,
      });
      const v = await invoiceView(ctx, body.identifiantFactureCPP);
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
    handler: async ({ body, actor, ctx }) => {
      const ids = [...new Set(body.listeDemandePaiement.map((d) => d.idDemandePaiement))];
      for (const id of ids) {
        const inv = await loadInvoice(ctx, id);
        await requireSupplier(ctx, actor.userId, inv, 'modification').catch(() => {
          throw invoiceNotFound();
        });
      }
      for (const id of ids) await treatRejection(ctx, actor.userId, id, { comment: '' });
      return {};
    },
  });
};
