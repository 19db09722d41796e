import { z } from 'zod';
import { ticketObjectTypes } from '@chorale/domain';
import { phoneSchema } from './accounts.ts';

const required = (label: string) => `Le champ « ${label} » est obligatoire.`;

/** « Créer un ticket »: « Soumettre » sends it, « Enregistrer » keeps a draft (submit=false). */
export const ticketFormSchema = z.object({
  category: z
    .string({ error: required('Catégorie') })
    .min(1, required('Catégorie'))
    .max(100),
  subcategory: z
    .string({ error: required('Sous-catégorie') })
    .min(1, required('Sous-catégorie'))
    .max(150),
  objectType: z.enum(ticketObjectTypes).nullable().default(null),
  objectNumber: z.string().trim().max(50).default(''),
  emitterStructureId: z.number({ error: required("Identifiant de l'organisation") }).int(),
  emitterServiceId: z.number().int().nullable().default(null),
  /** SIRET of the recipient organisation, for « M - » subcategories not about an invoice. */
  recipientIdentifier: z.string().trim().max(20).default(''),
  contactPhone: phoneSchema.optional().default(''),
  title: z.string().trim().max(200, '« Titre / Résumé » ne doit pas dépasser 200 caractères.').default(''),
  description: z
    .string()
    .trim()
    .max(20_000, '« Description longue » ne doit pas dépasser 20 000 caractères.')
    .default(''),
  submit: z.boolean().default(true),
});
export type TicketForm = z.input<typeof ticketFormSchema>;

export const ticketActionSchema = z.object({
  action: z.enum(['comment', 'ask-information', 'resolve', 'answer', 'close', 'accept', 'reopen']),
  body: z.string().trim().max(20_000).default(''),
});

export const ticketListQuerySchema = z.object({
  tab: z.enum(['actions', 'open', 'closed', 'drafts']).default('open'),
  q: z.string().trim().max(200).default(''),
  sort: z.enum(['number', 'title', 'openedAt', 'category', 'subcategory', 'status']).default('openedAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
});
