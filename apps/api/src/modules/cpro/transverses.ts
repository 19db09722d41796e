import { z } from 'zod';
import {
  allowedTransitions,
  attachmentLimits,
  billingFrameworkLabels,
  billingFrameworks,
  currencies,
  depositModes,
  invoiceStatuses,
  invoiceStatusLabels,
  paymentModeLabels,
  paymentModes,
  vatRates,
  type InvoiceStatus,
} from '@chorale/domain';
import { isoNow } from '../../platform/context.ts';
import { storeFile } from '../files/file-store.ts';
import { checkUpload } from '../files/check-upload.ts';
import { listBankAccounts } from '../organisation/bank-accounts.ts';
import { lookupStructure } from '../organisation/lookup-structure.ts';
import { myMemberships, myPermissions } from '../organisation/my-memberships.ts';
import { searchDirectory } from '../directory/search-directory.ts';
import type { CproOperations } from './cpro.routes.ts';
import { CproError, cproPaging, pageOf, parametresRetour } from './envelope.ts';
import { registerCproOperation } from './operation.ts';

/**
 * `transverses/v1/…` and `utilisateurs/v1/…`: value lists and lookups, read from the domain's own
 * lists and use cases. Their Swaggers are not public: the answer shapes follow DOMAIN.md §9 and
 * the names clients use (`listeDevises`, `listeTauxTva`…).
 */

/** Chorus Pro's VAT rate codes (`TVA20`…) for the rates Chorale knows; `TVA5`/`TVA2` are aliases. [unverified] */
export const vatRateCodes: Record<string, string> = Object.fromEntries([
  ...vatRates.map((rate) => [`TVA${rate.replace('.', '_')}`, rate]),
  ['TVA5', '5.5'],
  ['TVA2', '2.1'],
]);

const countries: [string, string][] = [
  ['FR', 'France'],
  ['BE', 'Belgique'],
  ['DE', 'Allemagne'],
  ['ES', 'Espagne'],
  ['IT', 'Italie'],
  ['LU', 'Luxembourg'],
  ['NL', 'Pays-Bas'],
  ['PT', 'Portugal'],
  ['CH', 'Suisse'],
  ['GB', 'Royaume-Uni'],
  ['US', 'États-Unis'],
];

const exemptionReasons: [string, string][] = [
  ['TVA_NON_APPLICABLE_ART_293B', 'TVA non applicable, article 293 B du CGI'],
  ['EXONERATION_ART_261', 'Exonération, article 261 du CGI'],
  ['AUTOLIQUIDATION', 'Autoliquidation'],
  ['EXPORTATION', 'Exportation hors Union européenne'],
  ['LIVRAISON_INTRACOMMUNAUTAIRE', 'Livraison intracommunautaire exonérée'],
];

const attachmentTypes: [string, string][] = [
  ['01', 'Bon de commande'],
  ['02', 'Bon de livraison'],
  ['03', 'Devis'],
  ['04', 'Contrat'],
  ['05', 'Procès-verbal de réception'],
  ['06', 'Attestation'],
  ['99', 'Autre'],
];

const flowSyntaxes = [
  'IN_DP_E1_UBL_INVOICE',
  'IN_DP_E1_CII_16B',
  'IN_DP_E2_UBL_INVOICE_MIN',
  'IN_DP_E2_CII_MIN_16B',
  'IN_DP_E2_CII_FACTURX',
  'IN_DP_E2_PDF_SIGNE',
  'IN_DP_E3_UBL_INVOICE',
  'IN_DP_E3_CII',
];

