import { z } from 'zod';
import { ticketActions, ticketObjectTypes } from '@chorale/domain';
import { phoneSchema } from './accounts.ts';
import { requiredMessage as required, requiredText, text } from './text.ts';

/** « Créer un ticket »: « Soumettre » sends it, « Enregistrer » keeps a draft (submit=false). */
export const ticketFormSchema = z.object({
  category: requiredText('Catégorie', 100),
  subcategory: requiredText('Sous-catégorie', 150),
  objectType: z.enum(ticketObjectTypes).nullable().default(null),
  objectNumber: text('Numéro de l’objet', 50).default(''),
  emitterStructureId: z.number({ error: required('Identifiant de l’organisation') }).int(),
  emitterServiceId: z.number().int().nullable().default(null),
  /** SIRET of the recipient organisation, for « M - » subcategories not about an invoice. */
  recipientIdentifier: text('Identifiant de l’organisation destinataire', 20).default(''),
  contactPhone: phoneSchema.optional().default(''),
  title: text('Titre / Résumé', 200).default(''),
  description: text('Description longue', 20_000, { multiline: true }).default(''),
  submit: z.boolean().default(true),
});
export type TicketForm = z.input<typeof ticketFormSchema>;

export const ticketActionSchema = z.object({
  action: z.enum(ticketActions),
  body: text('Message', 20_000, { multiline: true }).default(''),
});

export const ticketListQuerySchema = z.object({
  tab: z.enum(['actions', 'open', 'closed', 'drafts']).default('open'),
  q: text('Recherche', 200).default(''),
  sort: z.enum(['number', 'title', 'openedAt', 'category', 'subcategory', 'status']).default('openedAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
});
