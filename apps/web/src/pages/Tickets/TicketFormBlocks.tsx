import { NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { findSubcategory, isBusinessSubcategory, ticketCategories, ticketObjectTypes } from '@chorale/domain';
import { orgKeys, structuresApi } from '../../api-client/organisation.ts';
import { form as labels, ticketObjectTypeLabels } from '../../labels-support.ts';
import { asksRecipient, type TicketFormApi } from './ticket-form.ts';

export interface EmitterStructure {
  id: number;
  identifier: string;
  companyName: string;
}

/** « Informations générales »: category, subcategory, and the object some subcategories are about. */
export function GeneralBlock({ form }: { form: TicketFormApi }) {
  const g = labels.general;
  const { category, subcategory } = form.getValues();
  const subcategories = ticketCategories.find((c) => c.label === category)?.subcategories ?? [];
  const sub = findSubcategory(category, subcategory);
  return (
    <Stack gap="sm">
      <NativeSelect
        label={g.category}
        required
        data={[{ value: '', label: g.choose }, ...ticketCategories.map((c) => ({ value: c.label, label: c.label }))]}
        {...form.getInputProps('category')}
        onChange={(e) => {
          form.setFieldValue('category', e.currentTarget.value);
          form.setFieldValue('subcategory', '');
        }}
      />
      <NativeSelect
        label={g.subcategory}
        required
        description={g.businessHint}
        disabled={!category}
        data={[
          { value: '', label: category ? g.choose : g.chooseCategoryFirst },
          ...subcategories.map((s) => ({ value: s.label, label: s.label })),
        ]}
        {...form.getInputProps('subcategory')}
        onChange={(e) => {
          const value = e.currentTarget.value;
          form.setFieldValue('subcategory', value);
          const chosen = findSubcategory(category, value);
          if (chosen?.objectType) form.setFieldValue('objectType', chosen.objectType);
        }}
      />
      {sub?.objectType && (
        <Text size="sm" c="dimmed">
          {g.objectHint}
        </Text>
      )}
      <NativeSelect
        label={g.objectType}
        required={Boolean(sub?.objectType)}
        data={[
          { value: '', label: g.noObject },
          ...ticketObjectTypes.map((t) => ({ value: t, label: ticketObjectTypeLabels[t] })),
        ]}
        {...form.getInputProps('objectType')}
      />
      <TextInput label={g.objectNumber} required={Boolean(sub?.objectType)} {...form.getInputProps('objectNumber')} />
    </Stack>
  );
}

/** Shown for « M - » subcategories: filled from the invoice, or the entity's SIRET. */
export function RecipientBlock({ form }: { form: TicketFormApi }) {
  const values = form.getValues();
  if (!isBusinessSubcategory(values.subcategory)) return null;
  if (!asksRecipient(values)) return <Text size="sm">{labels.recipient.fromInvoice}</Text>;
  return (
    <TextInput
      label={labels.recipient.identifier}
      description={labels.recipient.identifierHint}
      required
      inputMode="numeric"
      autoComplete="off"
      {...form.getInputProps('recipientIdentifier')}
    />
  );
}

/** « Émetteur »: the organisation chosen fills « Désignation »; the contact is the signed-in user. */
export function EmitterBlock({
  form,
  structures,
  contactEmail,
}: {
  form: TicketFormApi;
  structures: EmitterStructure[];
  contactEmail: string;
}) {
  const e = labels.emitter;
  const { emitterStructureId, emitterServiceId } = form.getValues();
  const structureId = Number(emitterStructureId) || 0;
  const services = useQuery({
    queryKey: orgKeys.services(structureId),
    queryFn: () => structuresApi.services(structureId),
    enabled: structureId > 0,
    retry: false,
  });
  const chosen = structures.find((s) => s.id === structureId);
  const serviceOptions = (services.data?.items ?? [])
    .filter((s) => s.active || String(s.id) === emitterServiceId)
    .map((s) => ({ value: String(s.id), label: `${s.code} – ${s.name}` }));
  return (
    <Stack gap="sm">
      <NativeSelect
        label={e.structure}
        required
        data={[
          { value: '', label: e.chooseStructure },
          ...structures.map((s) => ({ value: String(s.id), label: s.identifier })),
        ]}
        {...form.getInputProps('emitterStructureId')}
        onChange={(event) => {
          form.setFieldValue('emitterStructureId', event.currentTarget.value);
          form.setFieldValue('emitterServiceId', '');
        }}
      />
      <TextInput label={e.designation} readOnly variant="filled" value={chosen?.companyName ?? ''} />
      <TextInput label={e.email} readOnly variant="filled" value={contactEmail} />
      <NativeSelect
        label={e.service}
        data={[{ value: '', label: e.noService }, ...serviceOptions]}
        {...form.getInputProps('emitterServiceId')}
      />
      <TextInput label={e.phone} type="tel" autoComplete="tel" {...form.getInputProps('contactPhone')} />
    </Stack>
  );
}

/** « Problème rencontré »: a title and the detailed description. */
export function ProblemBlock({ form }: { form: TicketFormApi }) {
  return (
    <Stack gap="sm">
      <TextInput label={labels.problem.titleField} required maxLength={200} {...form.getInputProps('title')} />
      <Textarea
        label={labels.problem.description}
        required
        autosize
        minRows={5}
        {...form.getInputProps('description')}
      />
    </Stack>
  );
}