const etatsBody = z.object({ statutCourant: z.enum(invoiceStatuses, { error: 'statutCourant inconnu.' }) });
const idStructureBody = z.object({ idStructure: z.number().int().positive() });
const siretBody = z.object({ siretStructure: z.string().regex(/^\d{14}$/, 'Le SIRET compte 14 chiffres.') });
const fileBody = z.object({
  pieceJointeFichier: z.string().min(1, 'pieceJointeFichier (base64) est obligatoire.'),
  pieceJointeNom: z.string().min(1, 'pieceJointeNom est obligatoire.').max(200),
  pieceJointeTypeMime: z.string().max(120).default('application/octet-stream'),
  pieceJointeExtension: z.string().max(10).default(''),
});

/** A base64 file of 10 MB, with room for its JSON around it. */
const FILE_BODY_LIMIT = Math.ceil((attachmentLimits.fileMaxBytes * 4) / 3) + 64 * 1024;

export const transversesOperations: CproOperations = (app, ctx) => {
  const list = (path: string, build: () => Record<string, unknown>) =>
    registerCproOperation(app, ctx, { path: `transverses/v1/recuperer/${path}`, handler: async () => build() });

  list('devises', () => ({
    listeDevises: currencies.map((code) => ({ codeDevise: code, libelleDevise: code })),
  }));
  list('pays', () => ({ listePays: countries.map(([code, libelle]) => ({ codePays: code, libellePays: libelle })) }));
  list('tauxtva', () => ({
    listeTauxTva: Object.entries(vatRateCodes).map(([code, rate]) => ({
      codeTauxTva: code,
      libelleTauxTva: `${rate.replace('.', ',')} %`,
      valeurTauxTva: Number(rate),
    })),
  }));
  list('motifs/exonerationtva', () => ({
    listeMotifsExonerationTva: exemptionReasons.map(([code, libelle]) => ({
      codeMotifExonerationTva: code,
      libelleMotifExonerationTva: libelle,
    })),
  }));
  list('modedepot', () => ({ listeModeDepot: depositModes.map((code) => ({ modeDepot: code })) }));
  list('modereglements', () => ({
    listeModePaiement: paymentModes.map((code) => ({
      modePaiement: code,
      libelleModePaiement: paymentModeLabels[code],
    })),
  }));
  list('cadrefacturation', () => ({
    listeCadreFacturation: billingFrameworks.map((code) => ({
      codeCadreFacturation: code,
      libelleCadreFacturation: billingFrameworkLabels[code],
    })),
  }));
  list('typespj', () => ({
    listeTypePieceJointe: attachmentTypes.map(([code, libelle]) => ({
      codeTypePieceJointe: code,
      libelleTypePieceJointe: libelle,
    })),
  }));
  list('syntaxeflux', () => ({ listeSyntaxeFlux: flowSyntaxes.map((code) => ({ codeSyntaxeFlux: code })) }));

  registerCproOperation(app, ctx, {
    path: 'transverses/v1/recuperer/etats/traitement',
    body: etatsBody,
    handler: async ({ body }) => ({
      listeEtatsTraitement: allowedTransitions(body.statutCourant as InvoiceStatus, 'recipient').map((code) => ({
        etat: code,
        libelleEtat: invoiceStatusLabels[code],
      })),
    }),
  });

  registerCproOperation(app, ctx, {
    path: 'transverses/v1/recuperer/coordbanc/valides',
    body: idStructureBody,
    handler: async ({ body, actor }) => {
      const accounts = await listBankAccounts(ctx, actor.userId, body.idStructure);
      return {
        listeCoordonneesBancaires: accounts
          .filter((a) => a.active)
          .map((a) => ({ idCoordonneeBancaire: a.id, nomCoordonneeBancaire: a.holderName, iban: a.iban, bic: a.bic })),
      };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'transverses/v1/rechercher/destinataire',
    body: z.object({
      identifiant: z.string().max(100).default(''),
      raisonSociale: z.string().max(200).default(''),
      estEtat: z.boolean().optional(),
      pageResultatDemandee: z.number().int().optional(),
      nbResultatsParPage: z.number().int().optional(),
    }),
    handler: async ({ body }) => {
      const paging = cproPaging(body);
      const found = await searchDirectory(ctx, {
        q: body.identifiant || body.raisonSociale,
        ...(body.estEtat === undefined ? {} : { state: body.estEtat }),
        page: paging.page,
        pageSize: paging.size,
      });
      return {
        listeDestinataires: found.items.map((s) => ({
          idDestinataire: s.id,
          identifiant: s.identifier,
          typeIdentifiant: s.identifierType,
          raisonSociale: s.name,
          adresseCodePostal: s.postalCode ?? '',
          adresseVille: s.city ?? '',
          codeServiceDoitEtreRenseigne: s.serviceCodeRequired,
          numeroEJDoitEtreRenseigne: s.commitmentRequired,
        })),
        parametresRetour: parametresRetour(paging, found.total),
      };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'transverses/v1/consulter/information/siret',
    body: siretBody,
    handler: async ({ body }) => {
      const found = await lookupStructure(ctx, { identifierType: 'SIRET', identifier: body.siretStructure });
      if (found.status === 'exists')
        return {
          siret: found.structure.identifier,
          raisonSociale: found.structure.companyName,
          estConnuDeChorale: true,
        };
      if (!found.prefill)
        throw new CproError(
          'NO_RESULT',
          found.registryUnavailable
            ? 'Le répertoire des entreprises ne répond pas : réessayez plus tard.'
            : 'Aucune entreprise ne porte ce SIRET.',
        );
      return {
        siret: found.identifier,
        raisonSociale: found.prefill.companyName,
        adresse: found.prefill.address ?? '',
        codePostal: found.prefill.postalCode ?? '',
        ville: found.prefill.city ?? '',
        estConnuDeChorale: false,
      };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'transverses/v1/ajouter/fichier',
    body: fileBody,
    bodyLimit: FILE_BODY_LIMIT,
    handler: async ({ body, actor }) => {
      const bytes = Buffer.from(body.pieceJointeFichier, 'base64');
      if (bytes.length > attachmentLimits.fileMaxBytes)
        throw new CproError('ATTACHMENT_TOO_LARGE', 'Une pièce jointe ne doit pas dépasser 10 Mo.');
      const ext = body.pieceJointeExtension.replace(/^\./, '');
      const name =
        ext && !body.pieceJointeNom.toLowerCase().endsWith(`.${ext.toLowerCase()}`)
          ? `${body.pieceJointeNom}.${ext}`
          : body.pieceJointeNom;
      const fileName = checkUpload(name, bytes);
      const id = await ctx.db.transaction().execute(async (trx) => {
        const sha256 = await storeFile(ctx, trx, bytes);
        const row = await trx
          .insertInto('cpro_files')
          .values({
            technical_account_id: actor.technicalAccountId,
            file_sha256: sha256,
            file_name: fileName,
            mime_type: body.pieceJointeTypeMime,
            size: bytes.length,
            created_at: isoNow(ctx),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      });
      return { pieceJointeId: id };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'utilisateurs/v1/monCompte/recuperer/rattachements',
    handler: async ({ actor }) => {
      const memberships = (await myMemberships(ctx, actor.userId)).filter((m) => m.status === 'VALIDEE');
      const permissions = await myPermissions(ctx, actor.userId);
      const paging = cproPaging(null);
      return {
        listeRattachements: pageOf(memberships, { offset: 0, size: memberships.length }).map((m) => ({
          idStructure: m.structure.id,
          identifiantStructure: m.structure.identifier,
          raisonSociale: m.structure.companyName,
          codeService: m.service?.code ?? '',
          libelleService: m.service?.name ?? '',
          role: m.role === 'MAIN_MANAGER' ? 'GESTIONNAIRE_PRINCIPAL' : 'UTILISATEUR_SIMPLE',
        })),
        listeHabilitations: permissions,
        parametresRetour: parametresRetour(paging, memberships.length),
      };
    },
  });
};
