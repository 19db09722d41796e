import { z } from 'zod';
import { ticketObjectTypes, ticketStatuses } from '@chorale/domain';
import { pageOf } from './account-responses.ts';

/** Answers of the « Support » routes; the portal's API client takes its types from them. */

const id = z.number().int();
export const ticketSideSchema = z.enum(['emitter', 'receiver']);

export const ticketCategoriesSchema = z
  .object({
    categories: z
      .array(
        z.object({
          label: z.string(),
          subcategories: z
            .array(z.object({ label: z.string(), objectType: z.enum(ticketObjectTypes).nullable() }))
            .readonly(),
        }),
      )
      .readonly(),
  })
  .describe('Catégories et sous-catégories de tickets');

export const ticketActivitySchema = z.object({
  id,
  side: ticketSideSchema,
  author: z.string(),
  body: z.string().nullable(),
  statusTo: z.enum(ticketStatuses).nullable(),
  at: z.string(),
});
export type TicketActivity = z.infer<typeof ticketActivitySchema>;

export const ticketAttachmentSchema = z.object({
  id,
  fileName: z.string(),
  size: z.number().int(),
  side: ticketSideSchema,
  addedAt: z.string(),
});
export type TicketAttachment = z.infer<typeof ticketAttachmentSchema>;

/** A ticket as the API shows it to its emitter or to its receiver (`side`). */
export const ticketSchema = z
  .object({
    side: ticketSideSchema,
    id,
    number: z.string().nullable(),
    status: z.enum(ticketStatuses),
    createdAt: z.string(),
    openedAt: z.string().nullable(),
    category: z.string(),
    subcategory: z.string(),
    objectType: z.enum(ticketObjectTypes).nullable(),
    objectNumber: z.string().nullable(),
    invoiceId: id.nullable(),
    title: z.string(),
    description: z.string(),
    emitter: z.object({
      structureId: id,
      identifier: z.string(),
      name: z.string(),
      service: z.object({ code: z.string(), name: z.string() }).nullable(),
      contact: z.string(),
      contactEmail: z.string(),
      contactPhone: z.string(),
    }),
    recipient: z.object({ identifier: z.string(), name: z.string() }).nullable(),
    activities: z.array(ticketActivitySchema),
    attachments: z.array(ticketAttachmentSchema),
  })
  .describe('Le ticket');
export type Ticket = z.infer<typeof ticketSchema>;

export const ticketSummarySchema = z.object({
  id,
  number: z.string().nullable(),
  title: z.string(),
  openedAt: z.string(),
  category: z.string(),
  subcategory: z.string(),
  status: z.enum(ticketStatuses),
});
export type TicketSummary = z.infer<typeof ticketSummarySchema>;

export const ticketPageSchema = pageOf(ticketSummarySchema, 'Une page du tableau des tickets');
export type TicketPage = z.infer<typeof ticketPageSchema>;
