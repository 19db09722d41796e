import { z } from 'zod';
import { invoiceStatuses } from '@chorale/domain';
import { pageOf } from './account-responses.ts';
import { invoiceSummarySchema } from './invoice-responses.ts';
import { optionalText, text } from './text.ts';

/**
 * « Factures émises » follow-up (issue 12, DOMAIN.md §6.3 and §7): the Synthèse worklist, the
 * returned invoices (« A recycler », « Rejetée ») and the « Instructeur » code.
 */

/** « A recycler »: only the recipient's SIRET, its service code and the commitment number change. */
export const recycleInvoiceSchema = z.object({
  recipientIsState: z.boolean().default(false),
  recipientIdentifier: text('Identifiant du destinataire', 20).default(''),
  recipientServiceCode: optionalText('Service', 100),
  commitmentNumber: optionalText('Numéro d’engagement', 100),
  comment: optionalText('Commentaire', 2000, { multiline: true }),
});
export type RecycleInvoiceInput = z.input<typeof recycleInvoiceSchema>;

/** « Traiter le rejet »: an optional word for the history. */
export const treatRejectionSchema = z.object({
  comment: optionalText('Commentaire', 2000, { multiline: true }),
});

/** « Instructeur : Saisir un code ». */
export const invoiceInstructorSchema = z.object({
  instructor: optionalText('Instructeur', 60),
});

export const invoiceInstructorAnswerSchema = z
  .object({ instructor: z.string() })
  .describe('L’instructeur noté sur la facture (vide : aucun)');

export const worklistQuerySchema = z.object({
  structureId: z.coerce.number().int().positive().optional(),
  serviceId: z.coerce.number().int().positive().optional(),
  hideOldRejected: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  instructor: text('Instructeur', 60).default(''),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export const worklistItemSchema = invoiceSummarySchema.extend({
  instructor: z.string(),
  supplierStructureId: z.number().int(),
  recipientStructureId: z.number().int().nullable(),
});
export type WorklistItem = z.infer<typeof worklistItemSchema>;

const worklistDescription = 'Les factures à traiter (« Synthèse »)';
export const worklistSchema = pageOf(worklistItemSchema, worklistDescription)
  .extend({
    totalCapped: z
      .boolean()
      .describe(
        'Vrai quand il y a plus de `total` factures : le compte s’arrête à 1 000, ou à la fin de la page demandée ' +
          'et une de plus (il y a donc une page suivante).',
      ),
  })
  .describe(worklistDescription);
export type Worklist = z.infer<typeof worklistSchema>;

/** Shown at sign-in: the rejected and suspended invoices the supplier has not handled yet. */
export const pendingReturnsSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.number().int(),
        number: z.string(),
        status: z.enum(invoiceStatuses),
        statusAt: z.string(),
        recipientName: z.string(),
        reason: z.string(),
      }),
    ),
  })
  .describe('Les factures rejetées ou suspendues qui attendent le fournisseur');
export type PendingReturns = z.infer<typeof pendingReturnsSchema>;

/** « Factures à traiter » of Factures reçues: one new state for the ticked invoices. */
export const bulkStatusChangeSchema = z.object({
  ids: z
    .array(z.number().int().positive(), { error: 'Cochez les factures à traiter.' })
    .min(1, 'Cochez au moins une facture.')
    .max(100, 'Traitez au plus 100 factures à la fois.'),
  status: z.enum(invoiceStatuses, { error: 'Choisissez le nouvel état.' }),
  reason: optionalText('Motif', 2000, { multiline: true }),
});
export type BulkStatusChangeInput = z.input<typeof bulkStatusChangeSchema>;

export const bulkStatusChangeAnswerSchema = z
  .object({
    results: z.array(
      z.object({
        id: z.number().int(),
        number: z.string(),
        ok: z.boolean(),
        /** The invoice's state now (the new one, or the one it kept). */
        status: z.enum(invoiceStatuses),
        /** Why it kept its state (empty when it moved). */
        message: z.string(),
      }),
    ),
  })
  .describe('Le résultat pour chaque facture cochée');
export type BulkStatusChangeAnswer = z.infer<typeof bulkStatusChangeAnswerSchema>;

/** « Télécharger » the ticked invoices of « Rechercher »: their ids, comma-separated. */
export const invoiceIdsQuerySchema = z.object({
  ids: text('Factures', 1200, { required: true })
    .transform((v) => v.split(',').map((s) => Number(s.trim())))
    // Row ids are PostgreSQL integers: a larger number names no invoice (and must not reach the database).
    .refine(
      (ids) => ids.every((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647),
      'Identifiant de facture invalide.',
    )
    .refine((ids) => ids.length <= 100, 'Téléchargez au plus 100 factures à la fois.')
    .describe('Les identifiants des factures, séparés par des virgules (100 au plus)'),
});
