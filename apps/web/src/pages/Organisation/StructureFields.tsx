import { Checkbox, Fieldset, NativeSelect, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { structureKinds } from '@chorale/domain';
import { countries, structureForm, structureKindLabels } from '../../labels-organisation.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyForm = UseFormReturnType<any, any>;

/** Section titles of the form (« Adresse postale », « Options »), as the webinar's screen shows them. */
export const legendStyles = {
  legend: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)', marginBottom: 'var(--mantine-spacing-xs)' },
};

const countryOptions = Object.entries(countries).map(([value, label]) => ({ value, label }));

/** The fields of a structure after its identifier: shared by « Créer » and « Modifier ». */
export function StructureFields({ form, withKind = false }: { form: AnyForm; withKind?: boolean }) {
  return (
    <Stack gap="md">
      {withKind && (
        <NativeSelect
          label={structureForm.kind}
          required
          data={structureKinds.map((kind) => ({ value: kind, label: structureKindLabels[kind] }))}
          {...form.getInputProps('kind')}
        />
      )}
      <TextInput
        label={structureForm.companyName}
        required
        autoComplete="organization"
        {...form.getInputProps('companyName')}
      />
      <TextInput label={structureForm.label} {...form.getInputProps('label')} />
      <TextInput label={structureForm.email} type="email" autoComplete="email" {...form.getInputProps('email')} />
      <TextInput label={structureForm.phone} type="tel" autoComplete="tel" {...form.getInputProps('phone')} />
      <Fieldset legend={structureForm.postal} variant="unstyled" styles={legendStyles}>
        <Stack gap="md">
          <TextInput
            label={structureForm.address}
            required
            autoComplete="address-line1"
            {...form.getInputProps('address')}
          />
          <TextInput
            label={structureForm.addressComplement1}
            autoComplete="address-line2"
            {...form.getInputProps('addressComplement1')}
          />
          <TextInput
            label={structureForm.addressComplement2}
            autoComplete="address-line3"
            {...form.getInputProps('addressComplement2')}
          />
          <TextInput
            label={structureForm.city}
            required
            autoComplete="address-level2"
            {...form.getInputProps('city')}
          />
          <TextInput
            label={structureForm.postalCode}
            required
            autoComplete="postal-code"
            {...form.getInputProps('postalCode')}
          />
          <NativeSelect
            label={structureForm.country}
            required
            data={countryOptions}
            autoComplete="country"
            {...form.getInputProps('countryCode')}
          />
        </Stack>
      </Fieldset>
      <Fieldset legend={structureForm.options} variant="unstyled" styles={legendStyles}>
        <Checkbox
          label={structureForm.nonDiffusible}
          description={structureForm.nonDiffusibleHint}
          {...form.getInputProps('nonDiffusible', { type: 'checkbox' })}
        />
      </Fieldset>
    </Stack>
  );
}
