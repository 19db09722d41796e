import type { UseFormReturnType } from '@mantine/form';
import { ticketFormSchema, type TicketForm } from '@chorale/contracts';
import { findSubcategory, isBusinessSubcategory, ticketCategories, type TicketObjectType } from '@chorale/domain';
import type { Ticket } from '../../api-client/tickets.ts';
import { form as labels } from '../../labels-support.ts';

/** « Créer un ticket » as typed: selects hold strings, converted to the API's body on sending. */
export interface TicketValues {
  category: string;
  subcategory: string;
  objectType: TicketObjectType | '';
  objectNumber: string;
  recipientIdentifier: string;
  emitterStructureId: string;
  emitterServiceId: string;
  contactPhone: string;
  title: string;
  description: string;
}
export type TicketFormApi = UseFormReturnType<TicketValues>;

export function emptyTicket(structureId: number | null, phone: string): TicketValues {
  return {
    category: '',
    subcategory: '',
    objectType: '',
    objectNumber: '',
    recipientIdentifier: '',
    emitterStructureId: structureId ? String(structureId) : '',
    emitterServiceId: '',
    contactPhone: phone,
    title: '',
    description: '',
  };
}

/** `?objet=FACTURE&numero=…` from an invoice page: the question for the invoice's recipient. */
export function prefillFromQuery(values: TicketValues, params: URLSearchParams): TicketValues {
  const objectType = params.get('objet');
  const number = params.get('numero') ?? '';
  if (objectType !== 'FACTURE') return values;
  const category = ticketCategories.find((c) => c.subcategories.some((s) => s.objectType === 'FACTURE'));
  const sub = category?.subcategories.find((s) => s.objectType === 'FACTURE');
  return {
    ...values,
    category: category?.label ?? '',
    subcategory: sub?.label ?? '',
    objectType: 'FACTURE',
    objectNumber: number.slice(0, 50),
  };
}

/** A draft back in the form; its service is found again by code among the structure's services. */
export function valuesFromTicket(t: Ticket, serviceId: number | null): TicketValues {
  return {
    category: t.category,
    subcategory: t.subcategory,
    objectType: t.objectType ?? '',
    objectNumber: t.objectNumber ?? '',
    recipientIdentifier: t.recipient?.identifier ?? '',
    emitterStructureId: String(t.emitter.structureId),
    emitterServiceId: serviceId ? String(serviceId) : '',
    contactPhone: t.emitter.contactPhone,
    title: t.title,
    description: t.description,
  };
}

/** Whether the « Organisation destinataire » block asks for a SIRET (not filled from an invoice). */
export const asksRecipient = (v: TicketValues) => isBusinessSubcategory(v.subcategory) && v.objectType !== 'FACTURE';

export function toTicketForm(v: TicketValues, submit: boolean): TicketForm {
  return {
    category: v.category,
    subcategory: v.subcategory,
    objectType: v.objectType || null,
    objectNumber: v.objectNumber,
    // An empty « Identifiant de l'organisation » is left out so that the schema says what to choose.
    emitterStructureId: (v.emitterStructureId ? Number(v.emitterStructureId) : undefined) as number,
    emitterServiceId: v.emitterServiceId ? Number(v.emitterServiceId) : null,
    recipientIdentifier: asksRecipient(v) ? v.recipientIdentifier.replace(/\s/g, '') : '',
    contactPhone: v.contactPhone,
    title: v.title,
    description: v.description,
    submit,
  };
}

/** The contracts' schema, plus what « Soumettre » needs beyond a draft (as the API checks it). */
export function validateTicket(v: TicketValues, submit: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  const parsed = ticketFormSchema.safeParse(toTicketForm(v, submit));
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (key && !errors[key]) errors[key] = issue.message;
    }
  const sub = findSubcategory(v.category, v.subcategory);
  const g = labels.general;
  if (sub?.objectType) {
    if (!v.objectType) errors.objectType ??= labels.requiredField(g.objectType);
    if (!v.objectNumber.trim()) errors.objectNumber ??= labels.requiredField(g.objectNumber);
  }
  if (submit) {
    if (asksRecipient(v) && !v.recipientIdentifier.trim())
      errors.recipientIdentifier ??= labels.requiredField(labels.recipient.identifier);
    if (!v.title.trim()) errors.title ??= labels.requiredField(labels.problem.titleField);
    if (!v.description.trim()) errors.description ??= labels.requiredField(labels.problem.description);
  }
  return errors;
}
